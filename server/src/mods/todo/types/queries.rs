//! The `todo_type` table.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::{TodoAction, TodoType, TodoTypeInput};
use uuid::Uuid;

use crate::db::schema::todo_type;
use crate::mods::todo::error::TodoError;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = todo_type, check_for_backend(diesel::pg::Pg))]
pub struct TodoTypeRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub description: String,
    pub action: String,
    pub action_email: Option<String>,
    pub auto_approve: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TodoTypeRow {
    /// The stored action; the table's check keeps it one of the three.
    pub fn action(&self) -> TodoAction {
        TodoAction::parse(&self.action).unwrap_or_default()
    }

    pub fn to_dto(&self) -> TodoType {
        TodoType {
            id: self.id,
            name: self.name.clone(),
            description: self.description.clone(),
            action: self.action(),
            action_email: self.action_email.clone(),
            auto_approve: self.auto_approve,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

/// The organization's types, by name.
pub async fn list(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
) -> QueryResult<Vec<TodoTypeRow>> {
    todo_type::table
        .filter(todo_type::organization_id.eq(organization_id))
        .order((todo_type::name, todo_type::id))
        .select(TodoTypeRow::as_select())
        .load(conn)
        .await
}

pub async fn find(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> Result<TodoTypeRow, TodoError> {
    todo_type::table
        .filter(todo_type::id.eq(id))
        .filter(todo_type::organization_id.eq(organization_id))
        .select(TodoTypeRow::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(TodoError::TypeNotFound)
}

/// A unique violation is the one index on (organization, name).
fn name_taken(name: &str) -> impl FnOnce(DieselError) -> TodoError + '_ {
    move |e| match e {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
            TodoError::TypeNameTaken { name: name.to_string() }
        }
        e => e.into(),
    }
}

fn email(input: &TodoTypeInput) -> Option<String> {
    input.action_email.as_deref().map(|e| e.trim().to_lowercase())
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    input: &TodoTypeInput,
) -> Result<TodoTypeRow, TodoError> {
    let name = input.name.trim();
    diesel::insert_into(todo_type::table)
        .values((
            todo_type::organization_id.eq(organization_id),
            todo_type::name.eq(name),
            todo_type::description.eq(input.description.trim()),
            todo_type::action.eq(input.action.as_str()),
            todo_type::action_email.eq(email(input)),
            todo_type::auto_approve.eq(input.auto_approve),
        ))
        .returning(TodoTypeRow::as_returning())
        .get_result(conn)
        .await
        .map_err(name_taken(name))
}

pub async fn replace(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
    input: &TodoTypeInput,
) -> Result<TodoTypeRow, TodoError> {
    let name = input.name.trim();
    diesel::update(
        todo_type::table
            .filter(todo_type::id.eq(id))
            .filter(todo_type::organization_id.eq(organization_id)),
    )
    .set((
        todo_type::name.eq(name),
        todo_type::description.eq(input.description.trim()),
        todo_type::action.eq(input.action.as_str()),
        todo_type::action_email.eq(email(input)),
        todo_type::auto_approve.eq(input.auto_approve),
        todo_type::updated_at.eq(Utc::now()),
    ))
    .returning(TodoTypeRow::as_returning())
    .get_result(conn)
    .await
    .optional()
    .map_err(name_taken(name))?
    .ok_or(TodoError::TypeNotFound)
}

/// Deletes the type; its to-dos stay, without a type.
pub async fn delete(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> Result<(), TodoError> {
    let deleted = diesel::delete(
        todo_type::table
            .filter(todo_type::id.eq(id))
            .filter(todo_type::organization_id.eq(organization_id)),
    )
    .execute(conn)
    .await?;
    if deleted == 0 { Err(TodoError::TypeNotFound) } else { Ok(()) }
}
