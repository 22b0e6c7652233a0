//! The email carrying an invitation's link.

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use loquent_shared::Role;

use super::error::TeamError;
use super::invitations::InvitationRow;
use crate::mods::mail::html::{escape, page};
use crate::mods::mail::{self, NewMail};
use crate::state::AppState;

/// The `kind` of invitation emails in the outbox.
pub const KIND: &str = "invitation";

/// What the email says.
pub struct InvitationMail<'a> {
    pub to: &'a str,
    pub organization: &'a str,
    pub inviter: &'a str,
    pub role: Role,
    /// The page accepting it, token included: this email is the only place it is written.
    pub link: &'a str,
    pub expires_at: DateTime<Utc>,
}

impl InvitationMail<'_> {
    pub fn compose(&self) -> NewMail {
        let role = with_article(self.role);
        let until = self.expires_at.format("%-d %B %Y");
        let (organization, inviter, link) = (self.organization, self.inviter, self.link);
        let text = format!(
            "Hello,\n\n{inviter} invited you to join {organization} on Loquent as {role}.\n\n\
             Accept the invitation: {link}\n\n\
             The link works until {until} (UTC) and only for this email address. If you \
             weren't expecting it, you can ignore this email."
        );
        let html = page(&format!(
            "<p>Hello,</p>\
             <p>{inviter} invited you to join <strong>{organization}</strong> on Loquent as \
             {role}.</p>\
             <p><a href=\"{link}\">Accept the invitation</a></p>\
             <p style=\"color: #6b7280\">The link works until {until} (UTC) and only for this \
             email address. If you weren't expecting it, you can ignore this email.</p>",
            inviter = escape(inviter),
            organization = escape(organization),
            link = escape(link),
        ));
        NewMail {
            kind: KIND,
            to: self.to.to_string(),
            subject: format!("{inviter} invited you to {organization} on Loquent"),
            text,
            html,
        }
    }
}

/// Emails the invitation's link (`token` is its latest), in the caller's transaction: the
/// invitation isn't stored without its email, nor the email sent for an invitation that wasn't.
pub async fn send(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    invitation: &InvitationRow,
    token: &str,
    organization: &str,
    inviter: &str,
) -> Result<(), TeamError> {
    let link = state.config.public_urls().invitation_page(token);
    let mail = InvitationMail {
        to: &invitation.email,
        organization,
        inviter,
        role: invitation.role()?,
        link: &link,
        expires_at: invitation.expires_at,
    };
    mail::queue(conn, &state.mailer, invitation.organization_id, &mail.compose()).await?;
    Ok(())
}

fn with_article(role: Role) -> &'static str {
    match role {
        Role::Owner => "an owner",
        Role::Admin => "an admin",
        Role::Member => "a member",
        Role::Viewer => "a viewer",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped_in_html_and_the_link_is_whole() {
        let link = "https://voice.example.com/invite#token=abc.def";
        let mail = InvitationMail {
            to: "ada@example.com",
            organization: "Tom & Jerry <Dental>",
            inviter: "Grace \"G\" Hopper",
            role: Role::Admin,
            link,
            expires_at: DateTime::<Utc>::UNIX_EPOCH,
        }
        .compose();
        assert_eq!((mail.kind, mail.to.as_str()), ("invitation", "ada@example.com"));
        assert!(mail.text.contains(link) && mail.text.contains("as an admin"), "{}", mail.text);
        assert!(mail.text.contains("Tom & Jerry <Dental>"));
        assert!(mail.html.contains("Tom &amp; Jerry &lt;Dental&gt;"), "{}", mail.html);
        assert!(mail.html.contains("Grace &quot;G&quot; Hopper"));
        assert!(mail.html.contains(&format!("href=\"{link}\"")));
        assert!(mail.text.contains("1 January 1970"));
    }
}
