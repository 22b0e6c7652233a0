//! Serves the built single-page app: its files as they are, and `index.html` for every other
//! non-API path so the app's own router can handle deep links.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::HttpResponse;
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header::{CacheControl, CacheDirective};

use crate::error::ApiError;

pub fn spa_service(web_dir: &Path) -> Files {
    let index = web_dir.join("index.html");
    Files::new("/", web_dir).index_file("index.html").default_handler(fn_service(
        move |req: ServiceRequest| {
            let index = index.clone();
            async move {
                let (req, _) = req.into_parts();
                let res = fallback(&req, index).await;
                Ok(ServiceResponse::new(req, res))
            }
        },
    ))
}

async fn fallback(req: &actix_web::HttpRequest, index: PathBuf) -> HttpResponse {
    let path = req.path();
    if path.starts_with("/api/") || path.starts_with("/twilio/") {
        return actix_web::ResponseError::error_response(&ApiError::NotFound { resource: "route" });
    }
    match NamedFile::open_async(&index).await {
        // The shell must always be revalidated so a deploy is picked up at the next load.
        Ok(file) => {
            let mut res = file.into_response(req);
            res.headers_mut().insert(
                actix_web::http::header::CACHE_CONTROL,
                CacheControl(vec![CacheDirective::NoCache]).to_string().parse().unwrap_or_else(
                    |_| actix_web::http::header::HeaderValue::from_static("no-cache"),
                ),
            );
            res
        }
        Err(_) => HttpResponse::ServiceUnavailable().content_type("text/html; charset=utf-8").body(
            "<!doctype html><title>Loquent</title><p>The Loquent web app has not been built. \
             Run <code>./dev run</code> (or <code>scripts/build-web.sh</code>).</p>",
        ),
    }
}
