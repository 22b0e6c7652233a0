//! Why a message didn't go out, in words an owner can act on. The SMTP password never appears:
//! these are built from the server's replies and the connection's errors, not from the URL.

/// A failed send. [`SendError::is_permanent`] tells a refusal worth no retry (the server said
/// 5xx, or the message itself is wrong) from one that may pass later.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// An address that isn't one (it was checked when queued, so this is a stored oddity).
    #[error("the {field} address {value:?} is not valid: {reason}")]
    Address { field: &'static str, value: String, reason: String },
    /// The message couldn't be put together.
    #[error("the message could not be built: {0}")]
    Build(String),
    /// The SMTP server answered with an error reply.
    #[error("the mail server {server} refused it ({code}): {reply}")]
    Refused { server: String, code: u16, reply: String },
    /// The SMTP server couldn't be reached or the conversation broke off (network, TLS, a
    /// timeout, an answer that made no sense).
    #[error("the mail server {server} could not be used: {reason}")]
    Unreachable { server: String, reason: String },
}

impl SendError {
    /// Trying again won't help: a 5xx reply, or a message that can't be built.
    pub fn is_permanent(&self) -> bool {
        match self {
            SendError::Address { .. } | SendError::Build(_) => true,
            SendError::Refused { code, .. } => *code >= 500,
            SendError::Unreachable { .. } => false,
        }
    }

    /// From lettre's error for a send to `server`.
    pub(super) fn from_smtp(server: &str, err: &lettre::transport::smtp::Error) -> SendError {
        let server = server.to_string();
        let source = std::error::Error::source(err).map(ToString::to_string);
        match err.status() {
            Some(code) => SendError::Refused {
                server,
                code: code.to_string().parse().unwrap_or(0),
                reply: source.unwrap_or_default(),
            },
            None if err.is_timeout() => {
                SendError::Unreachable { server, reason: "it did not answer in time".into() }
            }
            None => SendError::Unreachable { server, reason: err.to_string() },
        }
    }
}
