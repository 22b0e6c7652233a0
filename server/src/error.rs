//! The one error envelope. Every module's errors convert into [`ApiError`]; actix's own
//! extractor and routing errors are rewritten into it too (see [`crate::app`]), so a client
//! never sees a plain-text error.

use std::borrow::Cow;
use std::time::Duration;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use loquent_shared::validation::FieldError;
use loquent_shared::{ErrorBody, ErrorDetail};

pub type ApiResult<T> = Result<T, ApiError>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A field of an otherwise well-formed request is invalid (422).
    #[error("{0}")]
    Validation(FieldError),
    /// An invalid field answered 400 rather than 422, where the product's contract says so.
    #[error("{0}")]
    InvalidField(FieldError),
    /// Well-formed JSON of the wrong shape (422 `invalid_body`): a missing field, a wrong type.
    /// `field` is the path to the value at fault, e.g. `phones[0].number`.
    #[error("{message}")]
    InvalidBody { message: String, field: Option<String> },
    /// The request itself is malformed (400): bad JSON, a bad path or query parameter.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String, field: Option<Cow<'static, str>> },
    #[error("sign in to continue")]
    Unauthenticated,
    /// An `Authorization` header whose API key is unknown, revoked or malformed (401): an
    /// integration must learn its key is the problem, not that someone should sign in.
    #[error("the API key is not valid")]
    InvalidApiKey,
    /// An `Authorization` header whose API key expired (401, the same code as an invalid one:
    /// to the integration it is just as unusable, and the message says why).
    #[error(
        "the API key expired at {}; create a new one",
        expired_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    )]
    ExpiredApiKey { expired_at: chrono::DateTime<chrono::Utc> },
    /// Sign-in with an unknown email or a wrong password (401): the two are indistinguishable.
    #[error("Email or password is incorrect")]
    InvalidCredentials,
    /// A Twilio request no organization's auth token signed (403).
    #[error("the request's X-Twilio-Signature does not match")]
    InvalidSignature,
    /// Signed in, but the member's role does not grant the permission (403).
    #[error("your role does not allow {permission}")]
    Forbidden { permission: &'static str },
    /// Unknown id, or another organization's id: the two are indistinguishable on purpose.
    #[error("{resource} not found")]
    NotFound { resource: &'static str },
    /// Something the request names doesn't exist, with its own code and message (404), e.g. a
    /// Twilio number that isn't in the account.
    #[error("{message}")]
    Missing { code: &'static str, message: String, field: Option<&'static str> },
    /// The request clashes with what exists (409), e.g. a value already taken.
    #[error("{message}")]
    Conflict { code: &'static str, message: String, field: Option<&'static str> },
    /// Signed in and allowed in general, but not this: a rule of the product refuses it (403),
    /// e.g. an admin granting the owner role, or an API key asked to change its organization.
    #[error("{message}")]
    Refused { code: &'static str, message: String, field: Option<&'static str> },
    /// A link that did exist but can't be used any more (410): an invitation or reset link
    /// that expired, was used or was revoked; the code and message say which.
    #[error("{message}")]
    Gone { code: &'static str, message: String },
    /// A byte range outside the resource (416).
    #[error("{message}")]
    RangeNotSatisfiable { message: String },
    #[error("too many attempts; try again in {} seconds", retry_after.as_secs().max(1))]
    RateLimited { retry_after: Duration },
    /// A service Loquent relies on refused or failed (502), in that service's words.
    #[error("{message}")]
    Upstream { code: &'static str, message: String },
    /// The deployment lacks something the request needs (500), e.g. telephony credentials.
    #[error("{message}")]
    NotConfigured { code: &'static str, message: String },
    /// Loquent failed part-way through and the message says how to recover (500).
    #[error("{message}")]
    Unfinished { message: String },
    /// Errors actix raises before a handler runs (413, 415, 405…), rewritten into the envelope.
    /// Only the framework edge (`app`, `extract_errors`) makes these; modules use named variants.
    #[error("{message}")]
    Framework { status: StatusCode, code: &'static str, message: String },
    /// Anything unexpected: logged with its whole cause chain, answered without internals.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::BadRequest { code, message: message.into(), field: None }
    }

    /// An invalid field answered 400 rather than 422, where the product's contract says so.
    pub fn invalid_field(err: FieldError) -> Self {
        ApiError::InvalidField(err)
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Conflict { code, message: message.into(), field: None }
    }

    pub fn refused(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Refused { code, message: message.into(), field: None }
    }

    pub fn gone(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Gone { code, message: message.into() }
    }

    /// Names the request field this error is about (a taken value, an out-of-range parameter):
    /// the envelope carries it as `field`. Errors that can't be about one field are unchanged.
    pub fn on_field(mut self, name: &'static str) -> Self {
        match &mut self {
            ApiError::BadRequest { field, .. } => *field = Some(Cow::Borrowed(name)),
            ApiError::Conflict { field, .. }
            | ApiError::Missing { field, .. }
            | ApiError::Refused { field, .. } => *field = Some(name),
            _ => {}
        }
        self
    }

    /// The request field the error is about, if it is about one.
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::Validation(e) | ApiError::InvalidField(e) => Some(e.field),
            ApiError::InvalidBody { field, .. } => field.as_deref(),
            ApiError::BadRequest { field, .. } => field.as_deref(),
            ApiError::Conflict { field, .. }
            | ApiError::Missing { field, .. }
            | ApiError::Refused { field, .. } => *field,
            _ => None,
        }
    }

    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        ApiError::Internal(err.into())
    }

    pub fn code(&self) -> Cow<'static, str> {
        match self {
            ApiError::Validation(e) | ApiError::InvalidField(e) => Cow::Borrowed(e.code),
            ApiError::BadRequest { code, .. }
            | ApiError::Conflict { code, .. }
            | ApiError::Missing { code, .. }
            | ApiError::Refused { code, .. }
            | ApiError::Gone { code, .. }
            | ApiError::Upstream { code, .. }
            | ApiError::NotConfigured { code, .. }
            | ApiError::Framework { code, .. } => Cow::Borrowed(code),
            ApiError::Unauthenticated => "unauthenticated".into(),
            ApiError::InvalidCredentials => "invalid_credentials".into(),
            ApiError::InvalidApiKey | ApiError::ExpiredApiKey { .. } => "invalid_api_key".into(),
            ApiError::InvalidSignature => "invalid_signature".into(),
            ApiError::RangeNotSatisfiable { .. } => "range_not_satisfiable".into(),
            ApiError::Unfinished { .. } => "internal_error".into(),
            ApiError::InvalidBody { .. } => "invalid_body".into(),
            ApiError::Forbidden { .. } => "forbidden".into(),
            ApiError::NotFound { .. } => "not_found".into(),
            ApiError::RateLimited { .. } => "rate_limited".into(),
            ApiError::Internal(_) => "internal_error".into(),
        }
    }

    pub fn body(&self) -> ErrorBody {
        let message = match self {
            ApiError::Internal(_) => {
                "Something went wrong on our side. It has been logged; please try again.".into()
            }
            other => other.to_string(),
        };
        ErrorBody {
            error: ErrorDetail {
                code: self.code().into_owned(),
                message,
                field: self.field().map(str::to_owned),
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) | ApiError::InvalidBody { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::BadRequest { .. } | ApiError::InvalidField(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthenticated
            | ApiError::InvalidCredentials
            | ApiError::InvalidApiKey
            | ApiError::ExpiredApiKey { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } | ApiError::InvalidSignature | ApiError::Refused { .. } => {
                StatusCode::FORBIDDEN
            }
            ApiError::Gone { .. } => StatusCode::GONE,
            ApiError::NotFound { .. } | ApiError::Missing { .. } => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::RangeNotSatisfiable { .. } => StatusCode::RANGE_NOT_SATISFIABLE,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Upstream { .. } => StatusCode::BAD_GATEWAY,
            ApiError::Framework { status, .. } => *status,
            ApiError::NotConfigured { .. }
            | ApiError::Unfinished { .. }
            | ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(err) = self {
            // `{:#}` prints the whole `context` chain on one line.
            tracing::error!(error = format!("{err:#}"), "request failed");
        }
        let mut response = HttpResponse::build(self.status_code());
        if let ApiError::RateLimited { retry_after } = self {
            response.insert_header((header::RETRY_AFTER, retry_after.as_secs().max(1).to_string()));
        }
        match self {
            ApiError::Unauthenticated => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            // RFC 6750's answer to a bearer token that was sent but isn't good.
            ApiError::InvalidApiKey | ApiError::ExpiredApiKey { .. } => {
                response
                    .insert_header((header::WWW_AUTHENTICATE, r#"Bearer error="invalid_token""#));
            }
            _ => {}
        }
        response.json(self.body())
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(err: anyhow::Error) -> Self {
        ApiError::Internal(err)
    }
}

impl From<FieldError> for ApiError {
    fn from(err: FieldError) -> Self {
        ApiError::Validation(err)
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(err: diesel::result::Error) -> Self {
        match err {
            diesel::result::Error::NotFound => ApiError::NotFound { resource: "resource" },
            other => ApiError::Internal(anyhow::Error::new(other).context("database query")),
        }
    }
}

impl From<crate::db::PoolError> for ApiError {
    fn from(err: crate::db::PoolError) -> Self {
        ApiError::Internal(anyhow::Error::new(err).context("database connection pool"))
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(err: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(anyhow::Error::new(err).context("blocking task"))
    }
}
