//! The WebSocket plumbing the fakes of realtime model services share: the accept loop, per
//! connection a reader task that hands each client message to the fake and a writer task that
//! owns the socket's sending half (fed through a channel, so that messages go out in the order
//! the fake's state changed), the closing handshake, and waiting on the fake's state.
//!
//! A fake describes its protocol with [`Protocol`]: how it judges an upgrade request, what it
//! does with a client message, and in which kind of frame it answers.

mod connection;
mod hub;
mod server;
mod socket;
#[cfg(test)]
pub(crate) mod test_client;
#[cfg(test)]
mod tests;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request};

pub(crate) use hub::Hub;
pub(crate) use server::Server;
pub(crate) use socket::{Frames, Socket};

/// A task that runs beside one connection and ends with it.
pub(crate) type Watch = Pin<Box<dyn Future<Output = ()> + Send>>;

/// What a fake's state does with its WebSocket connections.
pub(crate) trait Protocol: Send + Sized + 'static {
    /// What the fake keeps per connection.
    type Conn: Send;

    /// The kind of frame the fake's messages go out in.
    const FRAMES: Frames;

    /// Every connection, refused ones included, in the order their upgrade requests arrived.
    fn conns(&mut self) -> &mut Vec<Self::Conn>;

    /// The connection's socket.
    fn socket(conn: &mut Self::Conn) -> &mut Socket;

    /// Judges an upgrade request: the connection to record (its socket `socket`, whose messages
    /// may be queued already: they go out right after the 101), and the HTTP refusal, if any.
    fn upgrade(&mut self, request: &Request, socket: Socket)
    -> (Self::Conn, Option<ErrorResponse>);

    /// A client message (a text frame's text, or a binary frame's bytes as UTF-8).
    fn receive(&mut self, index: usize, text: String);

    /// The connection is over (its socket already says so): drop what only a live one has.
    fn ended(&mut self, _index: usize) {}

    /// A task to run beside an accepted connection (timers, say); aborted when it ends.
    fn watch(_hub: Arc<Hub<Self>>, _index: usize) -> Option<Watch> {
        None
    }
}
