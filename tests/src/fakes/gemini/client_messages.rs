//! The client messages the fake takes, as strict as the service: a message it cannot accept
//! (not JSON, not exactly one known member, anything before `setup`, an invalid setup,
//! undecodable audio, a `toolResponse` for no pending call…) ends the session with a close
//! frame, code 1007 and the reason. Nothing after that is acted on.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use serde_json::Value;

use super::events::{camel_case, field};
use super::setup::{self, Invalid, kind};
use super::state::{Conn, INVALID, Recorded, State};

/// The members of a `BidiGenerateContentClientMessage` (exactly one per message).
const CLIENT_MESSAGES: [&str; 5] =
    ["setup", "clientContent", "realtimeInput", "toolResponse", "contextUpdate"];

/// Why the fake ends a session in answer to a client message: the close frame's code and reason.
#[derive(Debug)]
pub(super) struct Refusal {
    pub code: u16,
    pub reason: String,
}

impl From<String> for Refusal {
    fn from(reason: String) -> Refusal {
        Refusal { code: INVALID, reason }
    }
}

impl From<Invalid> for Refusal {
    fn from(invalid: Invalid) -> Refusal {
        Refusal { code: INVALID, reason: invalid.to_string() }
    }
}

/// Records one client message of connection `index` and acts on it; a refusal closes the
/// session.
pub(super) fn handle(state: &mut State, index: usize, raw: String) {
    let conn = &mut state.conns[index];
    if conn.socket.closing {
        return;
    }
    let value = serde_json::from_str::<Value>(&raw).unwrap_or_else(|_| Value::String(raw.clone()));
    conn.messages.push(Recorded { raw, value: value.clone() });
    if let Err(refusal) = answer(state, index, &value) {
        state.conns[index].close(refusal.code, &refusal.reason);
    }
}

fn answer(state: &mut State, index: usize, message: &Value) -> Result<(), Refusal> {
    let Value::Object(fields) = message else {
        return Err(String::from(
            "Invalid JSON payload received: expected a BidiGenerateContentClientMessage object",
        )
        .into());
    };
    let mut members = Vec::new();
    for (key, body) in fields {
        let name = camel_case(key);
        if !CLIENT_MESSAGES.contains(&name.as_str()) {
            return Err(format!("Invalid JSON payload received. Unknown name {key:?}").into());
        }
        members.push((name, body));
    }
    let [(name, body)] = members.as_slice() else {
        return Err(format!(
            "A client message has exactly one of setup, clientContent, realtimeInput, \
             toolResponse; got {}",
            members.len()
        )
        .into());
    };
    let conn = &mut state.conns[index];
    match name.as_str() {
        "setup" if conn.setup.is_some() => {
            Err(String::from("setup was already sent; it cannot change during a session").into())
        }
        "setup" => {
            setup::validate(body)?;
            state.begin_session(index, (*body).clone())
        }
        other if conn.setup.is_none() => {
            Err(format!("The first message must be setup, got {other}").into())
        }
        "realtimeInput" => Ok(realtime_input(conn, body)?),
        "toolResponse" => Ok(tool_response(conn, body)?),
        "clientContent" => Ok(client_content(body)?),
        // Recorded only.
        _ => Ok(()),
    }
}

/// `realtimeInput`: caller audio (or the deprecated `mediaChunks`), stream end, text, activity.
fn realtime_input(conn: &mut Conn, input: &Value) -> Result<(), String> {
    let Some(members) = input.as_object() else {
        return Err(format!("realtimeInput must be an object, got {}", kind(input)));
    };
    for (key, value) in members {
        match camel_case(key).as_str() {
            "audio" => audio(conn, "realtimeInput.audio", value)?,
            "mediaChunks" => {
                let Some(chunks) = value.as_array() else {
                    return Err(format!("mediaChunks must be an array, got {}", kind(value)));
                };
                for chunk in chunks {
                    let mime = field(chunk, "mimeType").and_then(Value::as_str);
                    if mime.is_some_and(|m| m.starts_with("audio/")) {
                        audio(conn, "realtimeInput.mediaChunks[]", chunk)?;
                    } else {
                        blob("realtimeInput.mediaChunks[]", chunk)?;
                    }
                }
            }
            "audioStreamEnd" => match value {
                Value::Bool(end) => conn.audio_stream_ends += usize::from(*end),
                other => {
                    return Err(format!("audioStreamEnd must be a boolean, got {}", kind(other)));
                }
            },
            "video" => {
                blob("realtimeInput.video", value)?;
            }
            "text" => {
                if !value.is_string() {
                    return Err(format!(
                        "realtimeInput.text must be a string, got {}",
                        kind(value)
                    ));
                }
            }
            "activityStart" | "activityEnd" => {
                let manual = conn
                    .setup
                    .as_ref()
                    .and_then(|s| field(s, "realtimeInputConfig"))
                    .and_then(|c| field(c, "automaticActivityDetection"))
                    .and_then(|d| field(d, "disabled"))
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                if !manual {
                    return Err(format!(
                        "{key} needs automaticActivityDetection.disabled in the setup"
                    ));
                }
            }
            _ => {
                return Err(format!(
                    "Invalid JSON payload received. Unknown name {key:?} at realtimeInput"
                ));
            }
        }
    }
    Ok(())
}

