//! The shared plumbing against a real client, through a fake that echoes what it gets.

use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request};
use tokio_tungstenite::tungstenite::http::StatusCode;

use super::test_client::{self, ClientWs, WAIT};
use super::{Frames, Hub, Protocol, Server, Socket, Watch};

/// Echoes each message as `{"echo": text}`; `close` and `abort` end the connection; an
/// upgrade on `/refused` gets 404. `BINARY` picks the frames.
#[derive(Default)]
struct Echo<const BINARY: bool> {
    conns: Vec<EchoConn>,
}

struct EchoConn {
    socket: Socket,
    /// Ticks of the connection's watch task.
    ticks: usize,
}

impl<const BINARY: bool> Protocol for Echo<BINARY> {
    type Conn = EchoConn;
    const FRAMES: Frames = if BINARY { Frames::Binary } else { Frames::Text };

    fn conns(&mut self) -> &mut Vec<EchoConn> {
        &mut self.conns
    }

    fn socket(conn: &mut EchoConn) -> &mut Socket {
        &mut conn.socket
    }

    fn upgrade(&mut self, request: &Request, socket: Socket) -> (EchoConn, Option<ErrorResponse>) {
        let refusal = (request.uri().path() == "/refused").then(|| {
            let mut response = ErrorResponse::new(Some("no".into()));
            *response.status_mut() = StatusCode::NOT_FOUND;
            response
        });
        (EchoConn { socket, ticks: 0 }, refusal)
    }

    fn receive(&mut self, index: usize, text: String) {
        let socket = &mut self.conns[index].socket;
        match text.as_str() {
            "close" => socket.close(4000, &"why ".repeat(40)),
            "abort" => socket.abort(),
            _ => socket.send([json!({"echo": text})]),
        }
    }

    fn watch(hub: Arc<Hub<Self>>, index: usize) -> Option<Watch> {
        Some(Box::pin(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(5)).await;
                hub.with(|state| state.conns[index].ticks += 1);
            }
        }))
    }
}

async fn connect<const BINARY: bool>(server: &Server<Echo<BINARY>>, path: &str) -> ClientWs {
    test_client::open(&format!("ws://{}{path}", server.address), &[]).await.expect("accepted")
}

async fn next(ws: &mut ClientWs) -> Message {
    tokio::time::timeout(WAIT, ws.next()).await.expect("in time").expect("open").expect("a frame")
}

#[tokio::test]
async fn messages_go_out_in_the_fakes_kind_of_frame() {
    let text = Server::bind(0, Echo::<false>::default()).await.expect("bound");
    let mut ws = connect(&text, "/").await;
    ws.send(Message::text("hi")).await.expect("sent");
    assert_eq!(next(&mut ws).await, Message::text(json!({"echo": "hi"}).to_string()));

    let binary = Server::bind(0, Echo::<true>::default()).await.expect("bound");
    let mut ws = connect(&binary, "/").await;
    ws.send(Message::binary(b"hi".to_vec())).await.expect("sent");
    let Message::Binary(bytes) = next(&mut ws).await else { panic!("a binary frame") };
    assert_eq!(serde_json::from_slice::<Value>(&bytes).expect("JSON"), json!({"echo": "hi"}));
    assert_eq!(binary.connections(), 1);
}

#[tokio::test]
async fn a_refused_upgrade_is_recorded_and_over() {
    let server = Server::bind(0, Echo::<false>::default()).await.expect("bound");
    let url = format!("ws://{}/refused", server.address);
    assert_eq!(test_client::open(&url, &[]).await.err(), Some((404, "no".into())));
    assert!(server.wait_closed(0, WAIT).await);
    assert_eq!(server.with_conn(0, |c| c.socket.refused), Some(404));
    // Flushing a connection that is over returns at once.
    server.flush(0).await;
}

#[tokio::test]
async fn the_fake_closes_with_a_cut_reason_and_the_handshake_completes() {
    let server = Server::bind(0, Echo::<false>::default()).await.expect("bound");
    let mut ws = connect(&server, "/").await;
    ws.send(Message::text("close")).await.expect("sent");
    let (code, reason) = test_client::closed(&mut ws).await;
    assert_eq!((code, reason.len()), (4000, 123));
    assert!(server.wait_closed(0, WAIT).await);
    let (code, recorded) = server.with_conn(0, |c| c.socket.closed_with.clone()).expect("sent");
    assert_eq!((code, recorded), (4000, reason));
    assert_eq!(server.with_conn(0, |c| c.socket.client_close.clone()).map(|c| c.0), Some(4000));
}

#[tokio::test]
async fn abort_ends_the_socket_without_a_close_frame() {
    let server = Server::bind(0, Echo::<false>::default()).await.expect("bound");
    let mut ws = connect(&server, "/").await;
    ws.send(Message::text("abort")).await.expect("sent");
    test_client::ends_without_a_message(&mut ws).await;
    assert!(server.wait_closed(0, WAIT).await);
    assert_eq!(server.with_conn(0, |c| c.socket.closed_with.clone()), None);
}

#[tokio::test]
async fn the_client_closing_is_recorded_and_ends_the_watch() {
    let server = Server::bind(0, Echo::<false>::default()).await.expect("bound");
    let mut ws = connect(&server, "/").await;
    let ticking =
        server.wait_until(WAIT, |conns| conns.first().filter(|c| c.ticks >= 2).map(|_| ())).await;
    assert!(ticking.is_some(), "the watch runs beside the connection");
    ws.close(None).await.expect("a close frame sent");
    assert!(server.wait_closed(0, WAIT).await);
    assert_eq!(server.with_conn(0, |c| c.socket.client_close.clone()), Some((1005, "".into())));
    let ticks = server.with_conn(0, |c| c.ticks);
    tokio::time::sleep(Duration::from_millis(30)).await;
    assert_eq!(server.with_conn(0, |c| c.ticks), ticks, "the watch ended with the connection");
}

#[tokio::test]
async fn dropping_the_server_ends_its_connections() {
    let server = Server::bind(0, Echo::<false>::default()).await.expect("bound");
    let mut ws = connect(&server, "/").await;
    drop(server);
    test_client::ends_without_a_message(&mut ws).await;
}

#[tokio::test]
#[should_panic(expected = "no connection 3 (the fake has 0)")]
async fn an_unknown_connection_is_a_test_bug() {
    let server = Server::bind(0, Echo::<false>::default()).await.expect("bound");
    server.with_conn(3, |_| ());
}
