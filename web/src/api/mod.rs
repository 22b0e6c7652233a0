//! One typed async function per `/api` endpoint, over `loquent_shared`'s DTOs.
//!
//! Every failure becomes an [`ApiError`]: the server's `{"error": {"code", "message", "field"}}`
//! envelope when it sent one, otherwise a readable stand-in (network down, proxy error page, …).
//! Requests are same-origin, so the browser sends the `loquent_session` cookie with each one.
//! An ended session (a 401 other than a wrong password) is reported here, once for every
//! endpoint, to the hook the session set with [`on_session_ended`]: callers only see the error.

pub mod account;
pub mod agents;
pub mod analyzers;
pub mod api_keys;
pub mod auth;
pub mod calls;
pub mod contacts;
pub mod dashboard;
pub mod mail;
pub mod organization;
pub mod phones;
pub mod reports;
pub mod routes;
pub mod team;
pub mod todos;
pub mod twilio;

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use gloo_net::http::{Request, RequestBuilder, Response};
use loquent_shared::{ErrorBody, ErrorDetail};
use routes::{Method, Route};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A failed API call: the HTTP status (0 when the server could not be reached), the envelope's
/// stable `code`, a sentence for people, and the request field the error is about (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
    /// The envelope's `field`: which request field the server refused (`name`,
    /// `realtime_config.speed`); `None` for errors about the request as a whole.
    pub field: Option<String>,
}

