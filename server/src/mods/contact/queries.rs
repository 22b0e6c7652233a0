use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use loquent_shared::{Contact, ContactEmail, ContactInput, ContactPhone};
use uuid::Uuid;

use crate::db::schema::{contact, contact_email, contact_phone};
use crate::error::{ApiError, ApiResult};
use crate::pagination::Cursor;

pub const NOT_FOUND: ApiError = ApiError::NotFound { resource: "contact" };

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

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contact_phone, check_for_backend(diesel::pg::Pg))]
pub struct PhoneRow {
    pub id: Uuid,
    pub contact_id: Uuid,
    pub number: String,
    pub label: String,
    pub is_preferred: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contact_email, check_for_backend(diesel::pg::Pg))]
pub struct EmailRow {
    pub id: Uuid,
    pub contact_id: Uuid,
    pub email: String,
    pub label: String,
    pub is_preferred: bool,
    pub created_at: DateTime<Utc>,
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

/// Loads phones and emails for `rows` in two queries and assembles the DTOs.
pub async fn assemble(
    conn: &mut AsyncPgConnection,
    rows: Vec<ContactRow>,
) -> QueryResult<Vec<Contact>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut phones: HashMap<Uuid, Vec<ContactPhone>> = HashMap::new();
    let phone_rows: Vec<PhoneRow> = contact_phone::table
        .filter(contact_phone::contact_id.eq_any(&ids))
        .order((contact_phone::is_preferred.desc(), contact_phone::created_at, contact_phone::id))
        .select(PhoneRow::as_select())
        .load(conn)
        .await?;
    for p in phone_rows {
        phones.entry(p.contact_id).or_default().push(ContactPhone {
            id: p.id,
            number: p.number,
            label: p.label,
            is_preferred: p.is_preferred,
        });
    }
    let mut emails: HashMap<Uuid, Vec<ContactEmail>> = HashMap::new();
    let email_rows: Vec<EmailRow> = contact_email::table
        .filter(contact_email::contact_id.eq_any(&ids))
        .order((contact_email::is_preferred.desc(), contact_email::created_at, contact_email::id))
        .select(EmailRow::as_select())
        .load(conn)
        .await?;
    for e in email_rows {
        emails.entry(e.contact_id).or_default().push(ContactEmail {
            id: e.id,
            email: e.email,
            label: e.label,
            is_preferred: e.is_preferred,
        });
    }
    Ok(rows
        .into_iter()
        .map(|r| Contact {
            phones: phones.remove(&r.id).unwrap_or_default(),
            emails: emails.remove(&r.id).unwrap_or_default(),
            id: r.id,
            first_name: r.first_name,
            last_name: r.last_name,
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
) -> ApiResult<ContactRow> {
    contact::table
        .filter(contact::id.eq(id))
        .filter(contact::organization_id.eq(organization_id))
        .select(ContactRow::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(NOT_FOUND)
}

pub async fn get(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> ApiResult<Contact> {
    let row = find_row(conn, organization_id, id).await?;
    assemble(conn, vec![row]).await?.pop().ok_or(NOT_FOUND)
}

pub async fn create(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    input: &ContactInput,
) -> ApiResult<Contact> {
    let input = input.clone();
    let id = conn
        .transaction::<_, ApiError, _>(async move |conn| {
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
                add_phone(
                    conn,
                    organization_id,
                    row.id,
                    phone.number.trim(),
                    phone.label.trim(),
                    phone.is_preferred,
                )
                .await?;
            }
            for email in &input.emails {
                add_email(
                    conn,
                    organization_id,
                    row.id,
                    &email.email,
                    email.label.trim(),
                    email.is_preferred,
                )
                .await?;
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
) -> ApiResult<()> {
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
    if n == 0 { Err(NOT_FOUND) } else { Ok(()) }
}

pub async fn delete(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> ApiResult<()> {
    let n = diesel::delete(
        contact::table
            .filter(contact::id.eq(id))
            .filter(contact::organization_id.eq(organization_id)),
    )
    .execute(conn)
    .await?;
    if n == 0 { Err(NOT_FOUND) } else { Ok(()) }
}

async fn touch(conn: &mut AsyncPgConnection, contact_id: Uuid) -> QueryResult<()> {
    diesel::update(contact::table.find(contact_id))
        .set(contact::updated_at.eq(Utc::now()))
        .execute(conn)
        .await?;
    Ok(())
}

/// Adds a phone inside the caller's transaction. The first phone, or one asked to be, is the
/// preferred one. A number another contact of the organization has → 409 naming that contact.
pub async fn add_phone(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    contact_id: Uuid,
    number: &str,
    label: &str,
    preferred: bool,
) -> ApiResult<Uuid> {
    let has_any: bool = diesel::select(diesel::dsl::exists(
        contact_phone::table.filter(contact_phone::contact_id.eq(contact_id)),
    ))
    .get_result(conn)
    .await?;
    let preferred = preferred || !has_any;
    if find_by_number(conn, organization_id, number).await?.is_some() {
        return Err(phone_taken(conn, organization_id, number).await);
    }
    if preferred {
        clear_preferred_phone(conn, contact_id).await?;
    }
    let inserted = diesel::insert_into(contact_phone::table)
        .values((
            contact_phone::organization_id.eq(organization_id),
            contact_phone::contact_id.eq(contact_id),
            contact_phone::number.eq(number),
            contact_phone::label.eq(label),
            contact_phone::is_preferred.eq(preferred),
        ))
        .returning(contact_phone::id)
        .get_result(conn)
        .await;
    match inserted {
        Ok(id) => {
            touch(conn, contact_id).await?;
            Ok(id)
        }
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            Err(phone_taken(conn, organization_id, number).await)
        }
        Err(e) => Err(e.into()),
    }
}

async fn phone_taken(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    number: &str,
) -> ApiError {
    let owner: Option<ContactRow> = contact::table
        .inner_join(contact_phone::table)
        .filter(contact_phone::organization_id.eq(organization_id))
        .filter(contact_phone::number.eq(number))
        .select(ContactRow::as_select())
        .first(conn)
        .await
        .ok();
    let who = owner
        .map(|c| {
            let name = format!("{} {}", c.first_name, c.last_name).trim().to_string();
            if name.is_empty() {
                format!("another contact ({})", c.id)
            } else {
                format!("{name} ({})", c.id)
            }
        })
        .unwrap_or_else(|| "another contact".into());
    ApiError::conflict("phone_taken", format!("number: {number} already belongs to {who}"))
        .on_field("number")
}

async fn clear_preferred_phone(
    conn: &mut AsyncPgConnection,
    contact_id: Uuid,
) -> QueryResult<usize> {
    diesel::update(contact_phone::table.filter(contact_phone::contact_id.eq(contact_id)))
        .set(contact_phone::is_preferred.eq(false))
        .execute(conn)
        .await
}

/// Makes sure exactly one phone is preferred when any exist (after a delete or an un-prefer).
async fn ensure_preferred_phone(conn: &mut AsyncPgConnection, contact_id: Uuid) -> QueryResult<()> {
    let phones: Vec<(Uuid, bool)> = contact_phone::table
        .filter(contact_phone::contact_id.eq(contact_id))
        .order((contact_phone::created_at, contact_phone::id))
        .select((contact_phone::id, contact_phone::is_preferred))
        .load(conn)
        .await?;
    if let Some((first, _)) = <[_]>::first(&phones).filter(|_| !phones.iter().any(|(_, p)| *p)) {
        diesel::update(contact_phone::table.find(first))
            .set(contact_phone::is_preferred.eq(true))
            .execute(conn)
            .await?;
    }
    Ok(())
}

pub async fn update_phone(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    contact_id: Uuid,
    phone_id: Uuid,
    number: &str,
    label: &str,
    preferred: bool,
) -> ApiResult<()> {
    let owner: Option<Uuid> = contact_phone::table
        .filter(contact_phone::organization_id.eq(organization_id))
        .filter(contact_phone::number.eq(number))
        .filter(contact_phone::id.ne(phone_id))
        .select(contact_phone::id)
        .first(conn)
        .await
        .optional()?;
    if owner.is_some() {
        return Err(phone_taken(conn, organization_id, number).await);
    }
    if preferred {
        clear_preferred_phone(conn, contact_id).await?;
    }
    let result = diesel::update(
        contact_phone::table
            .filter(contact_phone::id.eq(phone_id))
            .filter(contact_phone::contact_id.eq(contact_id))
            .filter(contact_phone::organization_id.eq(organization_id)),
    )
    .set((
        contact_phone::number.eq(number),
        contact_phone::label.eq(label),
        contact_phone::is_preferred.eq(preferred),
    ))
    .execute(conn)
    .await;
    match result {
        Ok(0) => Err(ApiError::NotFound { resource: "contact phone" }),
        Ok(_) => {
            ensure_preferred_phone(conn, contact_id).await?;
            touch(conn, contact_id).await?;
            Ok(())
        }
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            Err(phone_taken(conn, organization_id, number).await)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn delete_phone(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    contact_id: Uuid,
    phone_id: Uuid,
) -> ApiResult<()> {
    let n = diesel::delete(
        contact_phone::table
            .filter(contact_phone::id.eq(phone_id))
            .filter(contact_phone::contact_id.eq(contact_id))
            .filter(contact_phone::organization_id.eq(organization_id)),
    )
    .execute(conn)
    .await?;
    if n == 0 {
        return Err(ApiError::NotFound { resource: "contact phone" });
    }
    ensure_preferred_phone(conn, contact_id).await?;
    touch(conn, contact_id).await?;
    Ok(())
}

/// Adds an email (lowercased) inside the caller's transaction; first or asked-for is preferred.
pub async fn add_email(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    contact_id: Uuid,
    email: &str,
    label: &str,
    preferred: bool,
) -> ApiResult<Uuid> {
    let email = loquent_shared::validation::normalize_email(email);
    let has_any: bool = diesel::select(diesel::dsl::exists(
        contact_email::table.filter(contact_email::contact_id.eq(contact_id)),
    ))
    .get_result(conn)
    .await?;
    let preferred = preferred || !has_any;
    if has_email(conn, contact_id, &email, None).await? {
        return Err(ApiError::conflict(
            "email_exists",
            format!("email: {email} is already on this contact"),
        )
        .on_field("email"));
    }
    if preferred {
        clear_preferred_email(conn, contact_id).await?;
    }
    let inserted = diesel::insert_into(contact_email::table)
        .values((
            contact_email::organization_id.eq(organization_id),
            contact_email::contact_id.eq(contact_id),
            contact_email::email.eq(&email),
            contact_email::label.eq(label),
            contact_email::is_preferred.eq(preferred),
        ))
        .returning(contact_email::id)
        .get_result(conn)
        .await;
    match inserted {
        Ok(id) => {
            touch(conn, contact_id).await?;
            Ok(id)
        }
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            Err(ApiError::conflict(
                "email_exists",
                format!("email: {email} is already on this contact"),
            )
            .on_field("email"))
        }
        Err(e) => Err(e.into()),
    }
}

async fn clear_preferred_email(
    conn: &mut AsyncPgConnection,
    contact_id: Uuid,
) -> QueryResult<usize> {
    diesel::update(contact_email::table.filter(contact_email::contact_id.eq(contact_id)))
        .set(contact_email::is_preferred.eq(false))
        .execute(conn)
        .await
}

async fn ensure_preferred_email(conn: &mut AsyncPgConnection, contact_id: Uuid) -> QueryResult<()> {
    let emails: Vec<(Uuid, bool)> = contact_email::table
        .filter(contact_email::contact_id.eq(contact_id))
        .order((contact_email::created_at, contact_email::id))
        .select((contact_email::id, contact_email::is_preferred))
        .load(conn)
        .await?;
    if let Some((first, _)) = <[_]>::first(&emails).filter(|_| !emails.iter().any(|(_, p)| *p)) {
        diesel::update(contact_email::table.find(first))
            .set(contact_email::is_preferred.eq(true))
            .execute(conn)
            .await?;
    }
    Ok(())
}

pub async fn update_email(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    contact_id: Uuid,
    email_id: Uuid,
    email: &str,
    label: &str,
    preferred: bool,
) -> ApiResult<()> {
    let email = loquent_shared::validation::normalize_email(email);
    if has_email(conn, contact_id, &email, Some(email_id)).await? {
        return Err(ApiError::conflict(
            "email_exists",
            format!("email: {email} is already on this contact"),
        )
        .on_field("email"));
    }
    if preferred {
        clear_preferred_email(conn, contact_id).await?;
    }
    let result = diesel::update(
        contact_email::table
            .filter(contact_email::id.eq(email_id))
            .filter(contact_email::contact_id.eq(contact_id))
            .filter(contact_email::organization_id.eq(organization_id)),
    )
    .set((
        contact_email::email.eq(&email),
        contact_email::label.eq(label),
        contact_email::is_preferred.eq(preferred),
    ))
    .execute(conn)
    .await;
    match result {
        Ok(0) => Err(ApiError::NotFound { resource: "contact email" }),
        Ok(_) => {
            ensure_preferred_email(conn, contact_id).await?;
            touch(conn, contact_id).await?;
            Ok(())
        }
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            Err(ApiError::conflict(
                "email_exists",
                format!("email: {email} is already on this contact"),
            )
            .on_field("email"))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn delete_email(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    contact_id: Uuid,
    email_id: Uuid,
) -> ApiResult<()> {
    let n = diesel::delete(
        contact_email::table
            .filter(contact_email::id.eq(email_id))
            .filter(contact_email::contact_id.eq(contact_id))
            .filter(contact_email::organization_id.eq(organization_id)),
    )
    .execute(conn)
    .await?;
    if n == 0 {
        return Err(ApiError::NotFound { resource: "contact email" });
    }
    ensure_preferred_email(conn, contact_id).await?;
    touch(conn, contact_id).await?;
    Ok(())
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

/// Whether the contact has `email` (other than on `except`).
pub async fn has_email(
    conn: &mut AsyncPgConnection,
    contact_id: Uuid,
    email: &str,
    except: Option<Uuid>,
) -> QueryResult<bool> {
    let mut query = contact_email::table
        .filter(contact_email::contact_id.eq(contact_id))
        .filter(contact_email::email.eq(email))
        .into_boxed();
    if let Some(id) = except {
        query = query.filter(contact_email::id.ne(id));
    }
    diesel::select(diesel::dsl::exists(query)).get_result(conn).await
}
