//! Builds and starts the HTTP server: middleware, every module's routes, the API reference and
//! the single-page app.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, Service, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::{Compress, DefaultHeaders, ErrorHandlerResponse, ErrorHandlers};
use actix_web::{App, HttpMessage, HttpServer, ResponseError, web};
use tracing_actix_web::{RequestId, TracingLogger};
use utoipa::OpenApi;
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::SwaggerUi;

use crate::clients::llm::LlmClient;
use crate::clients::mail::Mailer;
use crate::clients::realtime::early::EarlySessions;
use crate::clients::twilio::TwilioClient;
use crate::config::Config;
use crate::crypto::SecretCipher;
use crate::error::ApiError;
use crate::known_routes::{self, KnownRoutes};
use crate::mods::auth::csrf::{self, RequestSite};
use crate::security_headers::SecurityHeaders;
use crate::state::AppState;
use crate::storage::RecordingStore;
use crate::{db, extract_errors, health, housekeeping, jobs, mods, openapi, telemetry, web_assets};

/// A server bound and ready to be awaited, and the state it serves with.
pub struct Running {
    pub server: Server,
    pub state: AppState,
    pub port: u16,
    /// The background job workers; aborting them is what a crash does to in-flight jobs.
    pub workers: Vec<tokio::task::JoinHandle<()>>,
}

/// Migrates the database, then binds the server on `listener` (port 0 works: see `port`).
pub async fn serve(config: Config, listener: TcpListener) -> anyhow::Result<Running> {
    // TLS for outgoing WebSockets (the realtime providers); reqwest brings its own. Installing
    // twice (several servers in one test process) is harmless.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let applied = db::migrate::run_pending(&config.database_url).await?;
    if !applied.is_empty() {
        tracing::info!(?applied, "migrations applied");
    }
    let pool = db::create_pool(&config.database_url, config.database_pool_size)?;
    let key = config.secret_key.as_ref().ok_or_else(|| {
        anyhow::anyhow!("LOQUENT_SECRET_KEY is not set (64 hex characters; `openssl rand -hex 32`)")
    })?;
    let cipher = SecretCipher::new(key);
    let twilio = TwilioClient::new(&config.twilio_api_base)?;
    let llm = LlmClient::new(&config.openai_base_url, config.openai_api_key.clone())?;
    let mailer = Mailer::new(config.smtp.as_ref(), config.mail_from.clone())?;
    match mailer.smtp() {
        Some(smtp) => tracing::info!(server = smtp.server(), "mail goes out through SMTP"),
        None => tracing::info!("no SMTP_URL: mail is kept in the outbox, nothing is sent"),
    }
    let store = RecordingStore::from_config(&config.recordings)?;
    let early_sessions = Arc::new(EarlySessions::new(config.early_session_ttl));
    let state = AppState {
        pool,
        config: Arc::new(config),
        cipher,
        twilio,
        llm,
        mailer,
        store,
        early_sessions,
    };
    let port = listener.local_addr()?.port();

    let data = web::Data::new(state.clone());
    let spec = Arc::new(openapi::spec());
    // No Nagle delay: a media stream's 20 ms frames must leave as soon as they are written.
    let mut server = HttpServer::new(move || build_app(data.clone(), spec.clone()))
        .tcp_nodelay(true)
        .listen(listener)?
        .shutdown_timeout(10);
    if let Some(workers) = state.config.workers {
        server = server.workers(workers);
    }
    let server = server.run();
    tokio::spawn(housekeeping::run_forever(state.pool.clone()));
    tokio::spawn(mods::report::schedule::run_forever(state.pool.clone()));
    let workers = jobs::worker::spawn(&state);
    Ok(Running { server, state, port, workers })
}

