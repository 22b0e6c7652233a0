//! `person` rows: one per sign-in identity.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::person;

/// A person without the password hash.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = person, check_for_backend(diesel::pg::Pg))]
pub struct PersonRow {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub created_at: DateTime<Utc>,
}

pub struct NewPerson<'a> {
    pub name: &'a str,
    /// Already normalized.
    pub email: &'a str,
    pub password_hash: &'a str,
}

/// Stores a person; a unique violation means the email has a login already.
pub async fn insert(conn: &mut AsyncPgConnection, new: NewPerson<'_>) -> QueryResult<PersonRow> {
    diesel::insert_into(person::table)
        .values((
            person::name.eq(new.name),
            person::email.eq(new.email),
            person::password_hash.eq(new.password_hash),
        ))
        .returning(PersonRow::as_returning())
        .get_result(conn)
        .await
}

pub async fn find(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<PersonRow> {
    person::table.find(id).select(PersonRow::as_select()).first(conn).await
}

/// The person with this (normalized) email and their password hash, for signing in.
pub async fn find_credentials(
    conn: &mut AsyncPgConnection,
    email: &str,
) -> QueryResult<Option<(PersonRow, String)>> {
    person::table
        .filter(person::email.eq(email))
        .select((PersonRow::as_select(), person::password_hash))
        .first(conn)
        .await
        .optional()
}

/// The person's password hash, to check their current password.
pub async fn password_hash(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<String> {
    person::table.find(id).select(person::password_hash).first(conn).await
}

pub async fn find_by_email(
    conn: &mut AsyncPgConnection,
    email: &str,
) -> QueryResult<Option<PersonRow>> {
    person::table
        .filter(person::email.eq(email))
        .select(PersonRow::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn set_password_hash(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    password_hash: &str,
) -> QueryResult<()> {
    diesel::update(person::table.find(id))
        .set(person::password_hash.eq(password_hash))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn set_name(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    name: &str,
) -> QueryResult<PersonRow> {
    diesel::update(person::table.find(id))
        .set(person::name.eq(name))
        .returning(PersonRow::as_returning())
        .get_result(conn)
        .await
}

/// Changes the sign-in email; a unique violation means another login has it.
pub async fn set_email(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    email: &str,
) -> QueryResult<PersonRow> {
    diesel::update(person::table.find(id))
        .set(person::email.eq(email))
        .returning(PersonRow::as_returning())
        .get_result(conn)
        .await
}
