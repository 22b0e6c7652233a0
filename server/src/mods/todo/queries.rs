//! The `todo` table: reading to-dos (with the names they're shown with) and the writes every
//! operation shares.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::{Todo, TodoAction, TodoCounts, TodoStatus};
use uuid::Uuid;

use super::error::TodoError;
use super::types::TodoTypeRow;
use crate::db::schema::{todo, todo_type};
use crate::mods::{contact, team};
use crate::pagination::Cursor;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = todo, check_for_backend(diesel::pg::Pg))]
pub struct TodoRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub todo_type_id: Option<Uuid>,
    pub call_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub title: String,
    pub description: String,
    pub due_hint: Option<String>,
    pub email_subject: Option<String>,
    pub email_body: Option<String>,
    pub status: String,
    pub failure_reason: Option<String>,
    pub assignee_id: Option<Uuid>,
    pub source_key: Option<String>,
    pub approvals: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TodoRow {
    pub fn status(&self) -> Result<TodoStatus, TodoError> {
        TodoStatus::parse(&self.status)
            .ok_or_else(|| TodoError::CorruptStatus { id: self.id, status: self.status.clone() })
    }
}

/// Which to-dos a list shows; every filter is optional.
#[derive(Debug, Clone, Default)]
pub struct TodoFilter {
    /// Any of these statuses (all when empty).
    pub statuses: Vec<TodoStatus>,
    pub todo_type_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub call_id: Option<Uuid>,
    pub assignee_id: Option<Uuid>,
}