pub fn build_app(
    state: web::Data<AppState>,
    spec: Arc<utoipa::openapi::OpenApi>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let web_dir = state.config.web_dir.clone();
    let known_routes = web::Data::new(KnownRoutes::from_spec(&spec));
    let app_origin = state.config.public_urls().origin();
    let security = SecurityHeaders { https: state.config.public_urls().is_https() };
    App::new()
        .app_data(state)
        .app_data(known_routes)
        .app_data(extract_errors::json_config())
        .app_data(extract_errors::path_config())
        .app_data(extract_errors::query_config())
        .app_data(extract_errors::form_config())
        .service(health::healthz)
        .service(health::readyz)
        // Before the `/api` scope, which would otherwise claim these paths.
        .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", (*spec).clone()))
        .service(web::redirect("/api/docs", "/api/docs/"))
        .into_utoipa_app()
        .openapi(openapi::ApiDoc::openapi())
        .service(
            scope("/api")
                .configure(mods::configure_api)
                .default_service(web::to(known_routes::unmatched)),
        )
        .into_app()
        .service(
            web::scope("/twilio")
                .configure(mods::configure_twilio)
                .default_service(web::to(known_routes::unmatched)),
        )
        // Every file of the web app is revalidated at each load (a 304 when unchanged): its main
        // module, wasm-bindgen glue and lazily loaded split modules must all come from one build.
        .service(
            web::scope("")
                .wrap(DefaultHeaders::new().add((header::CACHE_CONTROL, "no-cache")))
                .service(web_assets::spa_service(&web_dir)),
        )
        .wrap_fn(move |req, srv| {
            let served = match refuse_cross_site(&req, &app_origin) {
                Some(error) => Err(req.error_response(error)),
                None => Ok(srv.call(req)),
            };
            async move {
                match served {
                    Ok(fut) => Ok(fut.await?.map_into_left_body()),
                    Err(refused) => Ok(refused.map_into_right_body()),
                }
            }
        })
        .wrap(ErrorHandlers::new().default_handler(envelope_plain_errors))
        .wrap_fn(move |req, srv| {
            let fut = srv.call(req);
            async move {
                let mut res = fut.await?;
                let path = res.request().path().to_owned();
                security.apply(&path, res.headers_mut());
                Ok(res)
            }
        })
        .wrap(Compress::default())
        // Inside the tracing span: one access-log line per request, and the request id echoed
        // to the client so a support ticket can name the exact log lines.
        .wrap_fn(|req, srv| {
            let started = std::time::Instant::now();
            let fut = srv.call(req);
            async move {
                let mut res = fut.await?;
                let status = res.status().as_u16();
                let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
                if status >= 500 {
                    tracing::error!(status, elapsed_ms, "request finished");
                } else {
                    tracing::info!(status, elapsed_ms, "request finished");
                }
                let id = res.request().extensions().get::<RequestId>().map(|id| id.to_string());
                if let Some(value) = id.and_then(|id| HeaderValue::from_str(&id).ok()) {
                    res.headers_mut().insert(HeaderName::from_static("x-request-id"), value);
                }
                Ok(res)
            }
        })
        .wrap(TracingLogger::<telemetry::RootSpan>::new())
}

/// Rewrites any error that left a handler or middleware without our JSON envelope (actix's
/// plain-text defaults: 413, 415, 405…) into it, for `/api` paths.
fn envelope_plain_errors<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let path = res.request().path();
    if is_json || !(path.starts_with("/api") || path.starts_with("/twilio")) {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let error = ApiError::Framework {
        status,
        code: extract_errors::code_for_status(status),
        message: status.canonical_reason().unwrap_or("request failed").to_string(),
    };
    let (req, _) = res.into_parts();
    let res = ServiceResponse::new(req, error.error_response()).map_into_right_body();
    Ok(ErrorHandlerResponse::Response(res))
}

/// Why a state-changing `/api` request a browser sent from another site is refused (403, before
/// any handler runs; see `mods::auth::csrf`); `None` lets the request through.
fn refuse_cross_site(req: &ServiceRequest, app_origin: &str) -> Option<ApiError> {
    if !(req.path() == "/api" || req.path().starts_with("/api/")) {
        return None;
    }
    let own = csrf::own_origin(req);
    let site = RequestSite {
        method: req.method(),
        has_authorization: req.headers().contains_key(header::AUTHORIZATION),
        fetch_site: csrf::header_str(req, HeaderName::from_static("sec-fetch-site")),
        origin: csrf::header_str(req, header::ORIGIN),
        own_origins: [app_origin, &own],
    };
    let error = site.check().err()?;
    tracing::warn!(
        origin = site.origin,
        fetch_site = site.fetch_site,
        "refused a state-changing request from another site"
    );
    Some(error)
}
