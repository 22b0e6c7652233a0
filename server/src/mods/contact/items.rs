//! A contact's phones and its emails are each "a list with exactly one preferred item": the first
//! item added is preferred, asking for another to be preferred un-prefers the old one, and
//! removing or un-preferring the preferred item passes the mark to the oldest remaining one. One
//! implementation serves both lists; [`ItemList`] holds the little that differs.
//!
//! The statements are SQL text because the two tables differ only in names: every identifier
//! spliced in comes from [`ItemList`]'s constants, never from a request; values are bound.

use std::collections::HashMap;

use chrono::Utc;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sql_types::{Array, Bool, Text, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use loquent_shared::validation::normalize_email;
use loquent_shared::{Contact, ContactEmail, ContactEmailInput, ContactPhone, ContactPhoneInput};
use uuid::Uuid;

use super::error::ContactError;
use super::queries::{self, describe_phone_owner};
use crate::db::schema::contact;

/// Which of a contact's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemList {
    Phones,
    Emails,
}

impl ItemList {
    const fn table(self) -> &'static str {
        match self {
            ItemList::Phones => "contact_phone",
            ItemList::Emails => "contact_email",
        }
    }

    const fn value_column(self) -> &'static str {
        match self {
            ItemList::Phones => "number",
            ItemList::Emails => "email",
        }
    }

    /// The unique constraint a value can collide with: a number belongs to one contact of the
    /// organization (so a call resolves to one caller); an email only can't repeat on a contact.
    const fn unique_on(self) -> &'static str {
        match self {
            ItemList::Phones => "organization_id, number",
            ItemList::Emails => "contact_id, email",
        }
    }

    fn not_found(self) -> ContactError {
        match self {
            ItemList::Phones => ContactError::PhoneNotFound,
            ItemList::Emails => ContactError::EmailNotFound,
        }
    }

    /// Why `value` can't be stored on the contact: it collides with an existing item.
    async fn taken(
        self,
        conn: &mut AsyncPgConnection,
        organization_id: Uuid,
        value: String,
    ) -> ContactError {
        match self {
            ItemList::Phones => {
                let owner = describe_phone_owner(conn, organization_id, &value).await;
                ContactError::PhoneTaken { number: value, owner }
            }
            ItemList::Emails => ContactError::EmailExists { email: value },
        }
    }
}

/// An item's values as stored: numbers trimmed, emails normalised, labels trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub value: String,
    pub label: String,
    pub preferred: bool,
}

impl From<&ContactPhoneInput> for Item {
    fn from(input: &ContactPhoneInput) -> Self {
        Item {
            value: input.number.trim().to_owned(),
            label: input.label.trim().to_owned(),
            preferred: input.is_preferred,
        }
    }
}

impl From<&ContactEmailInput> for Item {
    fn from(input: &ContactEmailInput) -> Self {
        Item {
            value: normalize_email(&input.email),
            label: input.label.trim().to_owned(),
            preferred: input.is_preferred,
        }
    }
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
}

#[derive(Debug, QueryableByName)]
pub struct ItemRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub contact_id: Uuid,
    #[diesel(sql_type = Text)]
    pub value: String,
    #[diesel(sql_type = Text)]
    pub label: String,
    #[diesel(sql_type = Bool)]
    pub is_preferred: bool,
}

impl From<ItemRow> for ContactPhone {
    fn from(row: ItemRow) -> Self {
        ContactPhone {
            id: row.id,
            number: row.value,
            label: row.label,
            is_preferred: row.is_preferred,
        }
    }
}

impl From<ItemRow> for ContactEmail {
    fn from(row: ItemRow) -> Self {
        ContactEmail {
            id: row.id,
            email: row.value,
            label: row.label,
            is_preferred: row.is_preferred,
        }
    }
}

/// One change to a contact's list, as the API's routes ask for them.
#[derive(Debug)]
pub enum Change {
    Add(Item),
    Update(Uuid, Item),
    Remove(Uuid),
}

