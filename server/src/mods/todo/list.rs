use actix_web::{get, web};
use loquent_shared::{ErrorBody, TodoPage, TodoStatus};
use serde::Deserialize;
use uuid::Uuid;

use super::queries::{self, TodoFilter};
use crate::error::{ApiError, ApiResult};
use crate::mods::auth::{Authenticated, Permission};
use crate::mods::{call, contact};
use crate::pagination::{Cursor, PageParams, page};
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TodoListFilter {
    /// One status, or several separated by commas (`approved,in_progress,failed`).
    #[param(
        example = "pending_review",
        pattern = r"^(pending_review|approved|in_progress|completed|failed|rejected|done)(,(pending_review|approved|in_progress|completed|failed|rejected|done))*$"
    )]
    pub status: Option<String>,
    /// Only to-dos of this type.
    pub todo_type_id: Option<Uuid>,
    /// Only to-dos about this contact; another organization's contact is 404.
    pub contact_id: Option<Uuid>,
    /// Only to-dos from this call; another organization's call is 404.
    pub call_id: Option<Uuid>,
    /// Only to-dos assigned to this member.
    pub assignee_id: Option<Uuid>,
}

/// `status=a,b`: each must be a status, spelt exactly (as the spec's pattern says).
fn statuses(raw: Option<&str>) -> Result<Vec<TodoStatus>, ApiError> {
    let Some(raw) = raw else { return Ok(Vec::new()) };
    raw.split(',')
        .map(|s| {
            TodoStatus::parse(s).ok_or_else(|| {
                let known: Vec<&str> = TodoStatus::ALL.iter().map(|s| s.as_str()).collect();
                ApiError::bad_request(
                    "invalid_query",
                    format!("status: {s:?} is not one of {}", known.join(", ")),
                )
                .on_field("status")
            })
        })
        .collect()
}

/// List to-dos, newest first, filtered by status, type, contact, call or assignee.
#[utoipa::path(
    tag = "todo",
    operation_id = "list_todos",
    security(("session_cookie" = []), ("api_key" = [])),
    params(PageParams, TodoListFilter),
    responses(
        (status = 200, description = "A page of to-dos", body = TodoPage),
        (status = 400, description = "A bad cursor, limit, status or id", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not list to-dos", body = ErrorBody),
        (status = 404, description = "`contact_id` or `call_id` is not the organization's", body = ErrorBody),
    )
)]
#[get("/todos")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn list_todos(
    auth: Authenticated,
    state: web::Data<AppState>,
    paging: web::Query<PageParams>,
    filter: web::Query<TodoListFilter>,
) -> ApiResult<web::Json<TodoPage>> {
    auth.require(Permission::TodoCollectionList)?;
    let limit = paging.limit()?;
    let statuses = statuses(filter.status.as_deref())?;
    let org = auth.organization_id();
    let mut conn = state.conn().await?;
    if let Some(id) = filter.contact_id {
        contact::queries::find_row(&mut conn, org, id).await?;
    }
    if let Some(id) = filter.call_id {
        call::queries::find(&mut conn, org, id).await?;
    }
    let filter = TodoFilter {
        statuses,
        todo_type_id: filter.todo_type_id,
        contact_id: filter.contact_id,
        call_id: filter.call_id,
        assignee_id: filter.assignee_id,
    };
    let rows = queries::list(&mut conn, org, &filter, paging.cursor()?, limit + 1).await?;
    let (items, next_cursor) = page(rows, limit, |t| Cursor { created_at: t.created_at, id: t.id });
    Ok(web::Json(TodoPage { items, next_cursor }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_a_comma_list_of_known_names() {
        assert_eq!(statuses(None).ok(), Some(vec![]));
        assert_eq!(
            statuses(Some("approved,failed")).ok(),
            Some(vec![TodoStatus::Approved, TodoStatus::Failed])
        );
        // The spec's pattern has no spaces, so the server refuses them too.
        assert!(statuses(Some("approved, failed")).is_err());
        assert_eq!(
            statuses(Some("approved,nope")).err().and_then(|e| e.field().map(str::to_string)),
            Some("status".into())
        );
    }
}
