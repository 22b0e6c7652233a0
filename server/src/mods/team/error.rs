//! What can go wrong with members and invitations, as the team module says it.

use chrono::{DateTime, Utc};
use loquent_shared::validation::FieldError;
use uuid::Uuid;

use crate::error::ApiError;
use crate::mods::mail::MailError;

#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// The column's CHECK constraint admits only known roles, so an unknown one means the
    /// database and this build disagree: an internal error, never a guess.
    #[error("member {member_id} has role {role:?}, which this build doesn't know")]
    UnknownRole { member_id: Uuid, role: String },
    /// The same disagreement about another stored value (an invitation's role, an event's
    /// action).
    #[error("{what} {id} holds {value:?}, which this build doesn't know")]
    Unreadable { what: &'static str, id: Uuid, value: String },
    /// Unknown id, or another organization's member.
    #[error("member not found")]
    MemberNotFound,
    /// Unknown id, or another organization's invitation, or one accepted or revoked already.
    #[error("invitation not found")]
    InvitationNotFound,
    /// Granting, changing or removing `owner` is for owners only.
    #[error("only an owner may {action}")]
    OwnerRequired { action: &'static str },
    /// The change would leave the organization without an owner.
    #[error("the organization's last owner can't {action}")]
    LastOwner { action: &'static str },
    /// Ownership can't be handed to the owner handing it.
    #[error("ownership can't be transferred to yourself")]
    TransferToSelf,
    /// A person leaves on their own behalf: an API key acts for the organization and can't.
    #[error("leaving needs a signed-in person")]
    LeaveNeedsSession,
    /// The caller's membership went while the request waited for the team's lock.
    #[error("the caller is no longer a member")]
    CallerRemoved,
    #[error("{email} is already a member of {organization}")]
    AlreadyMember { email: String, organization: String },
    #[error("{email} has an open invitation")]
    AlreadyInvited { email: String },
    /// The invitation's email got a login between reading and accepting the invitation.
    #[error("the invited email got a login meanwhile")]
    LoginCreatedMeanwhile,
    /// An emailed invitation link that can't be used, and why.
    #[error(transparent)]
    Link(#[from] LinkProblem),
    /// A link's secret couldn't be drawn.
    #[error("drawing a link token")]
    Randomness(#[source] anyhow::Error),
    #[error("sending the invitation")]
    Mail(#[from] MailError),
    #[error("team storage")]
    Database(#[from] diesel::result::Error),
}

/// Why an invitation link can't be used, with what the person needs to be told in words.
#[derive(Debug, thiserror::Error)]
pub enum LinkProblem {
    /// Malformed, unknown, or its secret doesn't match (a newer link replaced it): the three
    /// look the same so a guesser learns nothing.
    #[error("invitation link not found")]
    NotFound,
    #[error("invitation expired at {expired_at}")]
    Expired { expired_at: DateTime<Utc>, ask: String },
    #[error("invitation used")]
    Used { organization: String },
    #[error("invitation revoked")]
    Revoked { ask: String },
}

impl LinkProblem {
    /// What the person holding the link reads.
    fn message(&self) -> String {
        match self {
            LinkProblem::NotFound => "This invitation link isn't valid. Check that it was copied \
                                      whole; a link also stops working once a newer one is sent."
                .into(),
            LinkProblem::Expired { expired_at, ask } => format!(
                "This invitation expired on {}; ask {ask} to send a new one.",
                expired_at.format("%-d %B %Y")
            ),
            LinkProblem::Used { organization } => format!(
                "This invitation has already been used. Sign in to Loquent to reach {organization}."
            ),
            LinkProblem::Revoked { ask } => {
                format!("This invitation was withdrawn; ask {ask} if you still need access.")
            }
        }
    }
}

impl From<LinkProblem> for ApiError {
    fn from(problem: LinkProblem) -> Self {
        let message = problem.message();
        match problem {
            LinkProblem::NotFound => {
                ApiError::Missing { code: "invitation_not_found", message, field: None }
            }
            LinkProblem::Expired { .. } => ApiError::gone("invitation_expired", message),
            LinkProblem::Used { .. } => ApiError::gone("invitation_used", message),
            LinkProblem::Revoked { .. } => ApiError::gone("invitation_revoked", message),
        }
    }
}

impl From<TeamError> for ApiError {
    fn from(err: TeamError) -> Self {
        match err {
            TeamError::MemberNotFound => ApiError::NotFound { resource: "member" },
            TeamError::InvitationNotFound => ApiError::NotFound { resource: "invitation" },
            TeamError::OwnerRequired { .. } => {
                ApiError::refused("owner_required", format!("{err}; ask an owner"))
            }
            TeamError::LastOwner { .. } => ApiError::conflict(
                "last_owner",
                format!("{err}; make another member an owner first"),
            ),
            TeamError::TransferToSelf => ApiError::Validation(FieldError::new(
                "member_id",
                "same_member",
                "choose another member: you are the owner already",
            )),
            TeamError::LeaveNeedsSession => ApiError::refused(
                "session_required",
                "leaving needs a signed-in person; an API key acts for its organization only",
            ),
            TeamError::CallerRemoved => ApiError::Unauthenticated,
            TeamError::AlreadyMember { email, organization } => ApiError::conflict(
                "already_member",
                format!("email: {email} is already a member of {organization}"),
            )
            .on_field("email"),
            TeamError::AlreadyInvited { email } => ApiError::conflict(
                "already_invited",
                format!("email: {email} has an open invitation already; resend it instead"),
            )
            .on_field("email"),
            TeamError::LoginCreatedMeanwhile => ApiError::conflict(
                "email_taken",
                "a login with this email was just created; accept again with its password",
            ),
            TeamError::Link(problem) => problem.into(),
            // The one address the team mails is the invited one, which the request gave.
            TeamError::Mail(MailError::InvalidRecipient { reason, .. }) => {
                ApiError::Validation(FieldError::new(
                    "email",
                    "invalid_email",
                    format!("mail can't be sent to this address ({reason})"),
                ))
            }
            TeamError::Mail(e) => e.into(),
            TeamError::Database(e) => e.into(),
            other @ (TeamError::UnknownRole { .. }
            | TeamError::Unreadable { .. }
            | TeamError::Randomness(_)) => ApiError::internal(other),
        }
    }
}
