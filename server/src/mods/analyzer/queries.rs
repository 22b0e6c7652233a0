use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use loquent_shared::{Analyzer, AnalyzerInput};
use uuid::Uuid;

use super::error::AnalyzerError;
use crate::db::schema::{analyzer, phone_number_analyzer as pna};
use crate::mods::phone;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = analyzer, check_for_backend(diesel::pg::Pg))]
pub struct AnalyzerRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub prompt: String,
    pub is_default: bool,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl AnalyzerRow {
    fn to_dto(&self, phone_number_ids: Vec<Uuid>) -> Analyzer {
        Analyzer {
            id: self.id,
            name: self.name.clone(),
            prompt: self.prompt.clone(),
            is_default: self.is_default,
            is_active: self.is_active,
            phone_number_ids,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

pub async fn list(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
) -> Result<Vec<Analyzer>, AnalyzerError> {
    let rows: Vec<AnalyzerRow> = analyzer::table
        .filter(analyzer::organization_id.eq(organization_id))
        .order((analyzer::created_at.desc(), analyzer::id))
        .select(AnalyzerRow::as_select())
        .load(conn)
        .await?;
    let mut assigned = assignments(conn, organization_id, None).await?;
    Ok(rows.iter().map(|r| r.to_dto(assigned.remove(&r.id).unwrap_or_default())).collect())
}

pub async fn get(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> Result<Analyzer, AnalyzerError> {
    let row: AnalyzerRow = analyzer::table
        .filter(analyzer::id.eq(id))
        .filter(analyzer::organization_id.eq(organization_id))
        .select(AnalyzerRow::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(AnalyzerError::NotFound)?;
    let mut assigned = assignments(conn, organization_id, Some(id)).await?;
    Ok(row.to_dto(assigned.remove(&id).unwrap_or_default()))
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    input: &AnalyzerInput,
) -> Result<Analyzer, AnalyzerError> {
    let input = input.clone();
    let id = conn
        .transaction::<_, AnalyzerError, _>(async move |conn| {
            let row: AnalyzerRow = diesel::insert_into(analyzer::table)
                .values((
                    analyzer::organization_id.eq(organization_id),
                    analyzer::name.eq(input.name.trim()),
                    analyzer::prompt.eq(&input.prompt),
                    analyzer::is_default.eq(input.is_default),
                    analyzer::is_active.eq(input.is_active),
                ))
                .returning(AnalyzerRow::as_returning())
                .get_result(conn)
                .await?;
            set_assignments(conn, organization_id, row.id, &input.phone_number_ids).await?;
            Ok(row.id)
        })
        .await?;
    get(conn, organization_id, id).await
}

pub async fn replace(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
    input: &AnalyzerInput,
) -> Result<Analyzer, AnalyzerError> {
    let input = input.clone();
    conn.transaction::<_, AnalyzerError, _>(async move |conn| {
        let updated = diesel::update(
            analyzer::table
                .filter(analyzer::id.eq(id))
                .filter(analyzer::organization_id.eq(organization_id)),
        )
        .set((
            analyzer::name.eq(input.name.trim()),
            analyzer::prompt.eq(&input.prompt),
            analyzer::is_default.eq(input.is_default),
            analyzer::is_active.eq(input.is_active),
            analyzer::updated_at.eq(Utc::now()),
        ))
        .execute(conn)
        .await?;
        if updated == 0 {
            return Err(AnalyzerError::NotFound);
        }
        set_assignments(conn, organization_id, id, &input.phone_number_ids).await
    })
    .await?;
    get(conn, organization_id, id).await
}

pub async fn delete(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> Result<(), AnalyzerError> {
    let deleted = diesel::delete(
        analyzer::table
            .filter(analyzer::id.eq(id))
            .filter(analyzer::organization_id.eq(organization_id)),
    )
    .execute(conn)
    .await?;
    if deleted == 0 { Err(AnalyzerError::NotFound) } else { Ok(()) }
}

/// Assigns the organization's default analyzers to a new number.
pub async fn assign_defaults(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    phone_number_id: Uuid,
) -> QueryResult<usize> {
    let defaults: Vec<Uuid> = analyzer::table
        .filter(analyzer::organization_id.eq(organization_id))
        .filter(analyzer::is_default.eq(true))
        .select(analyzer::id)
        .load(conn)
        .await?;
    let rows: Vec<_> = defaults
        .into_iter()
        .map(|analyzer_id| {
            (
                pna::organization_id.eq(organization_id),
                pna::phone_number_id.eq(phone_number_id),
                pna::analyzer_id.eq(analyzer_id),
            )
        })
        .collect();
    diesel::insert_into(pna::table).values(rows).on_conflict_do_nothing().execute(conn).await
}

/// The active analyzers assigned to a number, by name.
pub async fn active_for_number(
    conn: &mut AsyncPgConnection,
    phone_number_id: Option<Uuid>,
) -> QueryResult<Vec<AnalyzerRow>> {
    let Some(phone) = phone_number_id else { return Ok(Vec::new()) };
    analyzer::table
        .inner_join(pna::table)
        .filter(pna::phone_number_id.eq(phone))
        .filter(analyzer::is_active.eq(true))
        .order((analyzer::name, analyzer::id))
        .select(AnalyzerRow::as_select())
        .load(conn)
        .await
}

/// The names of the organization's analyzers among `ids`, ordered by name (then id); unknown
/// ids are left out. One query however many ids.
pub async fn names_by_name(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    ids: &[Uuid],
) -> QueryResult<Vec<(Uuid, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    analyzer::table
        .filter(analyzer::organization_id.eq(organization_id))
        .filter(analyzer::id.eq_any(ids))
        .order((analyzer::name, analyzer::id))
        .select((analyzer::id, analyzer::name))
        .load(conn)
        .await
}

/// Makes `phone_number_ids` exactly the analyzer's numbers; every id must be the
/// organization's (another organization's id is as unknown as a made-up one: 404).
async fn set_assignments(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    analyzer_id: Uuid,
    phone_number_ids: &[Uuid],
) -> Result<(), AnalyzerError> {
    let wanted: BTreeSet<Uuid> = phone_number_ids.iter().copied().collect();
    let known: BTreeSet<Uuid> =
        phone::owned_ids(conn, organization_id, &wanted).await?.into_iter().collect();
    if known.len() != wanted.len() {
        return Err(AnalyzerError::UnknownPhoneNumber);
    }
    diesel::delete(pna::table.filter(pna::analyzer_id.eq(analyzer_id))).execute(conn).await?;
    let rows: Vec<_> = wanted
        .into_iter()
        .map(|phone_id| {
            (
                pna::organization_id.eq(organization_id),
                pna::phone_number_id.eq(phone_id),
                pna::analyzer_id.eq(analyzer_id),
            )
        })
        .collect();
    diesel::insert_into(pna::table).values(rows).execute(conn).await?;
    Ok(())
}

async fn assignments(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    only: Option<Uuid>,
) -> Result<HashMap<Uuid, Vec<Uuid>>, AnalyzerError> {
    let mut query = pna::table
        .filter(pna::organization_id.eq(organization_id))
        .select((pna::analyzer_id, pna::phone_number_id))
        .order((pna::analyzer_id, pna::phone_number_id))
        .into_boxed();
    if let Some(id) = only {
        query = query.filter(pna::analyzer_id.eq(id));
    }
    let pairs: Vec<(Uuid, Uuid)> = query.load(conn).await?;
    let mut map: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (analyzer_id, phone_id) in pairs {
        map.entry(analyzer_id).or_default().push(phone_id);
    }
    Ok(map)
}

/// Inserts an analyzer with the id and creation time the caller chose (the demo workspace's
/// sample analyzers, whose ids are derived from their organization), assigned to
/// `input.phone_number_ids`, which must be the organization's.
pub async fn insert_at(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
    created_at: DateTime<Utc>,
    input: &AnalyzerInput,
) -> Result<(), AnalyzerError> {
    diesel::insert_into(analyzer::table)
        .values((
            analyzer::id.eq(id),
            analyzer::organization_id.eq(organization_id),
            analyzer::name.eq(input.name.trim()),
            analyzer::prompt.eq(&input.prompt),
            analyzer::is_default.eq(input.is_default),
            analyzer::is_active.eq(input.is_active),
            analyzer::created_at.eq(created_at),
            analyzer::updated_at.eq(created_at),
        ))
        .execute(conn)
        .await?;
    set_assignments(conn, organization_id, id, &input.phone_number_ids).await
}

/// Whether the organization has any analyzer.
pub async fn any(conn: &mut AsyncPgConnection, organization_id: Uuid) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        analyzer::table.filter(analyzer::organization_id.eq(organization_id)),
    ))
    .get_result(conn)
    .await
}

/// Deletes those of `ids` that are the organization's analyzers, with their assignments and
/// runs (the foreign keys cascade); how many went.
pub async fn delete_many(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    ids: &[Uuid],
) -> QueryResult<usize> {
    diesel::delete(
        analyzer::table
            .filter(analyzer::organization_id.eq(organization_id))
            .filter(analyzer::id.eq_any(ids)),
    )
    .execute(conn)
    .await
}
