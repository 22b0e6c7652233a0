//! One media stream, from `start` to its end. Each call runs in its own task with its own
//! state; nothing is shared between calls.

use std::sync::Arc;
use std::time::Duration;

use actix_ws::{CloseCode, CloseReason, Message, MessageStream, Session};
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use loquent_shared::Agent;
use loquent_shared::twilio::is_sid;

use super::playback::Playback;
use super::protocol::{self, Inbound, Start};
use super::{provider, tools};
use crate::clients::realtime::{ProviderCommand, ProviderEvent};
use crate::clients::twilio::TwilioCredentials;
use crate::mods::agent::queries as agent_queries;
use crate::mods::call;
use crate::mods::phone::queries::PhoneRow;
use crate::mods::twilio::account;
use crate::mods::twilio::twiml::Response;
use crate::mods::twilio::webhooks::voice::PROVIDER_FAILED;
use crate::state::AppState;

/// How long Twilio has to send `start` after the upgrade.
const START_TIMEOUT: Duration = Duration::from_secs(10);

pub async fn run(state: Arc<AppState>, phone: PhoneRow, ws: Session, mut messages: MessageStream) {
    let start = match tokio::time::timeout(START_TIMEOUT, wait_for_start(&mut messages)).await {
        Ok(Some(start)) if is_sid(&start.call_sid, "CA") => start,
        Ok(_) => return close(ws, CloseCode::Policy, "expected a start event").await,
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
            finish(&state, call_id, "failed").await;
            return close(ws, CloseCode::Error, "setup failed").await;
        }
    };
    let mut provider = match provider {
        Ok(session) => session,
        Err(e) => {
            tracing::error!(error = %e, "the realtime provider would not connect");
            hang_up_with_apology(&state, &creds, &start.call_sid).await;
            finish(&state, call_id, "failed").await;
            return close(ws, CloseCode::Error, "provider unavailable").await;
        }
    };
    tracing::info!(%call_id, stream_sid = %start.stream_sid, agent_id = %agent.id, "media stream started");

    let sid = start.stream_sid.as_str();
    let mut playback = Playback::default();
    let mut outcome = "completed";
    // Tools run beside the relay: the caller's audio keeps flowing to the model while a Twilio
    // request is under way, and a result the model no longer wants can be dropped.
    let mut running_tools = FuturesUnordered::new();
    loop {
        tokio::select! {
            message = messages.recv() => {
                let text = match message {
                    Some(Ok(Message::Text(text))) => text,
                    Some(Ok(Message::Ping(bytes))) => { let _ = ws.pong(&bytes).await; continue; }
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => { tracing::info!("caller hung up"); break; }
                    Some(Ok(_)) => continue,
                };
                match protocol::parse(&text) {
                    Some(Inbound::Media(audio)) => {
                        let sent = provider.send(ProviderCommand::Audio(&audio)).await;
                        if sent.is_err() {
                            tracing::warn!("the provider session is gone");
                            outcome = "failed";
                            break;
                        }
                    }
                    Some(Inbound::Mark(name)) => playback.played(&name),
                    Some(Inbound::Stop) => { tracing::info!("stream stopped"); break; }
                    _ => {}
                }
            }
            event = provider.next_event() => {
                match event {
                    ProviderEvent::AudioDelta { item_id, audio } => {
                        if !playback.accepts(&item_id) {
                            continue;
                        }
                        let mark = playback.queued(&item_id, &audio);
                        // Both land in the socket's buffer together: one write for the two.
                        if ws.text(protocol::media(sid, &audio)).await.is_err() || ws.text(protocol::mark(sid, &mark)).await.is_err() {
                            break;
                        }
                    }
                    ProviderEvent::SpeechStarted => {
                        if let Some((item_id, audio_end_ms)) = playback.barge_in() {
                            tracing::info!(%item_id, audio_end_ms, "caller barged in");
                            let _ = ws.text(protocol::clear(sid)).await;
                            let truncate = ProviderCommand::Truncate { item_id: &item_id, audio_end_ms };
                            let _ = provider.send(truncate).await;
                        }
                    }
                    ProviderEvent::Interrupted => {
                        if playback.barge_in().is_some() {
                            tracing::info!("caller barged in");
                        }
                        let _ = ws.text(protocol::clear(sid)).await;
                    }
                    ProviderEvent::ResponseStarted => playback.interrupted = false,
                    ProviderEvent::ToolCall { call_id, name, arguments } => {
                        tracing::info!(tool = %name, "tool called");
                        let (twilio, creds, agent) = (&state.twilio, &creds, &agent);
                        let (call_sid, number) = (start.call_sid.as_str(), phone.number.as_str());
                        running_tools.push(async move {
                            let outcome = tools::run(twilio, creds, call_sid, number, agent, &name, &arguments).await;
                            (call_id, name, outcome)
                        });
                    }
                    ProviderEvent::Transcript { speaker, text } => tracing::debug!(?speaker, %text, "transcript"),
                    ProviderEvent::Error(e) => { tracing::error!(error = %e, "realtime provider failed"); outcome = "failed"; break; }
                    ProviderEvent::Closed => { tracing::warn!("realtime provider closed the session"); outcome = "failed"; break; }
                }
            }
            Some((call_id, name, tool_outcome)) = running_tools.next(), if !running_tools.is_empty() => {
                match tool_outcome {
                    tools::Outcome::CallLeaves(what) => {
                        tracing::info!(%what, "the call left the agent");
                        break;
                    }
                    tools::Outcome::Reply(output) => {
                        let result = ProviderCommand::ToolResult { call_id: &call_id, name: &name, output: &output };
                        let _ = provider.send(result).await;
                    }
                }
            }
        }
    }
    drop(running_tools);
    provider.close();
    if outcome == "failed" {
        // The caller is still on the line: tell them, and hang up (the TwiML after <Connect>
        // says the same if this request fails too).
        hang_up_with_apology(&state, &creds, &start.call_sid).await;
    }
    finish(&state, call_id, outcome).await;
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
async fn prepare(state: &AppState, phone: &PhoneRow) -> anyhow::Result<(Agent, TwilioCredentials)> {
    let mut conn = state.pool.get().await?;
    let agent_id =
        phone.agent_id.ok_or_else(|| anyhow::anyhow!("the number no longer has an agent"))?;
    let agent = agent_queries::get(&mut conn, phone.organization_id, agent_id).await?;
    let creds = account::stored_credentials(state, &mut conn, phone.organization_id).await?;
    Ok((agent, creds))
}

async fn finish(state: &AppState, call_id: uuid::Uuid, status: &str) {
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
