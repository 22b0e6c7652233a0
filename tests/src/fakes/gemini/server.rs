//! The WebSocket side: the upgrade (path, API key), then per connection a reader task that
//! records and checks client messages and a writer task that owns the socket's sending half.
//!
//! Like the service, the fake is strict: a client message it cannot accept (not JSON, not exactly
//! one known member, anything before `setup`, undecodable audio…) ends the session with a close
//! frame, code 1007 and the reason. Nothing after that is read.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::{StatusCode, header};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;

use super::events::{self, camel_case, field};
use super::setup::{self, kind};
use super::state::{Conn, Outgoing, Recorded, Shared};

/// Where the Live endpoint lives (the docs' v1beta); `v1` and `v1alpha` are accepted too.
pub(super) const PATH: &str =
    "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent";
const PATH_PREFIX: &str = "/ws/google.ai.generativelanguage.";
const PATH_SUFFIX: &str = ".GenerativeService.BidiGenerateContent";
const VERSIONS: [&str; 3] = ["v1beta", "v1", "v1alpha"];

/// The members of a `BidiGenerateContentClientMessage` (exactly one per message).
const CLIENT_MESSAGES: [&str; 5] =
    ["setup", "clientContent", "realtimeInput", "toolResponse", "contextUpdate"];

/// How long the fake waits for the client's answer to its close frame.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);

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
    conn.closing = true;
    conn.tx = None;
    conn.turn = None;
    drop(state);
    shared.changed.notify_waiters();
}

/// Records the upgrade request and decides on it; an accepted connection gets its channel.
fn register(
    shared: &Shared,
    request: &Request,
    tx: mpsc::UnboundedSender<Outgoing>,
) -> (usize, Option<ErrorResponse>) {
    let path = request.uri().path().to_string();
    let query = request.uri().query().unwrap_or_default().to_string();
    let query_key = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "key")
        .map(|(_, v)| v.into_owned());
    let header_key = request
        .headers()
        .get("x-goog-api-key")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let presented = query_key.clone().or_else(|| header_key.clone());
    let mut conn = Conn::new(path, query, presented);
    let mut state = shared.lock();
    let known_path = conn
        .path
        .strip_prefix(PATH_PREFIX)
        .and_then(|rest| rest.strip_suffix(PATH_SUFFIX))
        .is_some_and(|version| VERSIONS.contains(&version));
    let refusal = if !known_path {
        let message = format!("The requested URL {} was not found on this server.", conn.path);
        Some(refuse(StatusCode::NOT_FOUND, "NOT_FOUND", &message, None))
    } else if conn.presented_key.is_none() {
        Some(refuse(
            StatusCode::UNAUTHORIZED,
            "UNAUTHENTICATED",
            "Method doesn't allow unregistered callers (callers without established identity). \
             Please use API Key or other form of API consumer identity to call this API.",
            None,
        ))
    } else if [&query_key, &header_key]
        .iter()
        .any(|k| k.as_ref().is_some_and(|k| *k != state.api_key))
    {
        Some(refuse(
            StatusCode::UNAUTHORIZED,
            "UNAUTHENTICATED",
            "API key not valid. Please pass a valid API key.",
            Some("API_KEY_INVALID"),
        ))
    } else {
        None
    };
    match &refusal {
        Some(response) => {
            conn.refused = Some(response.status().as_u16());
            conn.closing = true;
            conn.closed = true;
        }
        None => conn.tx = Some(tx),
    }
    state.conns.push(conn);
    let index = state.conns.len() - 1;
    drop(state);
    shared.changed.notify_waiters();
    (index, refusal)
}

/// An HTTP refusal of the upgrade, with Google's error body.
fn refuse(status: StatusCode, name: &str, message: &str, reason: Option<&str>) -> ErrorResponse {
    let body = events::error_body(status.as_u16(), name, message, reason);
    let mut response = ErrorResponse::new(Some(body.to_string()));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json"));
    response
}

