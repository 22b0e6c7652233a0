//! A running fake: its listener on 127.0.0.1 and its state, with what every fake's scripting
//! needs — acting on one connection, waiting until its messages are on the socket, waiting on
//! the state. Dropping it stops the listener and ends every connection.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::{Hub, Protocol, connection};

pub(crate) struct Server<S: Protocol> {
    pub hub: Arc<Hub<S>>,
    /// Where the listener is, e.g. `127.0.0.1:41234`.
    pub address: SocketAddr,
    accept: JoinHandle<()>,
}

impl<S: Protocol> Server<S> {
    /// Listens on `port` of 127.0.0.1 (0 for a free one) with `state`.
    pub async fn bind(port: u16, state: S) -> std::io::Result<Server<S>> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let address = listener.local_addr()?;
        let hub = Arc::new(Hub::new(state));
        let accept = tokio::spawn(connection::accept(listener, Arc::clone(&hub)));
        Ok(Server { hub, address, accept })
    }

    /// Runs `f` on the connection (panics if there is no such connection), then wakes the
    /// waiters.
    pub fn with_conn<T>(&self, conn: usize, f: impl FnOnce(&mut S::Conn) -> T) -> T {
        self.hub.with(|state| f(conn_mut(state.conns(), conn)))
    }

    /// How many upgrade requests arrived, refused ones included.
    pub fn connections(&self) -> usize {
        self.hub.lock().conns().len()
    }

    /// Returns once everything queued for the connection is on the socket (or it is over).
    pub async fn flush(&self, conn: usize) {
        if let Some(done) = self.with_conn(conn, |c| S::socket(c).flush()) {
            let _ = done.await;
        }
    }

    /// Waits (up to `timeout`) until `check` finds something among the connections.
    pub async fn wait_until<T>(
        &self,
        timeout: Duration,
        mut check: impl FnMut(&mut Vec<S::Conn>) -> Option<T>,
    ) -> Option<T> {
        self.hub.wait_until(timeout, |state| check(state.conns())).await
    }

    /// Waits (up to `timeout`) for a connection that is not over and is `ready` (has a
    /// session), and returns its index. Each connection is handed out once, the oldest first.
    pub async fn claim(
        &self,
        timeout: Duration,
        ready: impl Fn(&S::Conn) -> bool,
    ) -> Option<usize> {
        self.wait_until(timeout, |conns| {
            let i = conns.iter_mut().position(|c| {
                let socket = S::socket(c);
                let free = !socket.closing && !socket.claimed;
                free && ready(c)
            })?;
            S::socket(&mut conns[i]).claimed = true;
            Some(i)
        })
        .await
    }

    /// Waits (up to `timeout`) until the connection (which may not exist yet) is as `ready`
    /// wants it; true if it is.
    pub async fn wait_for(
        &self,
        conn: usize,
        timeout: Duration,
        mut ready: impl FnMut(&mut S::Conn) -> bool,
    ) -> bool {
        let found =
            self.wait_until(timeout, |conns| conns.get_mut(conn).map(&mut ready)?.then_some(()));
        found.await.is_some()
    }

    /// Waits (up to `timeout`) until the connection (which may not exist yet) is over.
    pub async fn wait_closed(&self, conn: usize, timeout: Duration) -> bool {
        self.wait_for(conn, timeout, |c| S::socket(c).closed).await
    }
}

/// The connection `conn`; panics, naming how many there are, if there is none.
fn conn_mut<C>(conns: &mut [C], conn: usize) -> &mut C {
    let count = conns.len();
    conns.get_mut(conn).unwrap_or_else(|| panic!("no connection {conn} (the fake has {count})"))
}

impl<S: Protocol> Drop for Server<S> {
    fn drop(&mut self) {
        self.accept.abort();
        self.hub.stop();
    }
}
