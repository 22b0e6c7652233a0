use actix_web::{patch, web};
use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use loquent_shared::{ErrorBody, Todo, UpdateTodoRequest};
use uuid::Uuid;

use super::error::TodoError;
use super::queries::{self, TodoRow};
use crate::db::schema::todo;
use crate::error::{ApiError, ApiResult};
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::mods::team;
use crate::state::AppState;

/// Change a to-do's title, description, due hint, assignee, or the email drafted for the
/// caller (review it before approving). Absent fields stay as they are.
#[utoipa::path(
    tag = "todo",
    operation_id = "update_todo",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "To-do id")),
    request_body = UpdateTodoRequest,
    responses(
        (status = 200, description = "The updated to-do", body = Todo),
        (status = 400, description = "Malformed JSON, or the id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change to-dos", body = ErrorBody),
        (status = 404, description = "No such to-do, or `assignee_id` is not a member of the organization", body = ErrorBody),
        (status = 422, description = "A field is invalid (the message names it), or the body changes nothing (`invalid_body`, no field)", body = ErrorBody),
    )
)]
#[patch("/todos/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn update_todo(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<UpdateTodoRequest>,
) -> ApiResult<web::Json<Todo>> {
    auth.require(Permission::TodoInstanceUpdate)?;
    body.validate()?;
    if body.is_empty() {
        return Err(ApiError::InvalidBody {
            message: "nothing to change: give title, description, due_hint, assignee_id, \
                      email_subject or email_body"
                .into(),
            field: None,
        });
    }
    let (org, id, patch) = (auth.organization_id(), *id, body.into_inner());
    let mut conn = state.conn().await?;
    let row = conn
        .transaction::<_, TodoError, _>(async move |conn| {
            queries::find_for_update(conn, org, id).await?;
            if let Some(Some(member)) = patch.assignee_id
                && !team::queries::is_member(conn, org, member).await?
            {
                return Err(TodoError::UnknownAssignee);
            }
            let row: TodoRow = diesel::update(todo::table.find(id))
                .set((
                    patch.title.as_deref().map(|t| todo::title.eq(t.trim())),
                    patch.description.as_deref().map(|d| todo::description.eq(d.trim())),
                    patch.assignee_id.map(|a| todo::assignee_id.eq(a)),
                    patch.due_hint.as_ref().map(|d| {
                        todo::due_hint.eq(d.as_deref().map(str::trim).filter(|d| !d.is_empty()))
                    }),
                    patch.email_subject.as_deref().map(|s| todo::email_subject.eq(s.trim())),
                    patch.email_body.as_deref().map(|b| todo::email_body.eq(b.trim())),
                    todo::updated_at.eq(Utc::now()),
                ))
                .returning(TodoRow::as_returning())
                .get_result(conn)
                .await?;
            Ok(row)
        })
        .await?;
    Ok(web::Json(queries::to_dto(&mut conn, row).await?))
}
