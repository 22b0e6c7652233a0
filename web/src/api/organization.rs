//! The caller's organization.

use loquent_shared::{Organization, UpdateOrganizationRequest};

use super::{ApiResult, routes};

/// `PATCH /api/organization`: renames it, sets its time zone, or both.
pub async fn update(request: &UpdateOrganizationRequest) -> ApiResult<Organization> {
    super::send_json(routes::UPDATE_ORGANIZATION.at(&[]), request).await
}
