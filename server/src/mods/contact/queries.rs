use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use loquent_shared::{Contact, ContactInput};
use uuid::Uuid;

use super::error::ContactError;
use super::items::{self, ItemList};
use crate::db::schema::{contact, contact_email, contact_phone};
use crate::mods::call;
use crate::pagination::Cursor;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contact, check_for_backend(diesel::pg::Pg))]
pub struct ContactRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// How a contact is named where it is shown: first and last name, trimmed; `None` when both
/// are empty.
pub fn display_name(first_name: &str, last_name: &str) -> Option<String> {
    let name = format!("{} {}", first_name.trim(), last_name.trim()).trim().to_string();
    (!name.is_empty()).then_some(name)
}

/// The display names of the organization's contacts among `ids`, in one query; contacts
/// without a name (and unknown ids) are left out.
pub async fn display_names(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    ids: &[Uuid],
) -> QueryResult<HashMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, String, String)> = contact::table
        .filter(contact::organization_id.eq(organization_id))
        .filter(contact::id.eq_any(ids))
        .select((contact::id, contact::first_name, contact::last_name))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, first, last)| Some((id, display_name(&first, &last)?)))
        .collect())
}

/// Loads phones and emails for `rows` in two queries, and which have a call still being
/// processed in a third, and assembles the DTOs.
pub async fn assemble(
    conn: &mut AsyncPgConnection,
    rows: Vec<ContactRow>,
) -> QueryResult<Vec<Contact>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut phones = items::load(conn, ItemList::Phones, &ids).await?;
    let mut emails = items::load(conn, ItemList::Emails, &ids).await?;
    // The rows are one organization's.
    let busy = match <[ContactRow]>::first(&rows) {
        Some(row) => call::processing::contacts(conn, row.organization_id, &ids).await?,
        None => Default::default(),
    };
    Ok(rows
        .into_iter()
        .map(|r| Contact {
            phones: phones.remove(&r.id).unwrap_or_default().into_iter().map(Into::into).collect(),
            emails: emails.remove(&r.id).unwrap_or_default().into_iter().map(Into::into).collect(),
            id: r.id,
            first_name: r.first_name,
            last_name: r.last_name,
            processing: busy.contains(&r.id),
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
        .collect())
}

/// One page, newest first, optionally narrowed by a name or number fragment.
pub async fn list(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    search: Option<&str>,
    after: Option<Cursor>,
    limit: i64,
) -> QueryResult<Vec<Contact>> {
    let mut query = contact::table
        .filter(contact::organization_id.eq(organization_id))
        .select(ContactRow::as_select())
        .order((contact::created_at.desc(), contact::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(c) = after {
        query = query.filter(
            contact::created_at
                .lt(c.created_at)
                .or(contact::created_at.eq(c.created_at).and(contact::id.lt(c.id))),
        );
    }
    if let Some(q) = search.map(str::trim).filter(|q| !q.is_empty()) {
        let pattern =
            format!("%{}%", q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let by_number = contact_phone::table
            .filter(contact_phone::organization_id.eq(organization_id))
            .filter(contact_phone::number.like(pattern.clone()))
            .select(contact_phone::contact_id);
        query = query.filter(
            contact::first_name
                .ilike(pattern.clone())
                .or(contact::last_name.ilike(pattern.clone()))
                .or(contact::id.eq_any(by_number)),
        );
    }
    let rows = query.load(conn).await?;
    assemble(conn, rows).await
}

pub async fn find_row(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> Result<ContactRow, ContactError> {
    contact::table
        .filter(contact::id.eq(id))
        .filter(contact::organization_id.eq(organization_id))
        .select(ContactRow::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(ContactError::NotFound)
}

pub async fn get(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> Result<Contact, ContactError> {
    let row = find_row(conn, organization_id, id).await?;
    assemble(conn, vec![row]).await?.pop().ok_or(ContactError::NotFound)
}

pub async fn create(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    input: &ContactInput,
) -> Result<Contact, ContactError> {
    let input = input.clone();
    let id = conn
        .transaction::<_, ContactError, _>(async move |conn| {
            let row: ContactRow = diesel::insert_into(contact::table)
                .values((
                    contact::organization_id.eq(organization_id),
                    contact::first_name.eq(input.first_name.trim()),
                    contact::last_name.eq(input.last_name.trim()),
                ))
                .returning(ContactRow::as_returning())
                .get_result(conn)
                .await?;
            for phone in &input.phones {
                items::add(conn, ItemList::Phones, organization_id, row.id, phone.into()).await?;
            }
            for email in &input.emails {
                items::add(conn, ItemList::Emails, organization_id, row.id, email.into()).await?;
            }
            Ok(row.id)
        })
        .await?;
    get(conn, organization_id, id).await
}

pub async fn rename(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
    first_name: &str,
    last_name: &str,
) -> Result<(), ContactError> {
    let n = diesel::update(
        contact::table
            .filter(contact::id.eq(id))
            .filter(contact::organization_id.eq(organization_id)),
    )
    .set((
        contact::first_name.eq(first_name),
        contact::last_name.eq(last_name),
        contact::updated_at.eq(Utc::now()),
    ))
    .execute(conn)
    .await?;
    if n == 0 { Err(ContactError::NotFound) } else { Ok(()) }
}

pub async fn delete(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> Result<(), ContactError> {
    let n = diesel::delete(
        contact::table
            .filter(contact::id.eq(id))
            .filter(contact::organization_id.eq(organization_id)),
    )
    .execute(conn)
    .await?;
    if n == 0 { Err(ContactError::NotFound) } else { Ok(()) }
}

/// The contact owning `number` in the organization, if any.
pub async fn find_by_number(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    number: &str,
) -> QueryResult<Option<Uuid>> {
    contact_phone::table
        .filter(contact_phone::organization_id.eq(organization_id))
        .filter(contact_phone::number.eq(number))
        .select(contact_phone::contact_id)
        .first(conn)
        .await
        .optional()
}

/// Who has `number` in the organization, as a refusal names them: "Ada Lovelace (id)", or
/// "another contact (id)" for an unnamed one.
pub async fn describe_phone_owner(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    number: &str,
) -> String {
    let owner: Option<ContactRow> = contact::table
        .inner_join(contact_phone::table)
        .filter(contact_phone::organization_id.eq(organization_id))
        .filter(contact_phone::number.eq(number))
        .select(ContactRow::as_select())
        .first(conn)
        .await
        .ok();
    match owner {
        Some(c) => match display_name(&c.first_name, &c.last_name) {
            Some(name) => format!("{name} ({})", c.id),
            None => format!("another contact ({})", c.id),
        },
        None => "another contact".into(),
    }
}

/// The address to email a contact at: their preferred email, or else the one added first;
/// `None` when they have none (or aren't the organization's).
pub async fn email_address(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    contact_id: Uuid,
) -> QueryResult<Option<String>> {
    contact_email::table
        .filter(contact_email::organization_id.eq(organization_id))
        .filter(contact_email::contact_id.eq(contact_id))
        .order((contact_email::is_preferred.desc(), contact_email::created_at, contact_email::id))
        .select(contact_email::email)
        .first(conn)
        .await
        .optional()
}

/// A contact inserted whole, with the id and creation time the caller chose: the demo
/// workspace's sample contacts, whose ids are derived from their organization.
pub struct ContactAt<'a> {
    pub id: Uuid,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub created_at: DateTime<Utc>,
    /// Its one phone (preferred), E.164, and the phone's label.
    pub phone: &'a str,
    pub phone_label: &'a str,
    /// Its one email (preferred), lowercased, if it has one.
    pub email: Option<&'a str>,
}

/// Inserts `contacts` with their phones and emails, in three statements however many there
/// are. Each number must be free in the organization (the unique index refuses it otherwise).
pub async fn insert_many_at(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    contacts: &[ContactAt<'_>],
) -> QueryResult<()> {
    if contacts.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = contacts
        .iter()
        .map(|c| {
            (
                contact::id.eq(c.id),
                contact::organization_id.eq(organization_id),
                contact::first_name.eq(c.first_name.trim()),
                contact::last_name.eq(c.last_name.trim()),
                contact::created_at.eq(c.created_at),
                contact::updated_at.eq(c.created_at),
            )
        })
        .collect();
    diesel::insert_into(contact::table).values(rows).execute(conn).await?;
    let phones: Vec<_> = contacts
        .iter()
        .map(|c| {
            (
                contact_phone::organization_id.eq(organization_id),
                contact_phone::contact_id.eq(c.id),
                contact_phone::number.eq(c.phone),
                contact_phone::label.eq(c.phone_label),
                contact_phone::is_preferred.eq(true),
                contact_phone::created_at.eq(c.created_at),
            )
        })
        .collect();
    diesel::insert_into(contact_phone::table).values(phones).execute(conn).await?;
    let emails: Vec<_> = contacts
        .iter()
        .filter_map(|c| {
            Some((
                contact_email::organization_id.eq(organization_id),
                contact_email::contact_id.eq(c.id),
                contact_email::email.eq(c.email?.to_lowercase()),
                contact_email::label.eq("personal"),
                contact_email::is_preferred.eq(true),
                contact_email::created_at.eq(c.created_at),
            ))
        })
        .collect();
    if !emails.is_empty() {
        diesel::insert_into(contact_email::table).values(emails).execute(conn).await?;
    }
    Ok(())
}

/// Whether the organization has any contact.
pub async fn any(conn: &mut AsyncPgConnection, organization_id: Uuid) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        contact::table.filter(contact::organization_id.eq(organization_id)),
    ))
    .get_result(conn)
    .await
}

/// Deletes those of `ids` that are the organization's contacts, with their phones and emails
/// (the foreign keys cascade; their calls and to-dos stay, without the contact); how many went.
pub async fn delete_many(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    ids: &[Uuid],
) -> QueryResult<usize> {
    diesel::delete(
        contact::table
            .filter(contact::organization_id.eq(organization_id))
            .filter(contact::id.eq_any(ids)),
    )
    .execute(conn)
    .await
}