/// Sends what arrives on the channel until an `Abort`, a close, a failed send, or the reader's
/// end.
async fn write(
    mut sink: SplitSink<Ws, Message>,
    mut rx: mpsc::UnboundedReceiver<Outgoing>,
    mut reader: AbortOnDrop,
) {
    loop {
        tokio::select! {
            biased;
            outgoing = rx.recv() => match outgoing {
                Some(Outgoing::Message(message)) => {
                    // The service sends its JSON in binary frames.
                    let frame = Message::binary(message.to_string().into_bytes());
                    if sink.send(frame).await.is_err() {
                        break;
                    }
                }
                Some(Outgoing::Flush(ack)) => {
                    let _ = ack.send(());
                }
                Some(Outgoing::Close(code, reason)) => {
                    let frame = CloseFrame { code: code.into(), reason: reason.into() };
                    if sink.send(Message::Close(Some(frame))).await.is_ok() {
                        // The reader sees the client's close frame, then the end of the stream.
                        let _ = tokio::time::timeout(CLOSE_TIMEOUT, &mut reader.0).await;
                    }
                    break;
                }
                Some(Outgoing::Abort) | None => break,
            },
            _ = &mut reader.0 => break,
        }
    }
    // Dropping the reader (aborted) and the sink drops both halves of the socket: the TCP
    // connection ends, with no close frame unless one was exchanged.
    drop(reader);
    drop(sink);
}

/// Records and checks each client message until the client closes (or the socket fails).
async fn read(shared: Arc<Shared>, index: usize, mut stream: SplitStream<Ws>) {
    while let Some(message) = stream.next().await {
        let text = match message {
            Ok(Message::Text(text)) => text.as_str().to_string(),
            Ok(Message::Binary(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
            Ok(Message::Close(frame)) => {
                let frame = frame.map(|f| (u16::from(f.code), f.reason.as_str().to_string()));
                let mut state = shared.lock();
                state.conns[index].client_close = Some(frame.unwrap_or((1005, String::new())));
                drop(state);
                shared.changed.notify_waiters();
                continue;
            }
            // Tungstenite answers pings itself.
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

/// Records one client message and acts on it; a violation closes the session (1007).
fn handle(conn: &mut Conn, raw: String) {
    if conn.closing {
        return;
    }
    let value = serde_json::from_str::<Value>(&raw).unwrap_or_else(|_| Value::String(raw.clone()));
    conn.messages.push(Recorded { raw, value: value.clone() });
    if let Err(reason) = answer(conn, &value) {
        conn.fail(&reason);
    }
}

fn answer(conn: &mut Conn, message: &Value) -> Result<(), String> {
    let Value::Object(fields) = message else {
        return Err("Invalid JSON payload received: expected a BidiGenerateContentClientMessage \
                    object"
            .into());
    };
    let mut members = Vec::new();
    for (key, body) in fields {
        let name = camel_case(key);
        if !CLIENT_MESSAGES.contains(&name.as_str()) {
            return Err(format!("Invalid JSON payload received. Unknown name {key:?}"));
        }
        members.push((name, body));
    }
    let [(name, body)] = members.as_slice() else {
        return Err(format!(
            "A client message has exactly one of setup, clientContent, realtimeInput, \
             toolResponse; got {}",
            members.len()
        ));
    };
    match name.as_str() {
        "setup" if conn.setup.is_some() => {
            Err("setup was already sent; it cannot change during a session".into())
        }
        "setup" => {
            setup::validate(body)?;
            conn.setup = Some((*body).clone());
            conn.send([events::setup_complete()]);
            Ok(())
        }
        other if conn.setup.is_none() => {
            Err(format!("The first message must be setup, got {other}"))
        }
        "realtimeInput" => realtime_input(conn, body),
        "toolResponse" => tool_response(conn, body),
        "clientContent" => client_content(body),
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

/// `toolResponse.functionResponses[]`: each answers one of the fake's calls, by ID and name,
/// once, with an object `response`.
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
