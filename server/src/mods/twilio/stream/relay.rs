//! The call's I/O loop: caller audio to the provider, and everything else through the
//! [`Bridge`] state machine, whose actions this loop carries out. Tools run beside the relay, so
//! the caller's audio keeps reaching the model while a Twilio request is under way.

use crate::mods::agent::for_call::CallAgent;
use actix_ws::{Message, MessageStream, Session};
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use tokio::time::Instant;

use super::bridge::{Action, Bridge, Ending};
use super::protocol::{self, Inbound};
use super::tools;
use crate::clients::realtime::{ProviderCommand, RealtimeSession};
use crate::clients::twilio::{TwilioClient, TwilioCredentials};

/// What the call's tools act with.
pub struct Call<'a> {
    pub twilio: &'a TwilioClient,
    pub creds: &'a TwilioCredentials,
    pub agent: &'a CallAgent,
    pub call_sid: &'a str,
    pub stream_sid: &'a str,
    /// The organization's number the call came in on (the caller ID of a transfer).
    pub number: &'a str,
}

/// Relays the call until it ends one way or another, and says how.
pub async fn run(
    call: &Call<'_>,
    provider: &mut RealtimeSession,
    ws: &mut Session,
    messages: &mut MessageStream,
) -> Ending {
    let sid = call.stream_sid;
    let mut bridge = Bridge::default();
    let mut actions = Vec::new();
    let mut running_tools = FuturesUnordered::new();
    loop {
        let deadline = bridge.deadline();
        tokio::select! {
            message = messages.recv() => {
                let text = match message {
                    Some(Ok(Message::Text(text))) => text,
                    Some(Ok(Message::Ping(bytes))) => { let _ = ws.pong(&bytes).await; continue; }
                    Some(Ok(Message::Close(_)) | Err(_)) | None => {
                        tracing::info!("caller hung up");
                        return Ending::Completed;
                    }
                    Some(Ok(_)) => continue,
                };
                match protocol::parse(&text) {
                    Some(Inbound::Media(audio))
                        if provider.send(ProviderCommand::Audio(&audio)).await.is_err() =>
                    {
                        tracing::warn!("the provider session is gone");
                        return Ending::Failed;
                    }
                    Some(Inbound::Mark(name)) => bridge.on_mark(&name, &mut actions),
                    Some(Inbound::Stop) => {
                        tracing::info!("stream stopped");
                        bridge.on_hang_up(&mut actions);
                    }
                    _ => {}
                }
            }
            event = provider.next_event() => bridge.on_provider(event, Instant::now(), &mut actions),
            Some((call_id, name, outcome)) = running_tools.next(), if !running_tools.is_empty() => {
                bridge.on_tool_done(call_id, name, outcome, &mut actions);
            }
            () = until(deadline) => bridge.on_deadline(Instant::now(), &mut actions),
        }
        for action in actions.drain(..) {
            match action {
                Action::Play { audio, mark } => {
                    // Both land in the socket's buffer together: one write for the two.
                    if ws.text(protocol::media(sid, &audio)).await.is_err()
                        || ws.text(protocol::mark(sid, &mark)).await.is_err()
                    {
                        return Ending::Completed;
                    }
                }
                Action::ClearTwilio => {
                    let _ = ws.text(protocol::clear(sid)).await;
                }
                Action::Truncate { item_id, audio_end_ms } => {
                    let _ = provider
                        .send(ProviderCommand::Truncate { item_id: &item_id, audio_end_ms })
                        .await;
                }
                Action::RunTool { call_id, name, arguments } => {
                    running_tools.push(async move {
                        let outcome = tools::run(
                            call.twilio,
                            call.creds,
                            call.call_sid,
                            call.number,
                            call.agent,
                            &name,
                            &arguments,
                        )
                        .await;
                        (call_id, name, outcome)
                    });
                }
                Action::ToolResult { call_id, name, output } => {
                    let result = ProviderCommand::ToolResult {
                        call_id: &call_id,
                        name: &name,
                        output: &output,
                    };
                    let _ = provider.send(result).await;
                }
                Action::End(ending) => return ending,
            }
        }
    }
}

/// Waits until `deadline`; forever when there is none.
async fn until(deadline: Option<Instant>) {
    match deadline {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