/// Applies `change` to the organization's contact in one transaction, and returns the contact as
/// it is afterwards.
pub async fn apply(
    conn: &mut AsyncPgConnection,
    list: ItemList,
    organization_id: Uuid,
    contact_id: Uuid,
    change: Change,
) -> Result<Contact, ContactError> {
    conn.transaction::<_, ContactError, _>(async move |conn| {
        queries::find_row(conn, organization_id, contact_id).await?;
        match change {
            Change::Add(item) => add(conn, list, organization_id, contact_id, item).await.map(drop),
            Change::Update(id, item) => {
                update(conn, list, organization_id, contact_id, id, item).await
            }
            Change::Remove(id) => remove(conn, list, organization_id, contact_id, id).await,
        }
    })
    .await?;
    queries::get(conn, organization_id, contact_id).await
}

/// The lists of the contacts `ids` in one query, each preferred first, then oldest first.
pub async fn load(
    conn: &mut AsyncPgConnection,
    list: ItemList,
    ids: &[Uuid],
) -> QueryResult<HashMap<Uuid, Vec<ItemRow>>> {
    let (table, value) = (list.table(), list.value_column());
    let rows: Vec<ItemRow> = diesel::sql_query(format!(
        "SELECT id, contact_id, {value} AS value, label, is_preferred FROM {table} \
         WHERE contact_id = ANY($1) ORDER BY is_preferred DESC, created_at, id"
    ))
    .bind::<Array<SqlUuid>, _>(ids)
    .load(conn)
    .await?;
    let mut by_contact: HashMap<Uuid, Vec<ItemRow>> = HashMap::new();
    for row in rows {
        by_contact.entry(row.contact_id).or_default().push(row);
    }
    Ok(by_contact)
}

/// Adds an item inside the caller's transaction (which a refusal must roll back): preferred if
/// asked or if it is the contact's first.
pub async fn add(
    conn: &mut AsyncPgConnection,
    list: ItemList,
    organization_id: Uuid,
    contact_id: Uuid,
    item: Item,
) -> Result<Uuid, ContactError> {
    let (table, value, unique_on) = (list.table(), list.value_column(), list.unique_on());
    let preferred = item.preferred || !contains(conn, list, contact_id, None).await?;
    if preferred {
        clear_preferred(conn, list, contact_id).await?;
    }
    // ON CONFLICT keeps the transaction usable, so the refusal can name who has the value.
    let inserted: Option<IdRow> = diesel::sql_query(format!(
        "INSERT INTO {table} (organization_id, contact_id, {value}, label, is_preferred) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT ({unique_on}) DO NOTHING RETURNING id"
    ))
    .bind::<SqlUuid, _>(organization_id)
    .bind::<SqlUuid, _>(contact_id)
    .bind::<Text, _>(&item.value)
    .bind::<Text, _>(&item.label)
    .bind::<Bool, _>(preferred)
    .get_result(conn)
    .await
    .optional()?;
    let Some(IdRow { id }) = inserted else {
        return Err(list.taken(conn, organization_id, item.value).await);
    };
    touch(conn, contact_id).await?;
    Ok(id)
}

