use actix_web::{HttpResponse, post, web};
use loquent_shared::{BuyPhoneRequest, ErrorBody, Phone};

use super::account;
use super::error::TelephonyError;
use crate::clients::twilio::TwilioError;
use crate::clients::twilio::error_codes::NUMBER_NOT_AVAILABLE;
use crate::error::{ApiError, ApiResult};
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::mods::phone::{self, queries as phones, queries::NewPhone};
use crate::state::AppState;

/// Buy a number: purchase it on the organization's Twilio account with its voice webhook
/// already pointing at Loquent, register it (no agent yet) and attach the default analyzers.
///
/// If Twilio sells the number but Loquent then fails to record it, the number is not lost: it
/// stays in the Twilio account and is offered by the import (`get-unsynced-numbers`).
#[utoipa::path(
    tag = "twilio",
    operation_id = "buy_phone_number",
    security(("session_cookie" = []), ("api_key" = [])),
    request_body = BuyPhoneRequest,
    responses(
        (status = 201, description = "Bought and registered", body = Phone),
        (status = 400, description = "Not an E.164 number (`invalid_phone_number`), or malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not buy numbers", body = ErrorBody),
        (status = 404, description = "Twilio no longer offers this number (`no_numbers_available`)", body = ErrorBody),
        (status = 409, description = "The organization already has this number (`phone_already_registered`)", body = ErrorBody),
        (status = 500, description = "No Twilio account can be used (`twilio_not_configured`), or bought but not recorded (`internal_error`, the message says what to do)", body = ErrorBody),
        (status = 502, description = "Twilio failed (`twilio_error`, with Twilio's message)", body = ErrorBody),
    )
)]
#[post("/twilio/buy-phone-number")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn buy_phone_number(
    auth: Authenticated,
    state: web::Data<AppState>,
    body: JsonBody<BuyPhoneRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::PhoneCollectionBuy)?;
    let number = body.phone_number.trim().to_string();
    BuyPhoneRequest { phone_number: number.clone() }.validate().map_err(ApiError::invalid_field)?;
    let org = auth.organization_id();
    {
        let mut conn = state.conn().await?;
        if phones::exists_by_number(&mut conn, org, &number).await? {
            return Err(TelephonyError::AlreadyRegistered { number }.into());
        }
    }
    let creds = account::ensure_credentials(&state, &auth.organization).await?;
    let bought = state
        .twilio
        .buy_number(&creds, &number, &account::voice_url(&state))
        .await
        .map_err(purchase_error)?;
    tracing::info!(twilio_sid = %bought.sid, "number bought");

    let mut conn = state.conn().await?;
    let new = NewPhone {
        number: &bought.phone_number,
        twilio_sid: &bought.sid,
        friendly_name: bought.friendly_name.as_deref().unwrap_or(&bought.phone_number),
        routes_to_loquent: true,
    };
    let recorded = match phone::register(&mut conn, org, new).await {
        Ok(Some(row)) => Ok(row),
        Ok(None) => Err(anyhow::anyhow!("number registered concurrently")),
        Err(e) => Err(e.into()),
    };
    match recorded {
        Ok(row) => Ok(HttpResponse::Created().json(Phone::from(row))),
        Err(e) => {
            tracing::error!(error = %e, twilio_sid = %bought.sid, number = %bought.phone_number,
                "number bought on Twilio but not recorded; it is offered by the import");
            Err(TelephonyError::BoughtNotSaved { number: bought.phone_number }.into())
        }
    }
}

/// Twilio's "not available" means someone bought the number since the search: a 404 the
/// customer can act on, not a failure of Twilio.
fn purchase_error(err: TwilioError) -> TelephonyError {
    if err.code() == Some(NUMBER_NOT_AVAILABLE) {
        return TelephonyError::NumberUnavailable;
    }
    TelephonyError::Twilio(err)
}
