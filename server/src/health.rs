//! Probes for load balancers and orchestrators; outside `/api` and unauthenticated.

use actix_web::{HttpResponse, get, web};
use diesel_async::RunQueryDsl;
use serde_json::json;

use crate::state::AppState;

/// The process is up.
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// The process can serve: its database answers.
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let ready = match state.pool.get().await {
        Ok(mut conn) => diesel::sql_query("SELECT 1").execute(&mut conn).await.is_ok(),
        Err(_) => false,
    };
    if ready {
        HttpResponse::Ok().json(json!({"status": "ready"}))
    } else {
        tracing::warn!("readiness check failed: database unreachable");
        HttpResponse::ServiceUnavailable().json(json!({
            "error": {"code": "database_unavailable", "message": "The database is unreachable"}
        }))
    }
}
