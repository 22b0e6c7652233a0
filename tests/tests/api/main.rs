//! One integration binary (one link step) for every API test; files mirror the URLs.

mod account;
mod agents;
mod analyzers;
mod api_keys;
mod auth;
mod calls;
mod contacts;
mod dashboard;
mod demo;
mod enrichment;
mod errors;
mod health;
mod jobs;
mod mail;
mod me;
mod migrations;
mod openapi;
mod organization;
mod phones;
mod processing;
mod reports;
mod secrets_in_logs;
mod spa;
mod team;
mod todos;
pub mod twilio;
