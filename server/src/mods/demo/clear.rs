//! Clearing the demo workspace: exactly the rows seeding made, found by the ids seeding derived
//! ([`ids`]), deleted in one transaction through the modules that own them, and the
//! organization marked as cleared (the banner goes, and the seed command won't seed it again).
//! Whatever staff added themselves stays: a contact they created, a call that came in, a number
//! they bought. Their rows that pointed at demo rows lose the link, as when staff delete one.
//! The recordings go from the store once the rows are gone.

use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use super::error::DemoError;
use super::ids::{self, Kind};
use super::people;
use crate::mods::call::recording_files;
use crate::mods::{agent, analyzer, call, contact, mail, organization, phone, todo};
use crate::storage::RecordingStore;

/// What clearing deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleared {
    pub todos: usize,
    pub messages: usize,
    pub calls: usize,
    pub contacts: usize,
    pub numbers: usize,
    pub analyzers: usize,
    pub agents: usize,
    /// Recording and transcript files that couldn't be removed (logged; only space is lost).
    pub files_left: usize,
}

/// Clears the organization's demo data; `None` when it holds none (nothing changes then).
pub async fn clear(
    conn: &mut AsyncPgConnection,
    store: &RecordingStore,
    organization_id: Uuid,
) -> Result<Option<Cleared>, DemoError> {
    let org = organization_id;
    let all = |kind| ids::all(org, kind);
    let deleted = conn
        .transaction::<_, DemoError, _>(async |conn| {
            let row = organization::queries::find_for_update(conn, org).await?;
            if row.demo_data_seeded_at.is_none() {
                return Ok(None);
            }
            // Rows pointing at others first: to-dos and messages, then calls (with their
            // analysis runs), then what calls point at.
            let todos = todo::queries::delete_many(conn, org, &all(Kind::Todo)).await?;
            let mut messages = 0;
            for kind in [Kind::CallReport, Kind::TodoMail, Kind::Digest] {
                messages += mail::queries::delete_many(conn, org, &all(kind)).await?;
            }
            // And what Loquent emailed the made-up callers since (the to-do approved as the
            // month was seeded sends its email once the server runs).
            let addresses: Vec<String> =
                people::all().into_iter().filter_map(|p| p.email).collect();
            messages += mail::queries::delete_to(conn, org, &addresses).await?;
            let calls = call::queries::delete_many(conn, org, &all(Kind::Call)).await?;
            let cleared = Cleared {
                todos,
                messages,
                calls: calls.len(),
                contacts: contact::queries::delete_many(conn, org, &all(Kind::Contact)).await?,
                numbers: phone::queries::delete_many(conn, org, &all(Kind::Phone)).await?,
                analyzers: analyzer::queries::delete_many(conn, org, &all(Kind::Analyzer)).await?,
                agents: agent::queries::delete_many(conn, org, &all(Kind::Agent)).await?,
                files_left: 0,
            };
            organization::queries::set_demo_data_cleared(conn, org, Utc::now()).await?;
            Ok(Some((cleared, calls)))
        })
        .await?;
    let Some((cleared, calls)) = deleted else { return Ok(None) };
    let files_left = recording_files::remove(store, &calls).await;
    let cleared = Cleared { files_left, ..cleared };
    tracing::info!(org_id = %org, ?cleared, "demo data cleared");
    Ok(Some(cleared))
}
