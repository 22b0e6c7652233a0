//! One integration binary (one link step) for every API test; files mirror the URLs.

mod agents;
mod analyzers;
mod api_keys;
mod auth;
mod errors;
mod health;
mod me;
mod migrations;
mod openapi;
mod phones;
mod spa;
pub mod twilio;
