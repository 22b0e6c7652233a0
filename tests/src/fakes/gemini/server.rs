//! The fake as a WebSocket server: the upgrade (path, API key), the hand-off of client messages,
//! and the service's time limits beside each connection. Binary frames, as the service sends.

use std::sync::Arc;

use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request};
use tokio_tungstenite::tungstenite::http::{StatusCode, header};

use super::state::{Conn, State};
use super::{client_messages, events, limits};
use crate::fakes::ws::{Frames, Hub, Protocol, Socket, Watch};

/// Where the Live endpoint lives (the docs' v1beta); `v1` and `v1alpha` are accepted too.
pub(super) const PATH: &str =
    "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent";
const PATH_PREFIX: &str = "/ws/google.ai.generativelanguage.";
const PATH_SUFFIX: &str = ".GenerativeService.BidiGenerateContent";
const VERSIONS: [&str; 3] = ["v1beta", "v1", "v1alpha"];

impl Protocol for State {
    type Conn = Conn;
    const FRAMES: Frames = Frames::Binary;

    fn conns(&mut self) -> &mut Vec<Conn> {
        &mut self.conns
    }

    fn socket(conn: &mut Conn) -> &mut Socket {
        &mut conn.socket
    }

    fn upgrade(&mut self, request: &Request, socket: Socket) -> (Conn, Option<ErrorResponse>) {
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
        let conn = Conn::new(path, query, presented, socket);
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
                "Method doesn't allow unregistered callers (callers without established \
                 identity). Please use API Key or other form of API consumer identity to call \
                 this API.",
                None,
            ))
        } else if [&query_key, &header_key]
            .iter()
            .any(|k| k.as_ref().is_some_and(|k| *k != self.api_key))
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
        (conn, refusal)
    }

    fn receive(&mut self, index: usize, text: String) {
        client_messages::handle(self, index, text);
    }

    fn ended(&mut self, index: usize) {
        self.conns[index].turn = None;
    }

    fn watch(hub: Arc<Hub<State>>, index: usize) -> Option<Watch> {
        limits::watch(hub, index)
    }
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
