//! The follow-ups the month's answered calls left, as extraction would have found them, in
//! every state review leaves them in: the newest still to review, older ones approved, done,
//! rejected, or (for those that email the caller) sent, or failed because the caller has no
//! email. What happened to a to-do depends on its place among the month's to-dos, not on the
//! date, so every run has the same mix.

use chrono::{DateTime, Duration, Utc};
use diesel_async::AsyncPgConnection;
use loquent_shared::TodoStatus;
use uuid::Uuid;

use super::calls::PlannedCall;
use super::error::DemoError;
use super::ids::{self, Kind};
use super::people::Person;
use super::rng::Rng;
use crate::mods::todo;
use crate::mods::todo::queries::TodoAt;

/// The random streams to-dos draw from: the to-do of call `n` uses `TODO_STREAM + n`.
const TODO_STREAM: u64 = 5_000;
/// The to-do type whose action emails the caller.
pub const SEND_INFORMATION: &str = "Send information";
/// Why emailing a caller without an email fails, in the action's own words.
pub const NO_EMAIL: &str = "the contact has no email";

#[derive(Debug, Clone)]
pub struct PlannedTodo {
    pub id: Uuid,
    /// The call it came from, by index into the calls.
    pub call: usize,
    pub person: usize,
    /// Its type's name.
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub due_hint: Option<String>,
    /// The email drafted for the caller: subject and body.
    pub email: Option<(String, String)>,
    pub status: TodoStatus,
    pub failure_reason: Option<&'static str>,
    /// Whether a member took it on (approved or done by them).
    pub assigned: bool,
    pub approvals: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A to-do's status by its age among the month's to-dos (`place`: 0 the oldest, 1 the newest),
/// its action and whether its caller has an email.
fn status(rng: &mut Rng, place: f64, emails: bool, has_email: bool) -> TodoStatus {
    use TodoStatus::*;
    let (statuses, odds): (&[TodoStatus], &[f64]) = match (place, emails, has_email) {
        (p, _, _) if p >= 0.8 => (&[PendingReview], &[1.0]),
        (p, false, _) if p >= 0.55 => {
            (&[Approved, Done, PendingReview, Rejected], &[0.45, 0.35, 0.1, 0.1])
        }
        (p, true, true) if p >= 0.55 => (&[Completed, PendingReview, Rejected], &[0.75, 0.15, 0.1]),
        (p, true, false) if p >= 0.55 => (&[Failed, Rejected], &[0.8, 0.2]),
        (_, false, _) => (&[Done, Rejected, Approved], &[0.75, 0.15, 0.1]),
        (_, true, true) => (&[Completed, Rejected], &[0.85, 0.15]),
        // Staff sent it themselves and marked it done, or dropped it.
        (_, true, false) => (&[Failed, Rejected, Done], &[0.6, 0.25, 0.15]),
    };
    statuses.get(rng.weighted(odds)).copied().unwrap_or(PendingReview)
}

/// The month's to-dos, one per answered call whose script leaves a follow-up, oldest first.
pub fn plan(
    organization_id: Uuid,
    calls: &[PlannedCall],
    people: &[Person],
    now: DateTime<Utc>,
) -> Vec<PlannedTodo> {
    let found: Vec<usize> = calls
        .iter()
        .enumerate()
        .filter(|(_, c)| c.answered() && c.script.follow_up.is_some())
        .map(|(i, _)| i)
        .collect();
    let total = found.len().max(1) as f64;
    let latest = now - Duration::minutes(1);
    let mut todos: Vec<PlannedTodo> = found
        .iter()
        .enumerate()
        .filter_map(|(rank, &i)| {
            let call = calls.get(i)?;
            let follow_up = call.script.follow_up?;
            let mut rng = Rng::new(TODO_STREAM + call.n as u64);
            let emails = follow_up.kind == SEND_INFORMATION;
            let has_email = people.get(call.person).is_some_and(|p| p.email.is_some());
            let status = status(&mut rng, rank as f64 / total, emails, has_email);
            let created_at = call.ended + Duration::seconds(rng.between(40, 120));
            // How long after it was found someone acted on it (an action runs within minutes
            // of its approval).
            let later = match status {
                TodoStatus::PendingReview => Duration::zero(),
                TodoStatus::Completed | TodoStatus::Failed => {
                    Duration::minutes(rng.between(5, 240))
                }
                _ => Duration::minutes(rng.between(30, 48 * 60)),
            };
            let fill = &call.fill;
            Some(PlannedTodo {
                id: ids::id(organization_id, Kind::Todo, call.n),
                call: i,
                person: call.person,
                kind: follow_up.kind,
                title: fill.apply(follow_up.title),
                description: fill.apply(follow_up.description),
                due_hint: follow_up.due_hint.map(|d| fill.apply(d)),
                email: follow_up.email.map(|(s, b)| (fill.apply(s), fill.apply(b))),
                status,
                failure_reason: (status == TodoStatus::Failed).then_some(NO_EMAIL),
                assigned: matches!(status, TodoStatus::Approved | TodoStatus::Done),
                approvals: i32::from(matches!(status, TodoStatus::Completed | TodoStatus::Failed)),
                created_at,
                updated_at: (created_at + later).min(latest).max(created_at),
            })
        })
        .collect();
    // The newest to-do that emails a caller with an address was approved a moment ago: its
    // email is on its way (no job sends it, so it stays in progress).
    if let Some(todo) = todos.iter_mut().rev().find(|t| {
        t.kind == SEND_INFORMATION && people.get(t.person).is_some_and(|p| p.email.is_some())
    }) {
        todo.status = TodoStatus::InProgress;
        todo.approvals = 1;
        todo.updated_at = (now - Duration::minutes(3)).max(todo.created_at);
    }
    todos
}

/// Inserts the to-dos through the to-do module, with the organization's to-do types by name
/// (a type it no longer has leaves its to-dos without one) and `assignee` on those a member
/// took on.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    todos: &[PlannedTodo],
    calls: &[PlannedCall],
    contact_ids: &[Uuid],
    assignee: Option<Uuid>,
) -> Result<(), DemoError> {
    let types = todo::types::queries::list(conn, organization_id).await?;
    let type_id = |name: &str| types.iter().find(|t| t.name == name).map(|t| t.id);
    let rows: Vec<TodoAt<'_>> = todos
        .iter()
        .map(|t| TodoAt {
            id: t.id,
            todo_type_id: type_id(t.kind),
            call_id: calls.get(t.call).map(|c| c.id),
            contact_id: contact_ids.get(t.person).copied(),
            title: &t.title,
            description: &t.description,
            due_hint: t.due_hint.as_deref(),
            email_subject: t.email.as_ref().map(|(s, _)| s.as_str()),
            email_body: t.email.as_ref().map(|(_, b)| b.as_str()),
            status: t.status,
            failure_reason: t.failure_reason,
            assignee_id: assignee.filter(|_| t.assigned),
            source_key: "demo:0",
            approvals: t.approvals,
            created_at: t.created_at,
            updated_at: t.updated_at,
        })
        .collect();
    todo::queries::insert_many_at(conn, organization_id, &rows).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mods::demo::{calls, people};

    #[test]
    fn the_month_has_to_dos_in_every_status_whatever_the_date() {
        let people = people::all();
        for offset in [0, 1, 3, 6] {
            let t0 = DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default()
                + Duration::days(offset);
            let starts: Vec<_> = (0..300).map(|i| t0 + Duration::minutes(137 * i)).collect();
            let now = t0 + Duration::days(30);
            let calls = calls::plan(Uuid::from_u128(9), "Demo Dental Clinic", &people, &starts);
            let todos = plan(Uuid::from_u128(9), &calls, &people, now);
            for status in TodoStatus::ALL {
                assert!(todos.iter().any(|t| t.status == status), "{status:?}");
            }
            assert_eq!(todos.iter().filter(|t| t.status == TodoStatus::InProgress).count(), 1);
            for t in &todos {
                assert!(t.created_at <= t.updated_at && t.updated_at <= now);
                assert_eq!(t.email.is_some(), t.kind == SEND_INFORMATION);
                assert_eq!(t.failure_reason.is_some(), t.status == TodoStatus::Failed);
            }
        }
    }
}
