use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::{Agent, AgentInput};
use uuid::Uuid;

use super::error::AgentError;
use crate::db::schema::agent;
use crate::mods::phone;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = agent, check_for_backend(diesel::pg::Pg))]
pub struct AgentRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub instructions: String,
    pub realtime_config: serde_json::Value,
    pub tools: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl AgentRow {
    pub fn to_dto(&self, phone_count: u32) -> Result<Agent, AgentError> {
        let corrupt = |what, source| AgentError::Unreadable { id: self.id, what, source };
        Ok(Agent {
            id: self.id,
            name: self.name.clone(),
            instructions: self.instructions.clone(),
            realtime_config: serde_json::from_value(self.realtime_config.clone())
                .map_err(|e| corrupt("realtime_config", e))?,
            tools: serde_json::from_value(self.tools.clone()).map_err(|e| corrupt("tools", e))?,
            phone_count,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, AgentError> {
    serde_json::to_value(value).map_err(AgentError::Unwritable)
}

pub async fn list(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
) -> Result<Vec<Agent>, AgentError> {
    let rows: Vec<AgentRow> = agent::table
        .filter(agent::organization_id.eq(organization_id))
        .order((agent::created_at.desc(), agent::id))
        .select(AgentRow::as_select())
        .load(conn)
        .await?;
    let counts = phone::count_by_agent(conn, organization_id).await?;
    rows.iter().map(|r| r.to_dto(counts.get(&r.id).copied().unwrap_or(0))).collect()
}

/// The organization's agent, or 404 (also for another organization's id).
pub async fn find(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> Result<AgentRow, AgentError> {
    agent::table
        .filter(agent::id.eq(id))
        .filter(agent::organization_id.eq(organization_id))
        .select(AgentRow::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(AgentError::NotFound)
}

pub async fn get(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> Result<Agent, AgentError> {
    let row = find(conn, organization_id, id).await?;
    let count = phone::count_by_agent(conn, organization_id).await?.get(&id).copied().unwrap_or(0);
    row.to_dto(count)
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    input: &AgentInput,
) -> Result<Agent, AgentError> {
    let row: AgentRow = diesel::insert_into(agent::table)
        .values((
            agent::organization_id.eq(organization_id),
            agent::name.eq(input.name.trim()),
            agent::instructions.eq(&input.instructions),
            agent::realtime_config.eq(to_json(&input.realtime_config)?),
            agent::tools.eq(to_json(&input.tools)?),
        ))
        .returning(AgentRow::as_returning())
        .get_result(conn)
        .await?;
    row.to_dto(0)
}

pub async fn replace(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
    input: &AgentInput,
) -> Result<Agent, AgentError> {
    let row: AgentRow = diesel::update(
        agent::table.filter(agent::id.eq(id)).filter(agent::organization_id.eq(organization_id)),
    )
    .set((
        agent::name.eq(input.name.trim()),
        agent::instructions.eq(&input.instructions),
        agent::realtime_config.eq(to_json(&input.realtime_config)?),
        agent::tools.eq(to_json(&input.tools)?),
        agent::updated_at.eq(Utc::now()),
    ))
    .returning(AgentRow::as_returning())
    .get_result(conn)
    .await
    .optional()?
    .ok_or(AgentError::NotFound)?;
    let count = phone::count_by_agent(conn, organization_id).await?.get(&id).copied().unwrap_or(0);
    row.to_dto(count)
}

/// Deletes the agent; its numbers are unassigned by the foreign key (`ON DELETE SET NULL`).
pub async fn delete(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> Result<(), AgentError> {
    let deleted = diesel::delete(
        agent::table.filter(agent::id.eq(id)).filter(agent::organization_id.eq(organization_id)),
    )
    .execute(conn)
    .await?;
    if deleted == 0 { Err(AgentError::NotFound) } else { Ok(()) }
}

/// Inserts an agent with the id and creation time the caller chose: the demo workspace's
/// sample agent, whose id is derived from its organization so it can be found again.
pub async fn insert_at(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
    created_at: DateTime<Utc>,
    input: &AgentInput,
) -> Result<(), AgentError> {
    diesel::insert_into(agent::table)
        .values((
            agent::id.eq(id),
            agent::organization_id.eq(organization_id),
            agent::name.eq(input.name.trim()),
            agent::instructions.eq(&input.instructions),
            agent::realtime_config.eq(to_json(&input.realtime_config)?),
            agent::tools.eq(to_json(&input.tools)?),
            agent::created_at.eq(created_at),
            agent::updated_at.eq(created_at),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the organization has any agent.
pub async fn any(conn: &mut AsyncPgConnection, organization_id: Uuid) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        agent::table.filter(agent::organization_id.eq(organization_id)),
    ))
    .get_result(conn)
    .await
}

/// Deletes those of `ids` that are the organization's agents (their numbers are unassigned);
/// how many went.
pub async fn delete_many(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    ids: &[Uuid],
) -> QueryResult<usize> {
    diesel::delete(
        agent::table
            .filter(agent::organization_id.eq(organization_id))
            .filter(agent::id.eq_any(ids)),
    )
    .execute(conn)
    .await
}
