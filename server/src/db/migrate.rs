//! Embedded migrations, applied through diesel-async's sync wrapper (no libpq needed).

use diesel::Connection;
use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations");

pub type SyncPgConnection = AsyncConnectionWrapper<AsyncPgConnection>;

/// Applies every pending migration; returns the versions applied.
pub async fn run_pending(database_url: &str) -> anyhow::Result<Vec<String>> {
    let url = database_url.to_string();
    // The wrapper blocks on its own futures, so it must run off the async runtime.
    tokio::task::spawn_blocking(move || {
        let mut conn = SyncPgConnection::establish(&url)?;
        let applied = conn
            .run_pending_migrations(MIGRATIONS)
            .map_err(|e| anyhow::anyhow!("applying migrations: {e}"))?;
        Ok(applied.iter().map(|v| v.to_string()).collect())
    })
    .await?
}
