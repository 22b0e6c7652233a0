//! What every handler can reach: the pool and the configuration.

use std::sync::Arc;

use crate::config::Config;
use crate::db::{Conn, Pool};
use crate::error::ApiResult;

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub config: Arc<Config>,
}

impl AppState {
    pub async fn conn(&self) -> ApiResult<Conn> {
        Ok(self.pool.get().await?)
    }
}
