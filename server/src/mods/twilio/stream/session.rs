//! One media stream, from `start` to its end. Each call runs in its own task with its own
//! state; nothing is shared between calls.

use std::sync::Arc;
use std::time::Duration;

use actix_ws::{CloseCode, CloseReason, Message, MessageStream, Session};
use loquent_shared::twilio::is_sid;

use super::call_record;
use super::protocol::{self, Inbound, Start};
use crate::mods::phone::queries::PhoneRow;
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
    ws: Session,
    mut messages: MessageStream,
) {
    let from = start.custom_parameters.get("from").cloned().unwrap_or_default();
    let call_id = match state.pool.get().await {
        Ok(mut conn) => match call_record::begin(&mut conn, &phone, &start.call_sid, &from).await {
            Ok(id) => id,
            Err(e) => {
                tracing::error!(error = %e, "could not record the call");
                return close(ws, CloseCode::Error, "internal error").await;
            }
        },
        Err(e) => {
            tracing::error!(error = %e, "no database connection for the call");
            return close(ws, CloseCode::Error, "internal error").await;
        }
    };
    tracing::info!(%call_id, stream_sid = %start.stream_sid, "media stream started");

    let mut frames: u64 = 0;
    while let Some(message) = messages.recv().await {
        match message {
            Ok(Message::Text(text)) => match protocol::parse(&text) {
                Some(Inbound::Media { .. }) => frames += 1,
                Some(Inbound::Stop) => break,
                _ => {}
            },
            Ok(Message::Close(_)) | Err(_) => break,
            Ok(_) => {}
        }
    }
    tracing::info!(frames, "media stream ended");
    match state.pool.get().await {
        Ok(mut conn) => {
            if let Err(e) = call_record::finish(&mut conn, call_id, "completed").await {
                tracing::error!(error = %e, "could not record the end of the call");
            }
        }
        Err(e) => tracing::error!(error = %e, "no database connection to end the call"),
    }
    let _ = ws.close(None).await;
}

async fn wait_for_start(messages: &mut MessageStream) -> Option<Start> {
    while let Some(message) = messages.recv().await {
        match message {
            Ok(Message::Text(text)) => {
                if let Some(Inbound::Start { start }) = protocol::parse(&text) {
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
