//! Calls: the list, one call's transcription and analysis, reruns, the recording.

use loquent_shared::{CallDetails, CallPage, RerunAccepted};
use uuid::Uuid;

use super::{ApiResult, query_string, routes};

/// Which calls to list: a page after `cursor`, within `[from, to)` (RFC 3339), on one number,
/// with one contact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallQuery {
    pub cursor: Option<String>,
    pub limit: Option<u32>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub phone_number_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
}

/// `GET /api/calls`: newest first.
pub async fn list(query: &CallQuery) -> ApiResult<CallPage> {
    let limit = query.limit.map(|n| n.to_string());
    let phone = query.phone_number_id.map(|id| id.to_string());
    let contact = query.contact_id.map(|id| id.to_string());
    let params = query_string(&[
        ("cursor", query.cursor.as_deref()),
        ("limit", limit.as_deref()),
        ("from", query.from.as_deref()),
        ("to", query.to.as_deref()),
        ("phone_number_id", phone.as_deref()),
        ("contact_id", contact.as_deref()),
    ]);
    super::fetch(routes::LIST_CALLS.at(&[]).query(&params)).await
}

/// `GET /api/calls/{id}`: the call, its transcription and every analyzer's runs.
pub async fn get(id: Uuid) -> ApiResult<CallDetails> {
    super::fetch(routes::GET_CALL.at(&[&id])).await
}

/// `POST /api/calls/{id}/rerun`: queues the call's analyzers again (202); 409
/// `no_transcription` when there is nothing to analyze yet.
pub async fn rerun(id: Uuid) -> ApiResult<RerunAccepted> {
    super::fetch(routes::RERUN_CALL_ANALYSIS.at(&[&id])).await
}

/// `GET /api/calls/{id}/recording`: audio/mpeg with byte ranges, for an `<audio>` element's
/// `src` (same-origin, so the session cookie goes along).
pub fn recording_url(id: Uuid) -> String {
    routes::GET_CALL_RECORDING.path(&[&id])
}
