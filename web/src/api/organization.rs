//! The caller's organization.

use loquent_shared::{Member, Organization, UpdateOrganizationRequest};

use super::{ApiResult, routes};

/// `PATCH /api/organization`: renames it, sets its time zone, or both.
pub async fn update(request: &UpdateOrganizationRequest) -> ApiResult<Organization> {
    super::send_json(routes::UPDATE_ORGANIZATION.at(&[]), request).await
}

/// `GET /api/members`: the organization's members, by name (to assign to-dos, to send reports).
pub async fn members() -> ApiResult<Vec<Member>> {
    super::fetch(routes::LIST_MEMBERS.at(&[])).await
}

/// `DELETE /api/demo-data`: removes the sample month the demo workspace was filled with.
pub async fn clear_demo_data() -> ApiResult<()> {
    super::fetch_empty(routes::DELETE_DEMO_DATA.at(&[])).await
}
