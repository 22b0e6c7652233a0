//! The test message an owner sends themselves to check the mail settings.

use loquent_shared::MailDelivery;

use super::html::escape;
use super::queue::NewMail;

/// The `kind` of test messages in the outbox.
pub const KIND: &str = "test";

/// To `email`, greeting `name`, about `organization`, saying how it travelled.
pub fn test_message(
    name: &str,
    email: &str,
    organization: &str,
    delivery: MailDelivery,
) -> NewMail {
    let how = match delivery {
        MailDelivery::Smtp => {
            "It came through your SMTP server, so email from Loquent reaches you."
        }
        MailDelivery::Outbox => {
            "No SMTP server is configured, so it stays in Loquent's outbox: nothing left the machine."
        }
    };
    let text = format!(
        "Hello {name},\n\nThis is a test email from Loquent for {organization}.\n{how}\n\n\
         Sent from Settings > Email."
    );
    let html = format!(
        "<!doctype html><html><body style=\"font-family: sans-serif; color: #1f2937\">\
         <p>Hello {name},</p>\
         <p>This is a <strong>test email</strong> from Loquent for {organization}.<br>{how}</p>\
         <p style=\"color: #6b7280\">Sent from Settings &gt; Email.</p>\
         </body></html>",
        name = escape(name),
        organization = escape(organization),
        how = escape(how),
    );
    NewMail { kind: KIND, to: email.to_string(), subject: "Loquent test email".into(), text, html }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped_in_html_and_kept_in_text() {
        let mail = test_message("Tom <Jr>", "tom@example.com", "Acme & Co", MailDelivery::Outbox);
        assert!(mail.text.contains("Hello Tom <Jr>,") && mail.text.contains("Acme & Co"));
        assert!(mail.html.contains("Hello Tom &lt;Jr&gt;,") && mail.html.contains("Acme &amp; Co"));
        assert!(mail.text.contains("stays in Loquent's outbox"));
        assert_eq!(mail.to, "tom@example.com");
        assert_eq!(mail.kind, "test");
    }
}