/// A page of the organization's to-dos, newest first.
pub async fn list(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    filter: &TodoFilter,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Vec<Todo>, TodoError> {
    let mut query = todo::table
        .filter(todo::organization_id.eq(organization_id))
        .select(TodoRow::as_select())
        .order((todo::created_at.desc(), todo::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(c) = after {
        query = query.filter(
            todo::created_at
                .lt(c.created_at)
                .or(todo::created_at.eq(c.created_at).and(todo::id.lt(c.id))),
        );
    }
    if !filter.statuses.is_empty() {
        query = query.filter(todo::status.eq_any(filter.statuses.iter().map(|s| s.as_str())));
    }
    if let Some(id) = filter.todo_type_id {
        query = query.filter(todo::todo_type_id.eq(id));
    }
    if let Some(id) = filter.contact_id {
        query = query.filter(todo::contact_id.eq(id));
    }
    if let Some(id) = filter.call_id {
        query = query.filter(todo::call_id.eq(id));
    }
    if let Some(id) = filter.assignee_id {
        query = query.filter(todo::assignee_id.eq(id));
    }
    let rows: Vec<TodoRow> = query.load(conn).await?;
    to_dtos(conn, organization_id, rows).await
}

/// The to-dos found in one of the organization's calls, in the order they were found.
pub async fn for_call(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    call_id: Uuid,
) -> Result<Vec<Todo>, TodoError> {
    // Extraction keeps at most ten per pass; this bounds a call reprocessed many times.
    const MAX: i64 = 100;
    let rows: Vec<TodoRow> = todo::table
        .filter(todo::organization_id.eq(organization_id))
        .filter(todo::call_id.eq(call_id))
        .select(TodoRow::as_select())
        .order((todo::created_at, todo::source_key, todo::id))
        .limit(MAX)
        .load(conn)
        .await?;
    to_dtos(conn, organization_id, rows).await
}

/// The organization's to-do, or [`TodoError::NotFound`] (also for another organization's).
pub async fn find(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> Result<TodoRow, TodoError> {
    todo::table
        .filter(todo::id.eq(id))
        .filter(todo::organization_id.eq(organization_id))
        .select(TodoRow::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(TodoError::NotFound)
}

/// As [`find`], locking the row until the transaction ends: status changes read and write it
/// without another request's change slipping in between.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> Result<TodoRow, TodoError> {
    todo::table
        .filter(todo::id.eq(id))
        .filter(todo::organization_id.eq(organization_id))
        .select(TodoRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?
        .ok_or(TodoError::NotFound)
}

/// A to-do by id, whatever its organization, locked: for jobs, which Loquent itself enqueued.
pub async fn find_for_job(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<TodoRow>> {
    todo::table.find(id).select(TodoRow::as_select()).for_update().first(conn).await.optional()
}

/// The type of a to-do, if it still has one.
pub async fn type_of(
    conn: &mut AsyncPgConnection,
    row: &TodoRow,
) -> QueryResult<Option<TodoTypeRow>> {
    let Some(type_id) = row.todo_type_id else { return Ok(None) };
    todo_type::table
        .filter(todo_type::id.eq(type_id))
        .filter(todo_type::organization_id.eq(row.organization_id))
        .select(TodoTypeRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// One to-do as the API shows it.
pub async fn to_dto(conn: &mut AsyncPgConnection, row: TodoRow) -> Result<Todo, TodoError> {
    let org = row.organization_id;
    let mut dtos = to_dtos(conn, org, vec![row]).await?;
    dtos.pop().ok_or(TodoError::NotFound)
}

/// The rows with their types', contacts' and assignees' names, in three queries.
pub async fn to_dtos(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    rows: Vec<TodoRow>,
) -> Result<Vec<Todo>, TodoError> {
    let type_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.todo_type_id).collect();
    let types: HashMap<Uuid, (String, String)> = if type_ids.is_empty() {
        HashMap::new()
    } else {
        todo_type::table
            .filter(todo_type::organization_id.eq(organization_id))
            .filter(todo_type::id.eq_any(&type_ids))
            .select((todo_type::id, todo_type::name, todo_type::action))
            .load::<(Uuid, String, String)>(conn)
            .await?
            .into_iter()
            .map(|(id, name, action)| (id, (name, action)))
            .collect()
    };
    let contact_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.contact_id).collect();
    let contacts = contact::queries::display_names(conn, organization_id, &contact_ids).await?;
    let member_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.assignee_id).collect();
    let members = team::queries::member_names(conn, organization_id, &member_ids).await?;
    rows.into_iter()
        .map(|row| {
            let status = row.status()?;
            let kind = row.todo_type_id.and_then(|id| types.get(&id));
            Ok(Todo {
                id: row.id,
                todo_type_id: row.todo_type_id,
                todo_type_name: kind.map(|(name, _)| name.clone()),
                action: kind.and_then(|(_, a)| TodoAction::parse(a)).unwrap_or_default(),
                call_id: row.call_id,
                contact_id: row.contact_id,
                contact_name: row.contact_id.and_then(|id| contacts.get(&id).cloned()),
                title: row.title,
                description: row.description,
                due_hint: row.due_hint,
                email_subject: row.email_subject,
                email_body: row.email_body,
                status,
                failure_reason: row.failure_reason,
                assignee_id: row.assignee_id,
                assignee_name: row.assignee_id.and_then(|id| members.get(&id).cloned()),
                created_at: row.created_at,
                updated_at: row.updated_at,
            })
        })
        .collect()
}

/// How many of the organization's to-dos are in each status.
pub async fn counts(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
) -> Result<TodoCounts, TodoError> {
    let rows: Vec<(String, i64)> = todo::table
        .filter(todo::organization_id.eq(organization_id))
        .group_by(todo::status)
        .select((todo::status, diesel::dsl::count_star()))
        .load(conn)
        .await?;
    Ok(per_status(rows))
}

/// The query behind [`counts_created_between`], public so the dashboard's benchmark can
/// `EXPLAIN` exactly it. Binds: organization id, window start, window end.
pub const COUNTS_CREATED_BETWEEN_SQL: &str = "
    SELECT status, count(*) AS n
      FROM todo
     WHERE organization_id = $1 AND created_at >= $2 AND created_at < $3
     GROUP BY status";

#[derive(QueryableByName)]
struct StatusCount {
    #[diesel(sql_type = diesel::sql_types::Text)]
    status: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// How many of the to-dos the organization got in a window (created at or after `from`, before
/// `to`) are in each status now.
pub async fn counts_created_between(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<TodoCounts, TodoError> {
    let rows: Vec<StatusCount> = diesel::sql_query(COUNTS_CREATED_BETWEEN_SQL)
        .bind::<diesel::sql_types::Uuid, _>(organization_id)
        .bind::<diesel::sql_types::Timestamptz, _>(from)
        .bind::<diesel::sql_types::Timestamptz, _>(to)
        .load(conn)
        .await?;
    Ok(per_status(rows.into_iter().map(|r| (r.status, r.n))))
}

/// Counts per stored status, as [`TodoCounts`]; the table's check constraint admits only the
/// statuses it has.
fn per_status(rows: impl IntoIterator<Item = (String, i64)>) -> TodoCounts {
    let mut counts = TodoCounts::default();
    for (status, n) in rows {
        if let Some(status) = TodoStatus::parse(&status) {
            counts.set(status, n);
        }
    }
    counts
}

/// Sets a to-do's status (and why its action failed, for `failed`; cleared otherwise).
pub async fn set_status(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    status: TodoStatus,
    failure_reason: Option<&str>,
) -> QueryResult<TodoRow> {
    diesel::update(todo::table.find(id))
        .set((
            todo::status.eq(status.as_str()),
            todo::failure_reason.eq(failure_reason),
            todo::updated_at.eq(Utc::now()),
        ))
        .returning(TodoRow::as_returning())
        .get_result(conn)
        .await
}

/// Marks the to-do approved once more, with its action under way: the count names the run.
pub async fn start_action(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<TodoRow> {
    diesel::update(todo::table.find(id))
        .set((
            todo::status.eq(TodoStatus::InProgress.as_str()),
            todo::failure_reason.eq(None::<String>),
            todo::approvals.eq(todo::approvals + 1),
            todo::updated_at.eq(Utc::now()),
        ))
        .returning(TodoRow::as_returning())
        .get_result(conn)
        .await
}

/// A to-do inserted whole, in any status, with the id and times the caller chose: the demo
/// workspace's sample to-dos, whose ids are derived from their organization.
pub struct TodoAt<'a> {
    pub id: Uuid,
    pub todo_type_id: Option<Uuid>,
    pub call_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub title: &'a str,
    pub description: &'a str,
    pub due_hint: Option<&'a str>,
    pub email_subject: Option<&'a str>,
    pub email_body: Option<&'a str>,
    pub status: TodoStatus,
    /// Why its action failed, in words: for `failed` only.
    pub failure_reason: Option<&'a str>,
    pub assignee_id: Option<Uuid>,
    /// As extraction writes it: the pass and the to-do's place in its answer.
    pub source_key: &'a str,
    /// How many times it was approved with an action to run.
    pub approvals: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Inserts the organization's `todos` in one statement.
pub async fn insert_many_at(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    todos: &[TodoAt<'_>],
) -> QueryResult<()> {
    if todos.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = todos
        .iter()
        .map(|t| {
            (
                todo::id.eq(t.id),
                todo::organization_id.eq(organization_id),
                todo::todo_type_id.eq(t.todo_type_id),
                todo::call_id.eq(t.call_id),
                todo::contact_id.eq(t.contact_id),
                todo::title.eq(t.title),
                todo::description.eq(t.description),
                todo::due_hint.eq(t.due_hint),
                todo::email_subject.eq(t.email_subject),
                todo::email_body.eq(t.email_body),
                todo::status.eq(t.status.as_str()),
                todo::failure_reason.eq(t.failure_reason),
                todo::assignee_id.eq(t.assignee_id),
                todo::source_key.eq(t.source_key),
                todo::approvals.eq(t.approvals),
                todo::created_at.eq(t.created_at),
                todo::updated_at.eq(t.updated_at),
            )
        })
        .collect();
    diesel::insert_into(todo::table).values(rows).execute(conn).await.map(drop)
}

/// Whether the organization has any to-do.
pub async fn any(conn: &mut AsyncPgConnection, organization_id: Uuid) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        todo::table.filter(todo::organization_id.eq(organization_id)),
    ))
    .get_result(conn)
    .await
}

/// Deletes those of `ids` that are the organization's to-dos; how many went.
pub async fn delete_many(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    ids: &[Uuid],
) -> QueryResult<usize> {
    diesel::delete(
        todo::table.filter(todo::organization_id.eq(organization_id)).filter(todo::id.eq_any(ids)),
    )
    .execute(conn)
    .await
}
