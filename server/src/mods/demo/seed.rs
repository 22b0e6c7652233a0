//! Seeding the demo workspace: a month of a dental clinic's calls, and everything Loquent makes
//! of them, in an organization that is still empty. Idempotent: an organization seeded once is
//! left as it is, and so is one whose demo data staff cleared, or one with data of its own.
//!
//! Planning is pure and draws from fixed random streams, so every run seeds the same month,
//! placed relative to now in the organization's time zone. The recordings are written first
//! (files can't join a transaction; see [`recordings`]), then every row in one transaction
//! through the modules that own the tables, and the organization marked as holding demo data.

use std::time::{Duration as Elapsed, Instant};

use chrono::{Duration, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use loquent_shared::TodoStatus;
use uuid::Uuid;

use super::error::DemoError;
use super::ids::{self, CALLS};
use super::mail::{self, Kept};
use super::rng::Rng;
use super::{analysis, calendar, calls, contacts, people, profile, recordings, setup, todos};
use crate::config::Config;
use crate::db::Pool;
use crate::mods::organization::{self, OrganizationRow};
use crate::mods::report::{self, clock};
use crate::mods::team::{self, MemberRow};
use crate::mods::{agent, analyzer, call, contact, phone, todo};
use crate::storage::RecordingStore;

/// The random stream the calls' times draw from.
const SCHEDULE_STREAM: u64 = 1;

/// What seeding did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seeded {
    /// The month is in the organization.
    Month(Summary),
    /// The organization holds the demo data already: nothing changed.
    AlreadySeeded,
    /// Staff cleared the demo data: it isn't brought back.
    Cleared,
    /// The organization has agents, numbers, analyzers, contacts, calls or to-dos of its own:
    /// sample data would be mixed into them, so nothing is seeded.
    HasData,
}

/// How many rows of each kind the month holds, and how long seeding took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub agents: usize,
    pub analyzers: usize,
    pub numbers: usize,
    pub contacts: usize,
    pub calls: usize,
    pub answered: usize,
    pub analysis_runs: usize,
    pub todos: usize,
    pub recordings: usize,
    pub mail: Kept,
    pub elapsed: Elapsed,
}

/// Seeds the organization's month, unless [`Seeded`] says why not.
pub async fn seed(
    pool: &Pool,
    store: &RecordingStore,
    config: &Config,
    organization_id: Uuid,
) -> Result<Seeded, DemoError> {
    let started = Instant::now();
    let mut conn = pool.get().await?;
    let org = organization::queries::find(&mut conn, organization_id).await?;
    if let Some(skipped) = skip(&mut conn, &org).await? {
        return Ok(skipped);
    }

    let now = Utc::now();
    let clock_error = || DemoError::Clock(org.timezone.clone());
    let local_now = clock::local_times(&mut conn, &[(now, org.timezone.as_str())])
        .await?
        .pop()
        .ok_or_else(clock_error)?;
    let local_starts = calendar::schedule(&mut Rng::new(SCHEDULE_STREAM), local_now, CALLS);
    let starts = clock::instants(&mut conn, &org.timezone, &local_starts).await?;
    if starts.len() != local_starts.len() {
        return Err(clock_error());
    }
    let people = people::all();
    let mut calls = calls::plan(org.id, &org.name, &people, &starts);
    let todos = todos::plan(org.id, &calls, &people, now);
    let recorded = recordings::store(store, &mut calls).await?;
    // The clinic was set up a few days before the month's first call.
    let set_up_at = now - Duration::days(calendar::DAYS + 3);

    let (people, calls, todos) = (&people, &calls, &todos);
    let outcome = conn
        .transaction::<_, DemoError, _>(async |conn| {
            let org = organization::queries::find_for_update(conn, organization_id).await?;
            if let Some(skipped) = skip(conn, &org).await? {
                return Ok(skipped);
            }
            profile::fill(conn, &org).await?;
            let owner = owner(conn, org.id).await?;
            let setup = setup::insert(conn, org.id, &org.name, set_up_at).await?;
            let contact_ids = contacts::insert(conn, org.id, people, calls, set_up_at).await?;
            calls::insert(conn, org.id, &setup, &contact_ids, people, calls).await?;
            let analysis_runs = analysis::insert(conn, org.id, &setup, calls).await?;
            let assignee = owner.as_ref().map(|o| o.id);
            todos::insert(conn, org.id, todos, calls, &contact_ids, assignee).await?;
            // The to-do approved a moment ago has its email on the way: the same job as after a
            // click sends it (into the outbox) a couple of minutes after seeding, so the month
            // starts with a to-do in progress, and it doesn't stay there.
            let soon = Some(now + Duration::minutes(2));
            for todo in todos.iter().filter(|t| t.status == TodoStatus::InProgress) {
                todo::action::enqueue_at(conn, todo.id, todo.approvals, soon).await?;
            }
            // Reports on, to the owner, as a clinic would have them (unless chosen already).
            if let Some(owner) = &owner {
                let settings = report::queries::NewSettings {
                    member_ids: &[owner.id],
                    emails: &[],
                    call_reports: true,
                    daily_digest: true,
                    digest_hour: loquent_shared::report::DEFAULT_DIGEST_HOUR,
                };
                report::queries::save_unless_set(conn, org.id, settings).await?;
            }
            let mail = match &owner {
                Some(owner) => {
                    let (config, email) = (config, owner.email.as_str());
                    mail::insert(conn, config, &org, email, calls, todos, people, local_now).await?
                }
                None => Kept::default(),
            };
            organization::queries::set_demo_data_seeded(conn, org.id, now).await?;
            Ok(Seeded::Month(Summary {
                agents: ids::AGENTS,
                analyzers: setup.analyzers.len(),
                numbers: setup.numbers.len(),
                contacts: contact_ids.len(),
                calls: calls.len(),
                answered: calls.iter().filter(|c| c.answered()).count(),
                analysis_runs,
                todos: todos.len(),
                recordings: recorded,
                mail,
                elapsed: Elapsed::ZERO,
            }))
        })
        .await?;
    Ok(match outcome {
        Seeded::Month(summary) => {
            let summary = Summary { elapsed: started.elapsed(), ..summary };
            tracing::info!(org_id = %organization_id, ?summary, "demo month seeded");
            Seeded::Month(summary)
        }
        other => other,
    })
}

/// Why the organization isn't seeded, if it isn't.
async fn skip(
    conn: &mut AsyncPgConnection,
    org: &OrganizationRow,
) -> Result<Option<Seeded>, DemoError> {
    if org.demo_data_seeded_at.is_some() {
        return Ok(Some(Seeded::AlreadySeeded));
    }
    if org.demo_data_cleared_at.is_some() {
        return Ok(Some(Seeded::Cleared));
    }
    let id = org.id;
    let has_data = agent::queries::any(conn, id).await?
        || analyzer::queries::any(conn, id).await?
        || phone::queries::any(conn, id).await?
        || contact::queries::any(conn, id).await?
        || call::queries::any(conn, id).await?
        || todo::queries::any(conn, id).await?;
    Ok(has_data.then_some(Seeded::HasData))
}

/// Who the sample reports went to and who took on to-dos: the owner (or else an admin).
async fn owner(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
) -> Result<Option<MemberRow>, DemoError> {
    let members = team::queries::members(conn, organization_id).await?;
    let by_role = |role: &str| members.iter().find(|m| m.role == role).cloned();
    Ok(by_role("owner").or_else(|| by_role("admin")))
}
