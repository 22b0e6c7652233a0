//! The PostgreSQL pool, the diesel schema and the embedded migrations.

pub mod migrate;
pub mod schema;

use std::time::Duration;

use diesel_async::AsyncPgConnection;
use diesel_async::pooled_connection::AsyncDieselConnectionManager;
use diesel_async::pooled_connection::deadpool::{self, Object};

pub type Pool = deadpool::Pool<AsyncPgConnection>;
pub type PoolError = deadpool::PoolError;
pub type Conn = Object<AsyncPgConnection>;

/// How long a request waits for a free connection, or for a new one to be made, before it fails
/// with a 500 rather than hanging: an overloaded or unreachable database must not pile up
/// requests.
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(5);

/// Builds the pool. Connections are opened lazily, on first use.
pub fn create_pool(database_url: &str, max_size: usize) -> anyhow::Result<Pool> {
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new(database_url);
    let pool = Pool::builder(manager)
        .max_size(max_size)
        .runtime(::deadpool::Runtime::Tokio1)
        .wait_timeout(Some(CONNECTION_TIMEOUT))
        .create_timeout(Some(CONNECTION_TIMEOUT))
        .recycle_timeout(Some(CONNECTION_TIMEOUT))
        .build()?;
    Ok(pool)
}
