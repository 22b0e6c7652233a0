//! The WebSocket side: the upgrade (path, bearer key, query), then per connection a reader task
//! that records and answers client events and a writer task that owns the socket's sending half.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::{StatusCode, header};

use super::events::{Rejection, event, new_id};
use super::session;
use super::state::{Conn, Finish, Outgoing, Recorded, Shared};

/// Where the realtime endpoint lives.
pub(super) const PATH: &str = "/v1/realtime";

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

type Ws = WebSocketStream<TcpStream>;

/// Accepts connections until the fake is dropped (which aborts this task).
pub(super) async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    while let Ok((stream, _)) = listener.accept().await {
        let task = tokio::spawn(serve(stream, Arc::clone(&shared)));
        let mut state = shared.lock();
        if state.stopped {
            task.abort();
        } else {
            state.tasks.push(task.abort_handle());
        }
    }
}

/// Aborts the task when dropped, so the reader never outlives its writer.
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

async fn serve(stream: TcpStream, shared: Arc<Shared>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let mut index = None;
    #[expect(clippy::result_large_err, reason = "tungstenite's `Callback` fixes the error type")]
    let callback = |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
        let (i, refusal) = register(&shared, request, tx);
        index = Some(i);
        match refusal {
            None => Ok(response),
            Some(refusal) => Err(refusal),
        }
    };
    let ws = tokio_tungstenite::accept_hdr_async(stream, callback).await;
    // Not even an HTTP upgrade request: nothing to record.
    let Some(index) = index else { return };
    match ws {
        Ok(ws) => {
            let (sink, stream) = ws.split();
            let reader = AbortOnDrop(tokio::spawn(read(Arc::clone(&shared), index, stream)));
            write(sink, rx, reader).await;
        }
        Err(_) => drop(rx),
    }
    // Whoever ended it, the connection is over.
    let mut state = shared.lock();
    let conn = &mut state.conns[index];
    conn.closed = true;
    conn.tx = None;
    conn.open = None;
    drop(state);
    shared.changed.notify_waiters();
}

