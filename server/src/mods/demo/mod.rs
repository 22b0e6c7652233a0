//! The demo workspace: a month in the life of a dental clinic on Loquent, seeded into the demo
//! organization by `loquent seed-demo` (so `./dev run` shows the whole product on first run),
//! and cleared by owners and admins with `DELETE /api/demo-data`.
//!
//! The month: the clinic's profile (description, address, opening hours…), a receptionist
//! agent on two numbers, three analyzers, forty patients, 300 calls over the last 30 days
//! (mostly in opening hours) with transcripts and analysis, the to-dos they left in every
//! state, five calls with a synthesized recording, and the reports and
//! emails in the outbox. This module owns no table: every row goes in (and out) through the
//! module that owns its table, with ids derived from the organization ([`ids`]) so that
//! clearing finds exactly what seeding made.

pub mod analysis;
pub mod calendar;
pub mod calls;
pub mod clear;
pub mod command;
pub mod contacts;
pub mod delete;
pub mod error;
pub mod ids;
pub mod mail;
pub mod people;
pub mod profile;
pub mod recordings;
pub mod rng;
pub mod scripts;
pub mod seed;
pub mod setup;
pub mod todos;
pub mod voice;

pub use error::DemoError;
pub use seed::{Seeded, Summary, seed};

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(delete::delete_demo_data);
}
