//! Reporting by email: Settings → Reporting says who receives reports (members, other
//! addresses) and which: a report after each call ([`call_report`], enqueued by the post-call
//! pipeline, sent once the call's analysis and to-dos are ready) and a digest of each day
//! ([`digest`], enqueued by [`schedule`] at the organization's hour, in its time zone).
//!
//! Each report is sent once: the messages are queued in the same transaction that records the
//! report in `report_sent`, so a job run again finds it sent. Only this module writes
//! `report_settings` and `report_sent` rows.

pub mod call_report;
pub mod call_report_mail;
pub mod clock;
pub mod digest;
pub mod digest_mail;
pub mod error;
pub mod format;
pub mod queries;
pub mod recipients;
pub mod schedule;
pub mod send;
pub mod settings_get;
pub mod settings_put;

pub use error::ReportError;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(settings_get::get_report_settings).service(settings_put::put_report_settings);
}
