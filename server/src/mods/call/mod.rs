//! Calls: the row a live call keeps ([`begin`], [`finish`]; the media stream calls them), the
//! list and details staff read, their recordings, and the post-call pipeline (download → store
//! → transcribe, per party when each has its own channel → enrich the contact, run the
//! analyzers, find the to-dos, report the call), what a window's calls add up to ([`totals`],
//! for the daily digest and the dashboard) and how they fall on the organization's calendar
//! ([`calendar`], for the dashboard).
//! Only this module writes `call` and `call_analysis_run` rows.

pub mod analyze;
pub mod calendar;
pub mod error;
pub mod get;
pub mod list;
pub mod live;
pub mod pipeline;
pub mod processing;
pub mod queries;
pub mod recording;
pub mod recording_files;
pub mod recording_format;
pub mod rerun;
pub mod totals;
pub mod transcript;

pub use error::{CallError, TranscriptError};
pub use live::{Seen, begin, begin_outbound, finish, finish_dialed, seen};

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_calls)
        .service(get::get_call)
        .service(rerun::rerun_call_analysis)
        .service(recording::get_call_recording);
}
