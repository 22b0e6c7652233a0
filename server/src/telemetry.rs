//! Logging: every line of a request carries its request id (the root span's `request_id`,
//! also returned to the client as `X-Request-Id`).

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::{SubscriberInitExt, TryInitError};
use tracing_subscriber::{EnvFilter, fmt};

use crate::config::LogFormat;

/// What is logged when `RUST_LOG` is unset: production's level.
pub const DEFAULT_FILTER: &str = "info,actix_server=warn,tracing_actix_web=info";

/// Installs the global subscriber, writing to stdout. `RUST_LOG` overrides [`DEFAULT_FILTER`].
/// Calling it twice is harmless (the tests start many servers in one process).
pub fn init(format: LogFormat) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let _ = init_with_writer(format, filter, std::io::stdout);
}

/// Installs the global subscriber with `filter`, writing `format`'s lines through
/// `make_writer`. [`init`] is this with stdout, so a test given a buffer reads exactly the lines
/// production writes. Fails if a global subscriber is already installed.
pub fn init_with_writer<W>(
    format: LogFormat,
    filter: EnvFilter,
    make_writer: W,
) -> Result<(), TryInitError>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let registry = tracing_subscriber::registry().with(filter);
    match format {
        LogFormat::Json => registry
            .with(
                fmt::layer()
                    .json()
                    .with_current_span(false)
                    .with_span_list(true)
                    .with_writer(make_writer),
            )
            .try_init(),
        LogFormat::Text => registry.with(fmt::layer().with_writer(make_writer)).try_init(),
    }
}

/// Every request's root span: tracing-actix-web's, plus `call_sid`, which a Twilio webhook
/// records once its form is read, so every line about the request names the call.
pub struct RootSpan;

impl RootSpanBuilder for RootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        tracing_actix_web::root_span!(request, call_sid = tracing::field::Empty)
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}
