//! The client's IP, for rate limits and session records.

use actix_web::HttpRequest;

/// The peer address, or, when `LOQUENT_TRUST_PROXY` is on, what the proxy says the client was.
pub fn client_ip(req: &HttpRequest, trust_proxy: bool) -> String {
    let info = req.connection_info();
    let raw = if trust_proxy { info.realip_remote_addr() } else { info.peer_addr() };
    let raw = raw.unwrap_or("unknown");
    // Strip a port (`1.2.3.4:5678`, `[::1]:5678`) so one client is one bucket.
    match raw.parse::<std::net::SocketAddr>() {
        Ok(addr) => addr.ip().to_string(),
        Err(_) => raw.to_string(),
    }
}
