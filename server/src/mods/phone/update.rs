use actix_web::{patch, web};
use diesel_async::AsyncConnection;
use loquent_shared::{ErrorBody, Phone, UpdatePhoneRequest};
use uuid::Uuid;

use super::PhoneError;
use super::queries::{self, PhoneChanges};
use crate::error::{ApiError, ApiResult};
use crate::json_body::JsonBody;
use crate::mods::agent;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Change a phone number: its name, the agent answering it, or both at once.
///
/// A field left out stays as it is; `"agent_id": null` leaves the number without an agent. The
/// changes are made together or not at all: with an unknown agent, the name doesn't change
/// either. (`PUT`/`DELETE /api/phones/{id}/agent…` still assign and unassign alone.)
#[utoipa::path(
    tag = "phone",
    operation_id = "update_phone",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Phone number id")),
    request_body(
        content = UpdatePhoneRequest,
        examples(
            ("rename" = (summary = "Rename only", value = json!({"friendly_name": "Front desk"}))),
            ("assign" = (
                summary = "Assign an agent only",
                value = json!({"agent_id": "0b6f3a52-8c8e-4e8f-9a47-2d5c1f0e7b21"})
            )),
            ("unassign" = (summary = "Leave the number without an agent", value = json!({"agent_id": null}))),
            ("both" = (
                summary = "Rename and assign in one step",
                value = json!({"friendly_name": "After hours", "agent_id": "0b6f3a52-8c8e-4e8f-9a47-2d5c1f0e7b21"})
            )),
        ),
    ),
    responses(
        (status = 200, description = "The number as changed", body = Phone),
        (status = 400, description = "Malformed JSON, or the id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change numbers", body = ErrorBody),
        (status = 404, description = "No such number in the caller's organization (`not_found`); or `agent_id` names no agent of the caller's organization (`not_found` with `field: agent_id`), and nothing changed", body = ErrorBody),
        (status = 422, description = "The name is invalid (`field: friendly_name`); a field has the wrong type (`invalid_body`, naming the field); or the body changes nothing (`invalid_body`, no field)", body = ErrorBody),
    )
)]
#[patch("/phones/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn update_phone(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<UpdatePhoneRequest>,
) -> ApiResult<web::Json<Phone>> {
    auth.require(Permission::PhoneInstanceUpdate)?;
    body.validate()?;
    if body.is_empty() {
        return Err(ApiError::InvalidBody {
            message: "nothing to change: give friendly_name, agent_id or both".into(),
            field: None,
        });
    }
    let (org, id) = (auth.organization_id(), id.into_inner());
    let request = body.into_inner();
    let mut conn = state.conn().await?;
    let row = conn
        .transaction::<_, PhoneError, _>(async move |conn| {
            // The number first: another organization's number is 404 whatever the agent.
            queries::find(conn, org, id).await?;
            if let Some(Some(agent_id)) = request.agent_id {
                agent::queries::find(conn, org, agent_id).await?;
            }
            let changes = PhoneChanges {
                friendly_name: request.friendly_name.as_deref().map(str::trim),
                agent_id: request.agent_id,
            };
            queries::update(conn, org, id, &changes).await
        })
        .await?;
    Ok(web::Json(row.into()))
}
