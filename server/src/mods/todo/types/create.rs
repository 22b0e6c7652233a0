use actix_web::{HttpResponse, post, web};
use loquent_shared::{ErrorBody, TodoType, TodoTypeInput};

use super::queries;
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Create a to-do type: the model looks for it in the organization's next calls.
#[utoipa::path(
    tag = "todo",
    operation_id = "create_todo_type",
    security(("session_cookie" = []), ("api_key" = [])),
    request_body = TodoTypeInput,
    responses(
        (status = 201, description = "The new to-do type", body = TodoType),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not create to-do types", body = ErrorBody),
        (status = 409, description = "The organization has a type of that name already (`name`)", body = ErrorBody),
        (status = 422, description = "A field is invalid; the message names it", body = ErrorBody),
    )
)]
#[post("/todo-types")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn create_todo_type(
    auth: Authenticated,
    state: web::Data<AppState>,
    body: JsonBody<TodoTypeInput>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::TodoTypeCollectionCreate)?;
    body.validate()?;
    let mut conn = state.conn().await?;
    let row = queries::insert(&mut conn, auth.organization_id(), &body).await?;
    tracing::info!(todo_type_id = %row.id, "to-do type created");
    Ok(HttpResponse::Created().json(row.to_dto()))
}
