//! AUTH PLAIN (RFC 4616) and AUTH LOGIN, the two mechanisms mail providers offer over TLS:
//! credentials travel base64-encoded, in the command (PLAIN's initial response) or in answers
//! to the server's `334` challenges.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mechanism {
    Plain,
    Login,
}

impl Mechanism {
    fn name(self) -> &'static str {
        match self {
            Mechanism::Plain => "PLAIN",
            Mechanism::Login => "LOGIN",
        }
    }
}

/// The one user the server knows, and the mechanisms it offers (in this order).
#[derive(Debug, Clone)]
pub struct AuthConfig {
    pub user: String,
    pub password: String,
    pub mechanisms: Vec<Mechanism>,
}

impl AuthConfig {
    /// `PLAIN LOGIN`, for the EHLO reply.
    pub fn advertised(&self) -> String {
        self.mechanisms.iter().map(|m| m.name()).collect::<Vec<_>>().join(" ")
    }
}

#[derive(Debug)]
pub enum AuthStep {
    /// Another `334` line for the client to answer.
    Challenge(String),
    /// The exchange ended: the user signed in, or the reply refusing.
    Done(Result<String, String>),
}

#[derive(Debug)]
pub struct AuthExchange {
    config: AuthConfig,
    stage: Stage,
}

#[derive(Debug)]
enum Stage {
    PlainResponse,
    LoginUser,
    LoginPassword { user: String },
}

const BAD_CREDENTIALS: &str = "535 5.7.8 Error: authentication failed";

impl AuthExchange {
    /// `AUTH <mechanism> [initial-response]`: the exchange and its first step, or the refusal
    /// of an unoffered mechanism.
    pub fn start(
        config: AuthConfig,
        mechanism: &str,
        initial: Option<&str>,
    ) -> Result<(AuthExchange, AuthStep), String> {
        let offered = config
            .mechanisms
            .iter()
            .copied()
            .find(|m| m.name().eq_ignore_ascii_case(mechanism))
            .ok_or_else(|| "504 5.5.4 Error: unsupported authentication mechanism".to_string())?;
        let mut exchange = AuthExchange {
            config,
            stage: match offered {
                Mechanism::Plain => Stage::PlainResponse,
                Mechanism::Login => Stage::LoginUser,
            },
        };
        let step = match (offered, initial) {
            (Mechanism::Plain, Some(initial)) => exchange.respond(initial),
            (Mechanism::Plain, None) => AuthStep::Challenge("334 ".into()),
            // "VXNlcm5hbWU6" is `Username:`.
            (Mechanism::Login, None) => AuthStep::Challenge("334 VXNlcm5hbWU6".into()),
            (Mechanism::Login, Some(initial)) => exchange.respond(initial),
        };
        Ok((exchange, step))
    }

    /// The client's answer to the last challenge (or its initial response).
    pub fn respond(&mut self, line: &str) -> AuthStep {
        if line == "*" {
            return AuthStep::Done(Err("501 5.7.0 Error: authentication aborted".into()));
        }
        let Ok(decoded) = STANDARD.decode(line.trim()) else {
            return AuthStep::Done(Err("501 5.5.2 Error: cannot decode response".into()));
        };
        match std::mem::replace(&mut self.stage, Stage::PlainResponse) {
            Stage::PlainResponse => {
                // authzid NUL authcid NUL password
                let fields: Vec<&[u8]> = decoded.split(|b| *b == 0).collect();
                match fields.as_slice() {
                    [_, user, password] => self.check(user, password),
                    _ => AuthStep::Done(Err("501 5.5.2 Error: malformed PLAIN response".into())),
                }
            }
            Stage::LoginUser => {
                self.stage =
                    Stage::LoginPassword { user: String::from_utf8_lossy(&decoded).into() };
                // "UGFzc3dvcmQ6" is `Password:`.
                AuthStep::Challenge("334 UGFzc3dvcmQ6".into())
            }
            Stage::LoginPassword { user } => self.check(user.as_bytes(), &decoded),
        }
    }

    fn check(&self, user: &[u8], password: &[u8]) -> AuthStep {
        if user == self.config.user.as_bytes() && password == self.config.password.as_bytes() {
            AuthStep::Done(Ok(self.config.user.clone()))
        } else {
            AuthStep::Done(Err(BAD_CREDENTIALS.into()))
        }
    }
}
