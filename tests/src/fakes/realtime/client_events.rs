//! The client events the fake answers as OpenAI does: each is recorded, then answered (the
//! server event it causes) or refused with an `error` event; the connection stays open either way.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};

use super::events::{Rejection, event, new_id};
use super::response::Finish;
use super::session;
use super::state::{Conn, Recorded};

/// The client events of the GA API (the same 12 names as beta).
const CLIENT_EVENTS: [&str; 12] = [
    "session.update",
    "input_audio_buffer.append",
    "input_audio_buffer.commit",
    "input_audio_buffer.clear",
    "conversation.item.create",
    "conversation.item.delete",
    "conversation.item.retrieve",
    "conversation.item.truncate",
    "response.create",
    "response.cancel",
    "output_audio_buffer.clear",
    "transcription_session.update",
];

/// Records one client event and sends the server's answer to it; `voices` are the voice names
/// a `session.update` may pick.
pub(super) fn handle(conn: &mut Conn, voices: &[String], raw: String) {
    let value = serde_json::from_str::<Value>(&raw).unwrap_or_else(|_| Value::String(raw.clone()));
    conn.events.push(Recorded { raw, value: value.clone() });
    let client_event_id = value.get("event_id").and_then(Value::as_str).map(str::to_string);
    if let Err(rejection) = answer(conn, voices, &value) {
        let error = rejection.to_event(client_event_id.as_deref());
        conn.send([error.clone()]);
        conn.rejected.push(error);
    }
}

