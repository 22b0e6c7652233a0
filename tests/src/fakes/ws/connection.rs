//! The tasks behind a fake's WebSocket listener: the accept loop, and per connection the
//! upgrade, a reader task that hands client messages to the fake, and the writer loop that owns
//! the socket's sending half.

use std::sync::Arc;
use std::time::Duration;

use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;

use super::socket::{Frames, Outgoing, Socket};
use super::{Hub, Protocol};

/// How long the fake waits for the client's answer to its close frame.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);

type Ws = WebSocketStream<TcpStream>;

/// Accepts connections until the fake is dropped (which aborts this task).
pub(super) async fn accept<S: Protocol>(listener: TcpListener, hub: Arc<Hub<S>>) {
    while let Ok((stream, _)) = listener.accept().await {
        let task = tokio::spawn(serve(stream, Arc::clone(&hub)));
        hub.track(task.abort_handle());
    }
}

/// Aborts the task when dropped, so a connection's helpers never outlive it.
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

async fn serve<S: Protocol>(stream: TcpStream, hub: Arc<Hub<S>>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let mut index = None;
    #[expect(clippy::result_large_err, reason = "tungstenite's `Callback` fixes the error type")]
    let callback = |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
        let (i, refusal) = register(&hub, request, Socket::open(tx));
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
            let reader = AbortOnDrop(tokio::spawn(read(Arc::clone(&hub), index, stream)));
            let _watch = S::watch(Arc::clone(&hub), index).map(|w| AbortOnDrop(tokio::spawn(w)));
            write(sink, rx, reader, S::FRAMES).await;
        }
        Err(_) => drop(rx),
    }
    // Whoever ended it, the connection is over.
    hub.with(|state| {
        S::socket(&mut state.conns()[index]).end();
        state.ended(index);
    });
}

/// Records the upgrade request through the fake and returns the connection's index and the
/// refusal, if any.
fn register<S: Protocol>(
    hub: &Hub<S>,
    request: &Request,
    socket: Socket,
) -> (usize, Option<ErrorResponse>) {
    hub.with(|state| {
        let (mut conn, refusal) = state.upgrade(request, socket);
        if let Some(refusal) = &refusal {
            S::socket(&mut conn).refuse(refusal.status().as_u16());
        }
        let conns = state.conns();
        conns.push(conn);
        (conns.len() - 1, refusal)
    })
}

/// Sends what arrives on the channel until an `Abort`, a close, a failed send, or the reader's
/// end.
async fn write(
    mut sink: SplitSink<Ws, Message>,
    mut rx: mpsc::UnboundedReceiver<Outgoing>,
    mut reader: AbortOnDrop,
    frames: Frames,
) {
    loop {
        tokio::select! {
            biased;
            outgoing = rx.recv() => match outgoing {
                Some(Outgoing::Message(message)) => {
                    let json = message.to_string();
                    let frame = match frames {
                        Frames::Text => Message::text(json),
                        Frames::Binary => Message::binary(json.into_bytes()),
                    };
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

/// Hands each client message to the fake until the client closes (or the socket fails).
async fn read<S: Protocol>(hub: Arc<Hub<S>>, index: usize, mut stream: SplitStream<Ws>) {
    while let Some(message) = stream.next().await {
        let text = match message {
            Ok(Message::Text(text)) => text.as_str().to_string(),
            Ok(Message::Binary(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
            Ok(Message::Close(frame)) => {
                let frame = frame.map(|f| (u16::from(f.code), f.reason.as_str().to_string()));
                hub.with(|state| {
                    let socket = S::socket(&mut state.conns()[index]);
                    socket.client_close = Some(frame.unwrap_or((1005, String::new())));
                });
                // Reading on sends tungstenite's answer, then sees the end of the stream.
                continue;
            }
            // Tungstenite answers pings itself.
            Ok(_) => continue,
            Err(_) => break,
        };
        hub.with(|state| state.receive(index, text));
    }
    // The writer sees this task end, and `serve` marks the connection over.
}
