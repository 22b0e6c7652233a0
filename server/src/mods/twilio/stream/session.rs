//! One media stream, from `start` to its end. Each call runs in its own task with its own
//! state; nothing is shared between calls.

use std::sync::Arc;
use std::time::Duration;

use actix_ws::{CloseCode, CloseReason, Message, MessageStream, Session};
use loquent_shared::CallStatus;

use super::bridge::Ending;
use super::protocol::{self, Inbound, Start};
use super::{provider, relay};
use crate::clients::twilio::TwilioCredentials;
use crate::mods::agent::for_call::{self, CallAgent};
use crate::mods::call;
use crate::mods::phone::queries::PhoneRow;
use crate::mods::twilio::account;
use crate::mods::twilio::twiml::Response;
use crate::mods::twilio::webhooks::voice::PROVIDER_FAILED;
use crate::state::AppState;

/// How long Twilio has to send `start` after the upgrade.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// The stream of call `call_sid` (the one its signed URL names) on `phone`.
pub async fn run(
    state: Arc<AppState>,
    phone: PhoneRow,
    call_sid: String,
    ws: Session,
    mut messages: MessageStream,
) {
    let start = match tokio::time::timeout(START_TIMEOUT, wait_for_start(&mut messages)).await {
        Ok(Some(start)) if start.call_sid == call_sid => start,
        Ok(Some(start)) => {
            tracing::warn!(phone_number_id = %phone.id, url_call_sid = %call_sid,
                start_call_sid = %start.call_sid, "a stream started for another call than its URL's");
            return close(ws, CloseCode::Policy, "the start names another call").await;
        }
        Ok(None) => return close(ws, CloseCode::Policy, "expected a start event").await,
        Err(_) => {
            tracing::warn!(phone_number_id = %phone.id, "no start event within the timeout");
            return close(ws, CloseCode::Policy, "no start event").await;
        }
    };
    let span =
        tracing::info_span!("call", call_sid = %start.call_sid, org_id = %phone.organization_id);
    tracing::Instrument::instrument(bridge(state, phone, start, ws, messages), span).await;
}

async fn bridge(
    state: Arc<AppState>,
    phone: PhoneRow,
    start: Start,
    mut ws: Session,
    mut messages: MessageStream,
) {
    let from = start.custom_parameters.get("from").cloned().unwrap_or_default();
    // The call's record and its agent's provider session are set up side by side: the
    // caller's first words wait for the slower of the two, not for both.
    let answer = async {
        let (agent, creds) = prepare(&state, &phone).await?;
        // The session the voice webhook opened for this call, if it reached this server.
        let early = state.early_sessions.take(&start.call_sid, phone.id, agent.id).await;
        let provider = match early {
            Some(session) => Ok(session),
            None => provider::open(&state, &agent).await,
        };
        anyhow::Ok((agent, creds, provider))
    };
    let (record, answer) = tokio::join!(begin(&state, &phone, &start, &from), answer);
    let call_id = match record {
        Ok(id) => id,
        Err(e) if matches!(e.downcast_ref(), Some(call::CallError::Over)) => {
            // A replayed stream for a call that is over: it stays over.
            tracing::warn!("a media stream for a call that is over; refused");
            if let Ok((_, _, Ok(provider))) = answer {
                provider.close();
            }
            return close(ws, CloseCode::Policy, "the call is over").await;
        }
        Err(e) => {
            tracing::error!(error = %e, "could not record the call");
            if let Ok((_, _, Ok(provider))) = answer {
                provider.close();
            }
            // Closing lets the TwiML after <Connect> apologise to the caller.
            return close(ws, CloseCode::Error, "setup failed").await;
        }
    };
    let (agent, creds, provider) = match answer {
        Ok(answer) => answer,
        Err(e) => {
            tracing::error!(error = %e, "could not set up the call");
            finish(&state, call_id, CallStatus::Failed).await;
            return close(ws, CloseCode::Error, "setup failed").await;
        }
    };
    let mut provider = match provider {
        Ok(session) => session,
        Err(e) => {
            tracing::error!(error = %e, "the realtime provider would not connect");
            hang_up_with_apology(&state, &creds, &start.call_sid).await;
            finish(&state, call_id, CallStatus::Failed).await;
            return close(ws, CloseCode::Error, "provider unavailable").await;
        }
    };
    tracing::info!(%call_id, stream_sid = %start.stream_sid, agent_id = %agent.id, "media stream started");

    let call = relay::Call {
        twilio: &state.twilio,
        creds: &creds,
        agent: &agent,
        call_sid: &start.call_sid,
        stream_sid: &start.stream_sid,
        number: &phone.number,
    };
    let ending = relay::run(&call, &mut provider, &mut ws, &mut messages).await;
    provider.close();
    if ending == Ending::Failed {
        // The caller is still on the line: tell them, and hang up (the TwiML after <Connect>
        // says the same if this request fails too).
        hang_up_with_apology(&state, &creds, &start.call_sid).await;
    }
    finish(&state, call_id, ending.status()).await;
    let _ = ws.close(None).await;
}

/// Ends a live call through Twilio's REST API with a short apology: closing the media stream
/// alone would leave the caller in silence.
async fn hang_up_with_apology(state: &AppState, creds: &TwilioCredentials, call_sid: &str) {
    let apology = Response::new().say(PROVIDER_FAILED).hangup().render();
    if let Err(e) = state.twilio.update_call(creds, call_sid, &[("Twiml", apology.as_str())]).await
    {
        tracing::warn!(error = %e, "could not end the call through Twilio");
    }
}

async fn begin(
    state: &AppState,
    phone: &PhoneRow,
    start: &Start,
    from: &str,
) -> anyhow::Result<uuid::Uuid> {
    let mut conn = state.pool.get().await?;
    Ok(call::begin(&mut conn, phone, &start.call_sid, from).await?)
}

/// The agent to answer and the organization's Twilio credentials (for tools).
async fn prepare(
    state: &AppState,
    phone: &PhoneRow,
) -> anyhow::Result<(CallAgent, TwilioCredentials)> {
    let mut conn = state.pool.get().await?;
    let agent_id =
        phone.agent_id.ok_or_else(|| anyhow::anyhow!("the number no longer has an agent"))?;
    let agent = for_call::load(&mut conn, phone.organization_id, agent_id).await?;
    let creds = account::stored_credentials(state, &mut conn, phone.organization_id).await?;
    Ok((agent, creds))
}

async fn finish(state: &AppState, call_id: uuid::Uuid, status: CallStatus) {
    match state.pool.get().await {
        Ok(mut conn) => {
            if let Err(e) = call::finish(&mut conn, call_id, status).await {
                tracing::error!(error = %e, "could not record the end of the call");
            }
        }
        Err(e) => tracing::error!(error = %e, "no database connection to end the call"),
    }
}

async fn wait_for_start(messages: &mut MessageStream) -> Option<Start> {
    while let Some(message) = messages.recv().await {
        match message {
            Ok(Message::Text(text)) => {
                if let Some(Inbound::Start(start)) = protocol::parse(&text) {
                    return Some(start);
                }
            }
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
    None
}

async fn close(ws: Session, code: CloseCode, why: &str) {
    let _ = ws.close(Some(CloseReason { code, description: Some(why.to_string()) })).await;
}
