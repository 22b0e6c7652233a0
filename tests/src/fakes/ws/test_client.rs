//! The client side of the fakes' own tests: a real WebSocket client (tokio-tungstenite).

use std::time::Duration;

use futures_util::StreamExt;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::{Error, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub(crate) type ClientWs = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How long a test waits for what should come.
pub(crate) const WAIT: Duration = Duration::from_secs(5);

/// Opens a WebSocket on `url` with these headers; a refused upgrade's HTTP status and body as
/// `Err`.
pub(crate) async fn open(
    url: &str,
    headers: &[(&'static str, &str)],
) -> Result<ClientWs, (u16, String)> {
    let mut request = url.into_client_request().expect("a request");
    for (name, value) in headers {
        request.headers_mut().insert(*name, HeaderValue::from_str(value).expect("a header value"));
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((ws, _)) => Ok(ws),
        Err(Error::Http(response)) => {
            let body = response.body().clone().unwrap_or_default();
            Err((response.status().as_u16(), String::from_utf8_lossy(&body).into_owned()))
        }
        Err(e) => panic!("connecting to the fake: {e}"),
    }
}

/// The close frame the fake ends the connection with (code and reason), skipping what comes
/// before it; reading on finishes the closing handshake.
pub(crate) async fn closed(ws: &mut ClientWs) -> (u16, String) {
    loop {
        let message = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("the close in time")
            .expect("a close frame before the end")
            .expect("a WebSocket message");
        if let Message::Close(frame) = message {
            let frame = frame.expect("a close code");
            while let Ok(Some(Ok(_))) = tokio::time::timeout(WAIT, ws.next()).await {}
            return (u16::from(frame.code), frame.reason.as_str().to_string());
        }
    }
}

/// The socket ends (or fails) before any other message arrives.
pub(crate) async fn ends_without_a_message(ws: &mut ClientWs) {
    match tokio::time::timeout(WAIT, ws.next()).await.expect("the end in time") {
        None | Some(Err(_)) => {}
        Some(Ok(message)) => panic!("expected the socket to end, got {message:?}"),
    }
}