/// Records the upgrade request and decides on it; an accepted connection gets its channel and
/// `session.created` queued before the 101 goes out.
fn register(
    shared: &Shared,
    request: &Request,
    tx: mpsc::UnboundedSender<Outgoing>,
) -> (usize, Option<ErrorResponse>) {
    let header = |name: &str| {
        request.headers().get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    let authorization = header(header::AUTHORIZATION.as_str());
    let mut conn = Conn::new(
        request.uri().path().to_string(),
        request.uri().query().unwrap_or_default().to_string(),
        authorization.clone(),
    );
    let mut state = shared.lock();
    let refusal = if conn.path != PATH {
        let message = format!("Invalid URL (GET {})", conn.path);
        Some(refuse(StatusCode::NOT_FOUND, None, &message, None))
    } else if authorization.is_none() {
        Some(refuse(
            StatusCode::UNAUTHORIZED,
            None,
            "You didn't provide an API key. You need to provide your API key in an Authorization \
             header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            None,
        ))
    } else if authorization.as_deref() != Some(&format!("Bearer {}", state.api_key)) {
        let key = authorization.as_deref().unwrap_or_default().trim_start_matches("Bearer ");
        let shown: String = key.chars().take(8).collect();
        let message = format!(
            "Incorrect API key provided: {shown}****. You can find your API key at \
             https://platform.openai.com/account/api-keys."
        );
        Some(refuse(StatusCode::UNAUTHORIZED, Some("invalid_api_key"), &message, None))
    } else if header("openai-beta").is_some_and(|v| v.contains("realtime")) {
        // On OpenAI this header selects the beta dialect; the fake speaks GA only.
        let message = "The fake speaks the GA Realtime API only; `OpenAI-Beta: realtime=v1` \
                       would select the beta protocol.";
        Some(refuse(StatusCode::BAD_REQUEST, Some("invalid_value"), message, Some("OpenAI-Beta")))
    } else if conn.model.is_empty() {
        let message = "Missing required parameter: 'model'.";
        Some(refuse(
            StatusCode::BAD_REQUEST,
            Some("missing_required_parameter"),
            message,
            Some("model"),
        ))
    } else {
        None
    };
    match &refusal {
        Some(response) => {
            conn.refused = Some(response.status().as_u16());
            conn.closed = true;
        }
        None => {
            let created = event("session.created", json!({"session": conn.effective}));
            let _ = tx.send(Outgoing::Event(created));
            conn.tx = Some(tx);
        }
    }
    state.conns.push(conn);
    let index = state.conns.len() - 1;
    drop(state);
    shared.changed.notify_waiters();
    (index, refusal)
}

/// An HTTP refusal of the upgrade, with OpenAI's error body.
fn refuse(
    status: StatusCode,
    code: Option<&str>,
    message: &str,
    param: Option<&str>,
) -> ErrorResponse {
    let body = json!({"error": {"message": message, "type": "invalid_request_error",
                                "param": param, "code": code}});
    let mut response = ErrorResponse::new(Some(body.to_string()));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json"));
    response
}

/// Sends what arrives on the channel until an `Abort`, a failed send, or the reader's end.
async fn write(
    mut sink: SplitSink<Ws, Message>,
    mut rx: mpsc::UnboundedReceiver<Outgoing>,
    mut reader: AbortOnDrop,
) {
    loop {
        tokio::select! {
            biased;
            outgoing = rx.recv() => match outgoing {
                Some(Outgoing::Event(event)) => {
                    if sink.send(Message::text(event.to_string())).await.is_err() {
                        break;
                    }
                }
                Some(Outgoing::Flush(ack)) => {
                    let _ = ack.send(());
                }
                Some(Outgoing::Abort) | None => break,
            },
            _ = &mut reader.0 => break,
        }
    }
    // Dropping the reader (aborted) and the sink drops both halves of the socket: the TCP
    // connection ends, with no close frame unless the client started the closing handshake.
    drop(reader);
    drop(sink);
}

/// Records and answers each client event until the client closes (or the socket fails).
async fn read(shared: Arc<Shared>, index: usize, mut stream: SplitStream<Ws>) {
    while let Some(message) = stream.next().await {
        let text = match message {
            Ok(Message::Text(text)) => text.as_str().to_string(),
            Ok(Message::Binary(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
            // Tungstenite answers pings and close frames itself.
            Ok(_) => continue,
            Err(_) => break,
        };
        let mut state = shared.lock();
        handle(&mut state.conns[index], text);
        drop(state);
        shared.changed.notify_waiters();
    }
    let mut state = shared.lock();
    state.conns[index].closed = true;
    drop(state);
    shared.changed.notify_waiters();
}

/// Records one client event and sends the server's answer to it.
fn handle(conn: &mut Conn, raw: String) {
    let value = serde_json::from_str::<Value>(&raw).unwrap_or_else(|_| Value::String(raw.clone()));
    conn.events.push(Recorded { raw, value: value.clone() });
    let client_event_id = value.get("event_id").and_then(Value::as_str).map(str::to_string);
    if let Err(rejection) = answer(conn, &value) {
        conn.send([rejection.to_event(client_event_id.as_deref())]);
    }
}

fn answer(conn: &mut Conn, event_value: &Value) -> Result<(), Rejection> {
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
            session::validate(update, voice.as_ref())?;
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
            // Recorded only: the test answers with `speak` or `call_tool`.
        }
        "response.cancel" => {
            let wanted = fields.get("response_id").and_then(Value::as_str);
            let active = conn.open.as_ref().filter(|o| wanted.is_none_or(|id| id == o.response_id));
            let Some(item_id) = active.map(|o| o.item_id.clone()) else {
                return Err(Rejection::new(
                    "response_cancel_not_active",
                    None,
                    "Cancellation failed: no active response found",
                ));
            };
            conn.finish_audio(Some(&item_id), Finish::Cancelled("client_cancelled"));
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
            match fields.get("output") {
                None => return Err(Rejection::missing("item.output")),
                Some(Value::String(_)) => {}
                Some(other) => return Err(Rejection::wrong_type("item.output", "a string", other)),
            }
            if !conn.calls.contains(call_id) {
                return Err(Rejection::invalid(
                    "item.call_id",
                    format!("Tool call ID '{call_id}' not found in conversation."),
                ));
            }
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
