//! What both providers' sockets share: opening one (and saying why it failed), writing queued
//! messages, and waiting for the provider to confirm a configuration.

use std::collections::VecDeque;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::handshake::client::Request;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

use super::{SessionGone, Socket};

/// How long a provider has to confirm a session's configuration before it is treated as down.
pub(super) const CONFIRM_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("no API key is configured for the realtime provider")]
    NoApiKey,
    #[error("could not connect to the realtime provider: {0}")]
    Connect(String),
    /// The provider refused the session's configuration: the caller would hear nothing right.
    #[error("the realtime provider refused the session: {0}")]
    Refused(String),
}

/// Provider sockets read in small chunks: tungstenite zero-fills `read_buffer_size` bytes on
/// every read (128 KiB by default), which for 20 ms audio frames of a few hundred bytes was the
/// relay's biggest cost. Larger messages still arrive, over several reads.
fn socket_config() -> WebSocketConfig {
    WebSocketConfig::default().read_buffer_size(4 * 1024)
}

/// `https://host/v1` → `wss://host/v1` (and `http` → `ws`, for local providers).
pub(super) fn ws_base(base_url: &str) -> String {
    match base_url.strip_prefix("https://") {
        Some(rest) => format!("wss://{rest}"),
        None => format!("ws://{}", base_url.trim_start_matches("http://")),
    }
}

/// A request for `url` with one secret header (the key travels as a header rather than in the
/// URL, which proxies and logs may keep).
pub(super) fn request(
    url: &str,
    header: &'static str,
    value: &str,
) -> Result<Request, ConnectError> {
    let mut request =
        url.into_client_request().map_err(|e| ConnectError::Connect(e.to_string()))?;
    let value = value
        .parse()
        .map_err(|_| ConnectError::Connect("the API key is not a valid header value".into()))?;
    request.headers_mut().insert(header, value);
    Ok(request)
}

/// Opens the socket, without Nagle's delay.
pub(super) async fn open(request: Request) -> Result<Socket, ConnectError> {
    let (socket, _) =
        tokio_tungstenite::connect_async_with_config(request, Some(socket_config()), true)
            .await
            .map_err(|e| ConnectError::Connect(describe(e)))?;
    Ok(socket)
}

/// A refused upgrade says why in its status and body; keep both for the log.
fn describe(error: WsError) -> String {
    match error {
        WsError::Http(response) => {
            let body = response
                .body()
                .as_deref()
                .map(|b| String::from_utf8_lossy(b).chars().take(500).collect::<String>())
                .unwrap_or_default();
            format!("HTTP {}: {body}", response.status())
        }
        other => other.to_string(),
    }
}

/// Writes the outbox, oldest first. A message leaves the outbox only once the socket has taken
/// it, so a write interrupted (cancelled, or failed) loses nothing.
pub(super) async fn write_all(
    socket: &mut Socket,
    outbox: &mut VecDeque<Message>,
) -> Result<(), SessionGone> {
    while let Some(message) = outbox.front() {
        socket.feed(message.clone()).await.map_err(|_| SessionGone)?;
        outbox.pop_front();
    }
    socket.flush().await.map_err(|_| SessionGone)
}

/// The JSON in a frame (providers send text or binary frames).
pub(super) fn json_of(message: &Message) -> Option<serde_json::Value> {
    match message {
        Message::Text(text) => serde_json::from_str(text).ok(),
        Message::Binary(bytes) => serde_json::from_slice(bytes).ok(),
        _ => None,
    }
}

/// What a provider answered to a configuration, as the dialect reads it.
pub(super) enum Answer {
    Accepted,
    Refused(String),
    /// Not about the configuration: keep waiting.
    Other,
}

/// Waits for the provider's answer to the configuration just sent. A close frame is the
/// provider's refusal (Gemini says why in it).
pub(super) async fn confirm(
    socket: &mut Socket,
    provider: &str,
    answer: impl Fn(&serde_json::Value) -> Answer,
) -> Result<(), ConnectError> {
    let waited = tokio::time::timeout(CONFIRM_TIMEOUT, async {
        while let Some(message) = socket.next().await {
            let message = message.map_err(|e| ConnectError::Connect(e.to_string()))?;
            if let Message::Close(frame) = &message {
                let why = frame.as_ref().map_or_else(
                    || "no close code".to_string(),
                    |f| format!("close code {}: {}", u16::from(f.code), f.reason),
                );
                return Err(ConnectError::Refused(format!(
                    "{provider} closed the session ({why})"
                )));
            }
            let Some(value) = json_of(&message) else { continue };
            match answer(&value) {
                Answer::Accepted => return Ok(()),
                Answer::Refused(why) => return Err(ConnectError::Refused(why)),
                Answer::Other => {}
            }
        }
        Err(ConnectError::Connect(format!("{provider} ended the connection during set-up")))
    })
    .await;
    waited.unwrap_or_else(|_| {
        Err(ConnectError::Connect(format!("{provider} did not confirm the session in time")))
    })
}
