//! `POST /twilio/voice`: Twilio asks what to do with an incoming call. A number with an agent
//! gets TwiML that records the call and connects its audio to Loquent's media stream; anything
//! else hears a short message and is hung up on.

use std::collections::BTreeSet;

use actix_web::{HttpRequest, HttpResponse, post, web};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_shared::twilio::is_sid;
use serde::Deserialize;
use uuid::Uuid;

use super::verify;
use crate::db::schema::organization_twilio_settings as ots;
use crate::error::{ApiError, ApiResult};
use crate::mods::phone::queries as phones;
use crate::mods::twilio::stream::early;
use crate::mods::twilio::twiml::{Element, Response};
use crate::state::AppState;

pub const NOT_IN_SERVICE: &str = "Sorry, the number you have called is not in service. Goodbye.";
/// Played only if Loquent ends the stream itself without the call having ended or moved: the
/// speech provider failed. Twilio runs TwiML after `</Connect>` once the stream's socket closes.
pub const PROVIDER_FAILED: &str = "Sorry, we're having trouble connecting you right now. Please call again in a few minutes. Goodbye.";
pub const NO_AGENT: &str =
    "Sorry, no one is available to take your call right now. Please try again later. Goodbye.";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct IncomingCall {
    account_sid: String,
    call_sid: String,
    from: String,
    to: String,
}

#[post("/voice")]
#[tracing::instrument(skip_all, fields(call_sid))]
pub async fn incoming_call(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let params: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|e| {
        ApiError::bad_request("malformed_form", format!("the body is not a form: {e}"))
    })?;
    let call: IncomingCall = serde_urlencoded::from_bytes(&body)
        .map_err(|e| ApiError::bad_request("malformed_form", format!("voice webhook: {e}")))?;
    if !is_sid(&call.account_sid, "AC") || !is_sid(&call.call_sid, "CA") {
        return Err(ApiError::bad_request(
            "malformed_form",
            "AccountSid and CallSid must be Twilio SIDs",
        ));
    }
    tracing::Span::current().record("call_sid", call.call_sid.as_str());

    // Whoever may have signed this: the organizations holding the dialled number, and those
    // using the account the call belongs to. The first whose token verifies is the one.
    let mut conn = state.conn().await?;
    let numbers = phones::holders_of(&mut conn, &call.to).await?;
    let by_account: Vec<Uuid> = ots::table
        .filter(ots::account_sid.eq(&call.account_sid))
        .select(ots::organization_id)
        .load(&mut conn)
        .await?;
    drop(conn);
    let candidates: BTreeSet<Uuid> =
        numbers.iter().map(|(org, _, _)| *org).chain(by_account).collect();
    let mut organization = None;
    for org in candidates {
        if verify::verify(&state, &req, org, &params).await.is_ok() {
            organization = Some(org);
            break;
        }
    }
    let Some(org) = organization else {
        return Err(verify::forbidden());
    };

    let twiml = match numbers.iter().find(|(o, _, _)| *o == org) {
        None => {
            tracing::info!(to = %call.to, "call to a number Loquent doesn't serve");
            Response::new().say(NOT_IN_SERVICE).hangup()
        }
        Some((_, _, None)) => {
            tracing::info!(to = %call.to, "call to a number without an agent");
            Response::new().say(NO_AGENT).hangup()
        }
        Some((_, phone_id, Some(agent_id))) => {
            tracing::info!(%phone_id, %agent_id, "connecting the call to its agent");
            early::open(&state, &call.call_sid, *phone_id, org, *agent_id);
            connect(&state, *phone_id, &call.from, &call.to)
        }
    };
    Ok(HttpResponse::Ok().content_type("text/xml; charset=utf-8").body(twiml.render()))
}

/// Record the call (mono; the recording callback feeds the post-call pipeline), then stream its
/// audio both ways over Loquent's media stream. `from` and `to` travel as `<Parameter>`s
/// because Twilio drops query strings from stream URLs; the number's id is in the path, so the
/// stream's upgrade can be verified with the right organization's token.
fn connect(state: &AppState, phone_id: Uuid, from: &str, to: &str) -> Response {
    let host = &state.config.app_host;
    let stream_url = match host.strip_prefix("https://") {
        Some(rest) => format!("wss://{rest}/twilio/stream/{phone_id}"),
        None => format!("ws://{}/twilio/stream/{phone_id}", host.trim_start_matches("http://")),
    };
    Response::new()
        .verb(
            Element::new("Start").child(
                Element::new("Recording")
                    .attr("channels", "mono")
                    .attr("recordingStatusCallback", format!("{host}/twilio/recording"))
                    .attr("recordingStatusCallbackMethod", "POST")
                    .attr("recordingStatusCallbackEvent", "completed"),
            ),
        )
        .verb(
            Element::new("Connect").child(
                Element::new("Stream")
                    .attr("url", stream_url)
                    .child(Element::new("Parameter").attr("name", "from").attr("value", from))
                    .child(Element::new("Parameter").attr("name", "to").attr("value", to)),
            ),
        )
        .say(PROVIDER_FAILED)
        .hangup()
}