/// An audio `Blob`: `audio/pcm;rate=N` and base64 PCM16LE, appended to the connection's audio.
fn audio(conn: &mut Conn, at: &str, value: &Value) -> Result<(), String> {
    let (mime, bytes) = blob(at, value)?;
    let mut params = mime.split(';').map(str::trim);
    if params.next() != Some("audio/pcm") {
        return Err(format!("{at}.mimeType must be audio/pcm;rate=N, got {mime:?}"));
    }
    let rate = params
        .filter_map(|p| p.strip_prefix("rate="))
        .find_map(|r| r.parse::<u32>().ok())
        .filter(|r| *r > 0)
        .ok_or_else(|| {
            format!("{at}.mimeType must declare the rate (audio/pcm;rate=N): {mime:?}")
        })?;
    conn.audio.extend_from_slice(&bytes);
    conn.input_rate = Some(rate);
    Ok(())
}

/// A `Blob` `{data, mimeType}`: its MIME type and decoded bytes (proto JSON takes standard or
/// URL-safe base64, padded or not).
fn blob(at: &str, value: &Value) -> Result<(String, Vec<u8>), String> {
    if !value.is_object() {
        return Err(format!("{at} must be a Blob object, got {}", kind(value)));
    }
    let mime = match field(value, "mimeType") {
        Some(Value::String(mime)) => mime.clone(),
        Some(other) => return Err(format!("{at}.mimeType must be a string, got {}", kind(other))),
        None => return Err(format!("{at}.mimeType is required")),
    };
    let data = match field(value, "data") {
        Some(Value::String(data)) => data,
        Some(other) => return Err(format!("{at}.data must be a string, got {}", kind(other))),
        None => return Err(format!("{at}.data is required")),
    };
    let bytes = [STANDARD, URL_SAFE, STANDARD_NO_PAD, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(data).ok())
        .ok_or_else(|| {
            format!("Invalid value at {at}.data (TYPE_BYTES), Base64 decoding failed")
        })?;
    Ok((mime, bytes))
}

/// `toolResponse.functionResponses[]`: each answers one of the session's pending calls (not a
/// cancelled one), by ID and name, once, with an object `response`.
fn tool_response(conn: &mut Conn, body: &Value) -> Result<(), String> {
    let responses = field(body, "functionResponses")
        .and_then(Value::as_array)
        .ok_or_else(|| "toolResponse.functionResponses must be an array".to_string())?;
    let mut ids = Vec::new();
    for response in responses {
        let id = field(response, "id").and_then(Value::as_str).ok_or_else(|| {
            format!("functionResponses[].id must be the call's id, got {response}")
        })?;
        let Some(called) = conn.calls.get(id) else {
            return Err(format!("functionResponses[].id {id:?} is not a pending function call"));
        };
        if conn.answered.contains(id) || ids.contains(&id) {
            return Err(format!("function call {id:?} was already answered"));
        }
        let name = field(response, "name").and_then(Value::as_str);
        if name != Some(called.as_str()) {
            return Err(format!(
                "functionResponses[].name must be {called:?} for {id}, got {name:?}"
            ));
        }
        match field(response, "response") {
            Some(Value::Object(_)) => {}
            Some(other) => {
                return Err(format!(
                    "functionResponses[].response must be an object, got {}",
                    kind(other)
                ));
            }
            None => return Err("functionResponses[].response is required".into()),
        }
        ids.push(id);
    }
    let ids: Vec<String> = ids.into_iter().map(str::to_string).collect();
    conn.answered.extend(ids);
    // With every call answered, the session can be resumed here again.
    conn.offer_handle();
    Ok(())
}

/// `clientContent {turns: [Content], turnComplete}`: recorded once it is well formed.
fn client_content(body: &Value) -> Result<(), String> {
    if !body.is_object() {
        return Err(format!("clientContent must be an object, got {}", kind(body)));
    }
    if let Some(turns) = field(body, "turns") {
        let all_objects = turns.as_array().is_some_and(|t| t.iter().all(Value::is_object));
        if !all_objects {
            return Err("clientContent.turns must be an array of Content objects".into());
        }
    }
    if let Some(complete) = field(body, "turnComplete").filter(|c| !c.is_boolean()) {
        return Err(format!(
            "clientContent.turnComplete must be a boolean, got {}",
            kind(complete)
        ));
    }
    Ok(())
}