impl ApiError {
    fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError { status, code: code.into(), message: message.into(), field: None }
    }

    /// The error a server's envelope describes.
    pub fn from_body(status: u16, body: ErrorBody) -> Self {
        let ErrorDetail { code, message, field } = body.error;
        ApiError { status, code, message, field }
    }

    /// The server couldn't be reached (also: a lazy page's code couldn't be fetched).
    pub fn network() -> Self {
        ApiError::new(
            0,
            "network_error",
            "Can't reach Loquent right now. Check your connection and try again.",
        )
    }

    fn unreadable(status: u16) -> Self {
        ApiError::new(status, "unreadable_response", "The server sent an answer we couldn't read.")
    }

    /// The stand-in for an error answer without our envelope (e.g. a proxy's HTML page).
    fn from_status(status: u16) -> Self {
        let message = match status {
            401 => "Your session has ended. Sign in again.",
            403 => "You don't have permission to do that.",
            404 => "We couldn't find what you were looking for.",
            429 => "Too many attempts. Wait a moment and try again.",
            502..=504 => "Loquent is temporarily unavailable. Try again in a moment.",
            500..=599 => "Something went wrong on our side. Try again in a moment.",
            _ => "The request failed.",
        };
        ApiError::new(status, format!("http_{status}"), message)
    }

    /// The session is missing or expired (as opposed to a wrong password, also a 401).
    pub fn is_unauthenticated(&self) -> bool {
        self.status == 401 && self.code != "invalid_credentials"
    }

    /// For an error about one field: the field the server named, and the message without the
    /// `<field>: ` it begins with (`"realtime_config.speed"`, `"must be between 0.25 and 1.5"`).
    pub fn field_error(&self) -> Option<(&str, &str)> {
        let field = self.field.as_deref()?;
        let detail = self
            .message
            .strip_prefix(field)
            .and_then(|rest| rest.strip_prefix(": "))
            .unwrap_or(&self.message);
        Some((field, detail))
    }

    /// What a page answers for an address that can't name a record (e.g. `/agents/not-an-id`).
    pub fn not_found() -> Self {
        ApiError::from_status(404)
    }

    pub fn is_not_found(&self) -> bool {
        self.status == 404
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

pub type ApiResult<T> = Result<T, ApiError>;

thread_local! {
    static SESSION_ENDED: RefCell<Option<Rc<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Sets what happens when any request finds the session missing or expired (the app signs the
/// member out, which sends them to sign-in). The browser runs one thread, so one hook serves all.
pub fn on_session_ended(hook: impl Fn() + 'static) {
    SESSION_ENDED.with(|slot| *slot.borrow_mut() = Some(Rc::new(hook)));
}

fn report_session_ended() {
    // Cloned out first: the hook may change signals whose effects send requests of their own.
    let hook = SESSION_ENDED.with(|slot| slot.borrow().clone());
    if let Some(hook) = hook {
        hook();
    }
}

async fn send(request: Result<Request, gloo_net::Error>) -> ApiResult<Response> {
    let request = request.map_err(|_| ApiError::new(0, "bad_request", "Couldn't send that."))?;
    let response = request.send().await.map_err(|_| ApiError::network())?;
    if response.ok() {
        return Ok(response);
    }
    let error = decode_error(response).await;
    if error.is_unauthenticated() {
        report_session_ended();
    }
    Err(error)
}

async fn decode_error(response: Response) -> ApiError {
    let status = response.status();
    match response.json::<ErrorBody>().await {
        Ok(body) => ApiError::from_body(status, body),
        Err(_) => ApiError::from_status(status),
    }
}

async fn json<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
    let status = response.status();
    response.json::<T>().await.map_err(|_| ApiError::unreadable(status))
}

/// A request about to be sent: its route and the route's path with parameters (and any query).
pub(crate) struct Target {
    method: Method,
    path: String,
}

impl Route {
    /// This route with its `{…}` parameters filled in order.
    pub(crate) fn at(self, params: &[&dyn fmt::Display]) -> Target {
        Target { method: self.method, path: self.path(params) }
    }
}

impl Target {
    /// Adds a query string made by [`query_string`].
    pub(crate) fn query(mut self, query: &str) -> Target {
        self.path.push_str(query);
        self
    }
}

fn builder(target: &Target) -> RequestBuilder {
    let path = target.path.as_str();
    let builder = match target.method {
        Method::Get => Request::get(path),
        Method::Post => Request::post(path),
        Method::Put => Request::put(path),
        Method::Patch => Request::patch(path),
        Method::Delete => Request::delete(path),
    };
    builder.header("Accept", "application/json")
}

/// A request without a body that answers with JSON.
pub(crate) async fn fetch<T: DeserializeOwned>(target: Target) -> ApiResult<T> {
    json(send(builder(&target).build()).await?).await
}

/// A request with a JSON body that answers with JSON.
pub(crate) async fn send_json<B: Serialize, T: DeserializeOwned>(
    target: Target,
    body: &B,
) -> ApiResult<T> {
    json(send(builder(&target).json(body)).await?).await
}

/// A request with a JSON body whose success answer the app doesn't read (204, 202, or a body
/// another call fetches anyway).
pub(crate) async fn send_ignoring_body<B: Serialize>(target: Target, body: &B) -> ApiResult<()> {
    send(builder(&target).json(body)).await.map(drop)
}

/// A request without a body whose success answer has none either (204).
pub(crate) async fn fetch_empty(target: Target) -> ApiResult<()> {
    send(builder(&target).build()).await.map(drop)
}

/// `?a=1&b=x%20y` from the pairs that have a value (empty when none do), each percent-encoded.
pub(crate) fn query_string(pairs: &[(&str, Option<&str>)]) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        // An empty value is no value: the server refuses `from=` rather than guess.
        let Some(value) = value.filter(|v| !v.is_empty()) else { continue };
        out.push(if out.is_empty() { '?' } else { '&' });
        out.push_str(key);
        out.push('=');
        for byte in value.bytes() {
            match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    out.push(char::from(byte));
                }
                _ => out.push_str(&format!("%{byte:02X}")),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{ApiError, query_string};

    #[test]
    fn query_strings_encode_their_values() {
        assert_eq!(query_string(&[("q", None), ("limit", None)]), "");
        assert_eq!(
            query_string(&[("q", Some("Grace H")), ("cursor", None), ("limit", Some("5"))]),
            "?q=Grace%20H&limit=5"
        );
        assert_eq!(
            query_string(&[("from", Some("2026-11-21T00:00:00+01:00"))]),
            "?from=2026-11-21T00%3A00%3A00%2B01%3A00"
        );
        assert_eq!(query_string(&[("q", Some("+1415"))]), "?q=%2B1415");
    }

    fn decode(status: u16, body: &str) -> ApiError {
        ApiError::from_body(status, serde_json::from_str(body).expect("an error envelope"))
    }

    #[test]
    fn the_field_comes_from_the_envelope() {
        let e = decode(
            422,
            r#"{"error":{"code":"out_of_range","message":"realtime_config.speed: must be between 0.25 and 1.5","field":"realtime_config.speed"}}"#,
        );
        assert_eq!(e.field.as_deref(), Some("realtime_config.speed"));
        assert_eq!(
            e.field_error(),
            Some(("realtime_config.speed", "must be between 0.25 and 1.5"))
        );
        // A message that doesn't begin with the field is kept whole.
        let e = decode(
            409,
            r#"{"error":{"code":"email_taken","message":"an account with this email already exists","field":"email"}}"#,
        );
        assert_eq!(e.field_error(), Some(("email", "an account with this email already exists")));
    }

    #[test]
    fn a_message_that_looks_like_a_field_is_not_one() {
        // No `field` in the envelope: however the message reads, the error is the whole form's.
        let e = decode(
            401,
            r#"{"error":{"code":"invalid_credentials","message":"password: wrong email or password"}}"#,
        );
        assert_eq!(e.field, None);
        assert_eq!(e.field_error(), None);
        assert!(!e.is_unauthenticated());
        let e = decode(
            502,
            r#"{"error":{"code":"twilio_error","message":"Twilio said: number unavailable"}}"#,
        );
        assert_eq!(e.field_error(), None);
    }
}
