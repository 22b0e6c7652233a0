//! Feature modules, one folder each. Every module's `configure` mounts its `/api` handlers
//! through utoipa-actix-web, so the OpenAPI spec is built from the very router that serves.

pub mod account;
pub mod agent;
pub mod analyzer;
pub mod api_key;
pub mod auth;
pub mod call;
pub mod contact;
pub mod dashboard;
pub mod demo;
pub mod mail;
pub mod organization;
pub mod phone;
pub mod report;
pub mod team;
pub mod todo;
pub mod twilio;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts every module's `/api` handlers (paths relative to `/api`).
pub fn configure_api(cfg: &mut ServiceConfig) {
    auth::configure(cfg);
    organization::configure(cfg);
    team::configure(cfg);
    account::configure(cfg);
    api_key::configure(cfg);
    phone::configure(cfg);
    twilio::configure(cfg);
    agent::configure(cfg);
    analyzer::configure(cfg);
    contact::configure(cfg);
    call::configure(cfg);
    mail::configure(cfg);
    todo::configure(cfg);
    report::configure(cfg);
    demo::configure(cfg);
    dashboard::configure(cfg);
}

/// Mounts Twilio's webhooks (paths relative to `/twilio`; not part of the public API spec).
pub fn configure_twilio(cfg: &mut actix_web::web::ServiceConfig) {
    twilio::webhooks::configure(cfg);
}
