//! The fake as a WebSocket server: the upgrade (path, bearer key, query), which queues
//! `session.created` for an accepted connection, and the hand-off of client events. Text frames,
//! as OpenAI sends.

use serde_json::json;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request};
use tokio_tungstenite::tungstenite::http::{StatusCode, header};

use super::client_events;
use super::events::event;
use super::state::{Conn, State};
use crate::fakes::ws::{Frames, Protocol, Socket};

/// Where the realtime endpoint lives.
pub(super) const PATH: &str = "/v1/realtime";

impl Protocol for State {
    type Conn = Conn;
    const FRAMES: Frames = Frames::Text;

    fn conns(&mut self) -> &mut Vec<Conn> {
        &mut self.conns
    }

    fn socket(conn: &mut Conn) -> &mut Socket {
        &mut conn.socket
    }

    fn upgrade(&mut self, request: &Request, socket: Socket) -> (Conn, Option<ErrorResponse>) {
        let header = |name: &str| {
            request.headers().get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        };
        let authorization = header(header::AUTHORIZATION.as_str());
        let conn = Conn::new(
            request.uri().path().to_string(),
            request.uri().query().unwrap_or_default().to_string(),
            authorization.clone(),
            socket,
        );
        let refusal = if conn.path != PATH {
            let message = format!("Invalid URL (GET {})", conn.path);
            Some(refuse(StatusCode::NOT_FOUND, None, &message, None))
        } else if authorization.is_none() {
            Some(refuse(
                StatusCode::UNAUTHORIZED,
                None,
                "You didn't provide an API key. You need to provide your API key in an \
                 Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                None,
            ))
        } else if authorization.as_deref() != Some(&format!("Bearer {}", self.api_key)) {
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
            Some(refuse(
                StatusCode::BAD_REQUEST,
                Some("invalid_value"),
                message,
                Some("OpenAI-Beta"),
            ))
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
        if refusal.is_none() {
            // Queued before the 101 goes out: the first thing the client reads.
            conn.send([event("session.created", json!({"session": conn.effective}))]);
        }
        (conn, refusal)
    }

    fn receive(&mut self, index: usize, text: String) {
        client_events::handle(&mut self.conns[index], &self.voices, text);
    }

    fn ended(&mut self, index: usize) {
        self.conns[index].open = None;
    }
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
