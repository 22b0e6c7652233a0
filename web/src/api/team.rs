//! The team: members' roles, invitations and the trail of changes.

use loquent_shared::{
    AcceptInvitationRequest, CreateInvitationRequest, Invitation, InvitationPreview, Me, Member,
    MembershipEvent, TokenRequest, TransferOwnershipRequest, UpdateMemberRequest,
};
use uuid::Uuid;

use super::{ApiResult, routes};

/// `PATCH /api/members/{id}`: gives the member another role.
pub async fn update_member(id: Uuid, request: &UpdateMemberRequest) -> ApiResult<Member> {
    super::send_json(routes::UPDATE_MEMBER.at(&[&id]), request).await
}

/// `DELETE /api/members/{id}`: removes the member (or, for one's own id, leaves).
pub async fn remove_member(id: Uuid) -> ApiResult<()> {
    super::fetch_empty(routes::REMOVE_MEMBER.at(&[&id])).await
}

/// `POST /api/organization/transfer-ownership`
pub async fn transfer_ownership(member_id: Uuid) -> ApiResult<()> {
    let request = TransferOwnershipRequest { member_id };
    super::send_ignoring_body(routes::TRANSFER_OWNERSHIP.at(&[]), &request).await
}

/// `GET /api/invitations`: the open ones.
pub async fn invitations() -> ApiResult<Vec<Invitation>> {
    super::fetch(routes::LIST_INVITATIONS.at(&[])).await
}

/// `POST /api/invitations`: invites and emails the link.
pub async fn invite(request: &CreateInvitationRequest) -> ApiResult<Invitation> {
    super::send_json(routes::CREATE_INVITATION.at(&[]), request).await
}

/// `POST /api/invitations/{id}/resend`: a new link, valid a week.
pub async fn resend(id: Uuid) -> ApiResult<Invitation> {
    super::fetch(routes::RESEND_INVITATION.at(&[&id])).await
}

/// `DELETE /api/invitations/{id}`
pub async fn revoke(id: Uuid) -> ApiResult<()> {
    super::fetch_empty(routes::REVOKE_INVITATION.at(&[&id])).await
}

/// `GET /api/membership-events`: who changed the team, newest first (owners).
pub async fn events() -> ApiResult<Vec<MembershipEvent>> {
    super::fetch(routes::LIST_MEMBERSHIP_EVENTS.at(&[])).await
}

/// `POST /api/auth/invitation`: what an invitation link offers.
pub async fn preview(token: &str) -> ApiResult<InvitationPreview> {
    let request = TokenRequest { token: token.to_owned() };
    super::send_json(routes::PREVIEW_INVITATION.at(&[]), &request).await
}

/// `POST /api/auth/invitation/accept`: joins, and signs in to the organization.
pub async fn accept(request: &AcceptInvitationRequest) -> ApiResult<Me> {
    super::send_json(routes::ACCEPT_INVITATION.at(&[]), request).await
}
