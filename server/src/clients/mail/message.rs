//! An email as Loquent sends it: one sender, one recipient, a subject, and the same content as
//! plain text and as HTML (multipart/alternative: mail programs show the best part they can).

use lettre::Message;
use lettre::message::{Mailbox, MultiPart};
use uuid::Uuid;

use super::error::SendError;

/// What goes out, as stored in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    /// The outbox's id for it, which makes its `Message-ID`.
    pub id: Uuid,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Email {
    /// The MIME message: `From`, `To`, `Subject`, `Date`, `Message-ID`, and the two parts
    /// (lettre picks each part's transfer encoding and wraps long lines).
    ///
    /// The `Message-ID` is the outbox id at the sender's domain: a message sent again (after a
    /// crash between the server's acceptance and Loquent noting it) carries the same one, so
    /// mail programs show it once.
    pub fn to_message(&self) -> Result<Message, SendError> {
        let from = mailbox("from", &self.from)?;
        let message_id = format!("<{}@{}>", self.id, from.email.domain());
        Message::builder()
            .message_id(Some(message_id))
            .from(from)
            .to(mailbox("to", &self.to)?)
            .subject(self.subject.as_str())
            .multipart(MultiPart::alternative_plain_html(self.text.clone(), self.html.clone()))
            .map_err(|e| SendError::Build(e.to_string()))
    }
}

/// `Name <address>` or a bare address.
pub fn mailbox(field: &'static str, value: &str) -> Result<Mailbox, SendError> {
    value.trim().parse().map_err(|e: lettre::address::AddressError| SendError::Address {
        field,
        value: value.to_string(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> Email {
        Email {
            id: Uuid::nil(),
            from: "Loquent <no-reply@loquent.test>".into(),
            to: "grace@example.com".into(),
            subject: "Your call report".into(),
            text: "Hello Grace".into(),
            html: "<p>Hello <b>Grace</b></p>".into(),
        }
    }

    #[test]
    fn a_message_has_both_parts_as_alternatives() {
        let raw = String::from_utf8(email().to_message().expect("builds").formatted())
            .expect("ASCII message");
        assert!(raw.contains("From: Loquent <no-reply@loquent.test>\r\n"), "{raw}");
        assert!(raw.contains("To: grace@example.com\r\n"), "{raw}");
        assert!(raw.contains("Subject: Your call report\r\n"), "{raw}");
        let id = "Message-ID: <00000000-0000-0000-0000-000000000000@loquent.test>\r\n";
        assert!(raw.contains(id), "{raw}");
        assert!(raw.contains("Content-Type: multipart/alternative;"), "{raw}");
        let plain = raw.find("Content-Type: text/plain; charset=utf-8").expect("a text part");
        let html = raw.find("Content-Type: text/html; charset=utf-8").expect("an HTML part");
        assert!(plain < html, "the plain part comes first, the preferred one last");
    }

    #[test]
    fn bad_addresses_are_named() {
        let err = Email { to: "not an address".into(), ..email() }.to_message().expect_err("bad");
        assert!(err.is_permanent());
        assert!(err.to_string().starts_with("the to address \"not an address\""), "{err}");
    }
}
