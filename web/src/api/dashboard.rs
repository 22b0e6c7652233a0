//! The dashboard's figures.

use loquent_shared::Dashboard;

use super::{ApiResult, query_string, routes};

/// `GET /api/dashboard`: the range from `from` (else the first call) to `to` (else now).
pub async fn get(from: Option<&str>, to: Option<&str>) -> ApiResult<Dashboard> {
    let params = query_string(&[("from", from), ("to", to)]);
    super::fetch(routes::GET_DASHBOARD.at(&[]).query(&params)).await
}