/// Changes an item inside the caller's transaction.
pub async fn update(
    conn: &mut AsyncPgConnection,
    list: ItemList,
    organization_id: Uuid,
    contact_id: Uuid,
    item_id: Uuid,
    item: Item,
) -> Result<(), ContactError> {
    if item.preferred {
        clear_preferred(conn, list, contact_id).await?;
    }
    let (table, value) = (list.table(), list.value_column());
    let statement = diesel::sql_query(format!(
        "UPDATE {table} SET {value} = $1, label = $2, is_preferred = $3 \
         WHERE id = $4 AND contact_id = $5 AND organization_id = $6"
    ))
    .bind::<Text, _>(item.value.clone())
    .bind::<Text, _>(item.label)
    .bind::<Bool, _>(item.preferred)
    .bind::<SqlUuid, _>(item_id)
    .bind::<SqlUuid, _>(contact_id)
    .bind::<SqlUuid, _>(organization_id);
    // A savepoint, so a collision leaves the transaction usable to name who has the value.
    let updated = conn
        .transaction::<_, DieselError, _>(async move |conn| statement.execute(conn).await)
        .await;
    match updated {
        Ok(0) => Err(list.not_found()),
        Ok(_) => {
            ensure_one_preferred(conn, list, contact_id).await?;
            touch(conn, contact_id).await?;
            Ok(())
        }
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            Err(list.taken(conn, organization_id, item.value).await)
        }
        Err(e) => Err(e.into()),
    }
}

/// Removes an item inside the caller's transaction.
pub async fn remove(
    conn: &mut AsyncPgConnection,
    list: ItemList,
    organization_id: Uuid,
    contact_id: Uuid,
    item_id: Uuid,
) -> Result<(), ContactError> {
    let table = list.table();
    let removed = diesel::sql_query(format!(
        "DELETE FROM {table} WHERE id = $1 AND contact_id = $2 AND organization_id = $3"
    ))
    .bind::<SqlUuid, _>(item_id)
    .bind::<SqlUuid, _>(contact_id)
    .bind::<SqlUuid, _>(organization_id)
    .execute(conn)
    .await?;
    if removed == 0 {
        return Err(list.not_found());
    }
    ensure_one_preferred(conn, list, contact_id).await?;
    touch(conn, contact_id).await?;
    Ok(())
}

/// Whether the contact has `value` in the list (with `None`: anything at all).
pub async fn contains(
    conn: &mut AsyncPgConnection,
    list: ItemList,
    contact_id: Uuid,
    value: Option<&str>,
) -> QueryResult<bool> {
    let (table, column) = (list.table(), list.value_column());
    // `$2 IS NULL` makes the value optional in one prepared statement.
    let found: Option<IdRow> = diesel::sql_query(format!(
        "SELECT id FROM {table} WHERE contact_id = $1 AND ($2 IS NULL OR {column} = $2) LIMIT 1"
    ))
    .bind::<SqlUuid, _>(contact_id)
    .bind::<diesel::sql_types::Nullable<Text>, _>(value)
    .get_result(conn)
    .await
    .optional()?;
    Ok(found.is_some())
}

async fn clear_preferred(
    conn: &mut AsyncPgConnection,
    list: ItemList,
    contact_id: Uuid,
) -> QueryResult<usize> {
    let table = list.table();
    diesel::sql_query(format!(
        "UPDATE {table} SET is_preferred = false WHERE contact_id = $1 AND is_preferred"
    ))
    .bind::<SqlUuid, _>(contact_id)
    .execute(conn)
    .await
}

/// Marks the oldest item preferred when items exist and none is (after a removal or an
/// un-prefer); one statement, so it can't interleave with itself.
async fn ensure_one_preferred(
    conn: &mut AsyncPgConnection,
    list: ItemList,
    contact_id: Uuid,
) -> QueryResult<usize> {
    let table = list.table();
    diesel::sql_query(format!(
        "UPDATE {table} SET is_preferred = true \
         WHERE id = (SELECT id FROM {table} WHERE contact_id = $1 ORDER BY created_at, id LIMIT 1) \
           AND NOT EXISTS (SELECT 1 FROM {table} WHERE contact_id = $1 AND is_preferred)"
    ))
    .bind::<SqlUuid, _>(contact_id)
    .execute(conn)
    .await
}

/// A change to a phone or email is a change to the contact.
async fn touch(conn: &mut AsyncPgConnection, contact_id: Uuid) -> QueryResult<()> {
    diesel::update(contact::table.find(contact_id))
        .set(contact::updated_at.eq(Utc::now()))
        .execute(conn)
        .await?;
    Ok(())
}