fn answer(conn: &mut Conn, voices: &[String], event_value: &Value) -> Result<(), Rejection> {
    let Value::Object(fields) = event_value else {
        return Err(Rejection::new(
            "invalid_json",
            None,
            "We could not parse the JSON body of your request. Expected a JSON object.",
        ));
    };
    let kind = match fields.get("type") {
        None => return Err(Rejection::new("invalid_event", None, "The 'type' field is missing.")),
        Some(Value::String(kind)) => kind.as_str(),
        Some(other) => return Err(Rejection::wrong_type("type", "a string", other)),
    };
    match kind {
        "session.update" => {
            let voice = conn.spoke.then(|| conn.effective["audio"]["output"]["voice"].clone());
            let update = fields.get("session");
            session::validate(update, voice.as_ref(), voices)?;
            let update = update.cloned().unwrap_or_default();
            session::merge(&mut conn.effective, &update);
            conn.session = Some(update);
            conn.configured = true;
            conn.send([event("session.updated", json!({"session": conn.effective}))]);
        }
        "input_audio_buffer.append" => {
            let audio = match fields.get("audio") {
                None => return Err(Rejection::missing("audio")),
                Some(Value::String(audio)) => audio,
                Some(other) => return Err(Rejection::wrong_type("audio", "a string", other)),
            };
            let bytes = BASE64.decode(audio).map_err(|e| {
                Rejection::invalid(
                    "audio",
                    format!("Invalid 'audio'. Expected base64-encoded audio: {e}."),
                )
            })?;
            if bytes.is_empty() {
                return Err(Rejection::invalid("audio", "Invalid 'audio': the audio is empty."));
            }
            conn.uncommitted += bytes.len();
            conn.audio.extend_from_slice(&bytes);
        }
        "input_audio_buffer.commit" => {
            let ms = conn.uncommitted as f64
                / session::bytes_per_ms(&conn.effective["audio"]["input"]["format"]) as f64;
            if ms < 100.0 {
                return Err(Rejection::new(
                    "input_audio_buffer_commit_empty",
                    None,
                    format!(
                        "Error committing input audio buffer: buffer too small. Expected at least \
                         100ms of audio, but buffer only has {ms:.2}ms of audio."
                    ),
                ));
            }
            conn.uncommitted = 0;
            let item_id = new_id("item");
            let previous = conn.last_item_id.replace(item_id.clone());
            conn.send([event(
                "input_audio_buffer.committed",
                json!({"previous_item_id": previous, "item_id": item_id}),
            )]);
        }
        "input_audio_buffer.clear" => {
            conn.uncommitted = 0;
            conn.send([event("input_audio_buffer.cleared", json!({}))]);
        }
        "conversation.item.create" => create_item(conn, fields.get("item"))?,
        "conversation.item.truncate" => truncate(conn, event_value)?,
        "conversation.item.delete" => {
            let item_id = fields.get("item_id").and_then(Value::as_str).unwrap_or_default();
            conn.send([event("conversation.item.deleted", json!({"item_id": item_id}))]);
        }
        "response.create" => {
            if let Some(open) = &conn.open {
                return Err(Rejection::new(
                    "conversation_already_has_active_response",
                    None,
                    format!(
                        "Conversation already has an active response in progress: {}. Wait until \
                         the response is finished before creating a new one.",
                        open.response_id
                    ),
                ));
            }
            // Counted only: the test answers with `speak`, `call_tool`…
            conn.response_creates += 1;
        }
        "response.cancel" => {
            let wanted = fields.get("response_id").and_then(Value::as_str);
            let active = conn.open.as_ref().filter(|o| wanted.is_none_or(|id| id == o.response_id));
            if active.is_none() {
                return Err(Rejection::new(
                    "response_cancel_not_active",
                    None,
                    "Cancellation failed: no active response found",
                ));
            }
            conn.finish(None, Finish::Cancelled("client_cancelled"));
        }
        "output_audio_buffer.clear" => {
            return Err(Rejection::new(
                "invalid_value",
                Some("type"),
                "output_audio_buffer.clear is only supported for WebRTC and SIP connections; a \
                 WebSocket client truncates with conversation.item.truncate.",
            ));
        }
        // Recorded only.
        "conversation.item.retrieve" | "transcription_session.update" => {}
        other => {
            return Err(Rejection::invalid(
                "type",
                format!(
                    "Invalid value: '{other}'. Supported values are: {}.",
                    CLIENT_EVENTS.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// `conversation.item.create`: a message, or a `function_call_output` for one of the fake's
/// tool calls (with a string `output`).
fn create_item(conn: &mut Conn, item: Option<&Value>) -> Result<(), Rejection> {
    let item = item.ok_or_else(|| Rejection::missing("item"))?;
    let fields =
        item.as_object().ok_or_else(|| Rejection::wrong_type("item", "an object", item))?;
    match fields.get("type").and_then(Value::as_str) {
        Some("function_call_output") => {
            let call_id = match fields.get("call_id") {
                None => return Err(Rejection::missing("item.call_id")),
                Some(Value::String(id)) => id,
                Some(other) => {
                    return Err(Rejection::wrong_type("item.call_id", "a string", other));
                }
            };
            let output = match fields.get("output") {
                None => return Err(Rejection::missing("item.output")),
                Some(Value::String(output)) => output,
                Some(other) => return Err(Rejection::wrong_type("item.output", "a string", other)),
            };
            if !conn.calls.contains(call_id) {
                return Err(Rejection::invalid(
                    "item.call_id",
                    format!("Tool call ID '{call_id}' not found in conversation."),
                ));
            }
            // Even while the call's response is still open: OpenAI takes it then too.
            conn.tool_outputs.push((call_id.clone(), output.clone()));
        }
        Some("message") => {
            let role = fields.get("role").and_then(Value::as_str);
            if !matches!(role, Some("user" | "system" | "assistant")) {
                return Err(Rejection::invalid(
                    "item.role",
                    "Invalid value. Supported values are: 'user', 'system' and 'assistant'.",
                ));
            }
        }
        Some("function_call") => {}
        Some(other) => {
            return Err(Rejection::invalid(
                "item.type",
                format!(
                    "Invalid value: '{other}'. Supported values are: 'message', 'function_call' \
                     and 'function_call_output'."
                ),
            ));
        }
        None => return Err(Rejection::missing("item.type")),
    }
    let mut item = item.clone();
    let id = match item.get("id").and_then(Value::as_str) {
        Some(id) => id.to_string(),
        None => new_id("item"),
    };
    item["id"] = id.clone().into();
    item["object"] = "realtime.item".into();
    item["status"] = "completed".into();
    let previous = conn.last_item_id.replace(id);
    conn.send([
        event("conversation.item.added", json!({"previous_item_id": previous, "item": item})),
        event("conversation.item.done", json!({"previous_item_id": previous, "item": item})),
    ]);
    Ok(())
}

/// `conversation.item.truncate` of one of the fake's assistant audio items, no further than the
/// audio sent for it.
fn truncate(conn: &mut Conn, event_value: &Value) -> Result<(), Rejection> {
    let item_id = match event_value.get("item_id") {
        None => return Err(Rejection::missing("item_id")),
        Some(Value::String(id)) => id.clone(),
        Some(other) => return Err(Rejection::wrong_type("item_id", "a string", other)),
    };
    let content_index = integer(event_value, "content_index")?;
    let audio_end_ms = integer(event_value, "audio_end_ms")?;
    let Some(&(bytes, bytes_per_ms)) = conn.audio_items.get(&item_id) else {
        return Err(Rejection::invalid(
            "item_id",
            format!(
                "Invalid 'item_id': no assistant audio item with ID '{item_id}' in the conversation."
            ),
        ));
    };
    if content_index != 0 {
        return Err(Rejection::invalid(
            "content_index",
            format!("Invalid 'content_index': the item has no content part {content_index}."),
        ));
    }
    let duration_ms = (bytes / bytes_per_ms) as u64;
    if audio_end_ms > duration_ms {
        return Err(Rejection::invalid(
            "audio_end_ms",
            format!("Audio content of {duration_ms}ms is already shorter than {audio_end_ms}ms"),
        ));
    }
    conn.send([event(
        "conversation.item.truncated",
        json!({"item_id": item_id, "content_index": content_index, "audio_end_ms": audio_end_ms}),
    )]);
    Ok(())
}

fn integer(event_value: &Value, name: &str) -> Result<u64, Rejection> {
    match event_value.get(name) {
        None => Err(Rejection::missing(name)),
        Some(value) => {
            value.as_u64().ok_or_else(|| Rejection::wrong_type(name, "an integer", value))
        }
    }
}
