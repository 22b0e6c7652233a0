//! Feature modules, one folder each: `views` are routed pages, `components` their parts.

pub mod account;
pub mod agents;
pub mod analyzers;
pub mod auth;
pub mod calls;
pub mod contacts;
pub mod dashboard;
pub mod dialpad;
pub mod layout;
pub mod mail;
pub mod phones;
pub mod reporting;
pub mod settings;
pub mod team;
pub mod telephony;
pub mod todos;
