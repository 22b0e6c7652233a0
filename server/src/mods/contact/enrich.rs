//! `enrich_contact`: after a call, name an unnamed caller from what they said.

use diesel_async::AsyncConnection;
use loquent_shared::validation::{MAX_NAME_LEN, validate_email};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::error::ContactError;
use super::items::{self, Item, ItemList};
use super::queries;
use crate::mods::call::queries as calls;
use crate::state::AppState;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrichContact {
    pub call_id: Uuid,
}

#[derive(Debug, Deserialize)]
struct Extracted {
    first_name: String,
    last_name: String,
    email: Option<String>,
}

const SYSTEM: &str = "You read transcripts of phone calls to a business and extract who the \
caller is. Give the caller's first and last name only if the caller clearly stated them (not the \
business's staff or agent); otherwise empty strings. Give the caller's email address only if \
they spelled or stated one; otherwise null. Never guess. When lines are labelled, the caller is \
the one on `Contact:` (or `Caller:`) lines, whether they called or were called; `Staff:` and \
`Agent:` lines are the business's.";

/// Skips without a contact or transcription, and when the contact already has a name (staff's
/// or an earlier call's names are never overwritten).
pub async fn enrich_contact(state: &AppState, job: EnrichContact) -> anyhow::Result<()> {
    let mut conn = state.pool.get().await?;
    let Some(call) = calls::find_for_job(&mut conn, job.call_id).await? else { return Ok(()) };
    let (Some(contact_id), Some(transcript)) = (call.contact_id, call.transcription.clone()) else {
        tracing::debug!(call_id = %call.id, "no contact or transcription: nothing to enrich");
        return Ok(());
    };
    let contact = queries::find_row(&mut conn, call.organization_id, contact_id).await?;
    if !contact.first_name.trim().is_empty() || !contact.last_name.trim().is_empty() {
        tracing::debug!(%contact_id, "contact already named; not enriching");
        return Ok(());
    }
    let schema = json!({
        "type": "object",
        "properties": {
            "first_name": {"type": "string", "description": "The caller's first name, or empty"},
            "last_name": {"type": "string", "description": "The caller's last name, or empty"},
            "email": {"type": ["string", "null"], "description": "The caller's email address, or null"}
        },
        "required": ["first_name", "last_name", "email"],
        "additionalProperties": false
    });
    let value = state
        .llm
        .complete_json(
            &state.config.analysis_model,
            SYSTEM,
            &format!("Transcript:\n{transcript}"),
            "caller_identity",
            schema,
        )
        .await?;
    let extracted: Extracted = serde_json::from_value(value)?;
    let clean = |s: &str| -> String {
        s.trim().chars().filter(|c| !c.is_control()).take(MAX_NAME_LEN).collect()
    };
    let (first, last) = (clean(&extracted.first_name), clean(&extracted.last_name));
    let email = extracted
        .email
        .map(|e| e.trim().to_lowercase())
        .filter(|e| validate_email("email", e).is_ok());
    let org = call.organization_id;
    conn.transaction::<_, ContactError, _>(async move |conn| {
        if !first.is_empty() || !last.is_empty() {
            queries::rename(conn, org, contact_id, &first, &last).await?;
        }
        if let Some(email) = email
            && !items::contains(conn, ItemList::Emails, contact_id, Some(&email)).await?
        {
            let item = Item { value: email, label: String::new(), preferred: true };
            items::add(conn, ItemList::Emails, org, contact_id, item).await?;
        }
        Ok(())
    })
    .await?;
    tracing::info!(%contact_id, "contact enriched from the call");
    Ok(())
}
