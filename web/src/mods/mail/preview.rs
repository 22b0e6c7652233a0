//! What the Email pages say about a message and its delivery, and how a message's HTML is put
//! in its frame, as plain functions (host-tested).

use loquent_shared::{MailDelivery, MailSettings, MailStatus};

/// The document a message's HTML is shown as, inside `<iframe sandbox srcdoc=…>`. The empty
/// sandbox already keeps it from running scripts, submitting forms, opening windows or
/// reaching the app (it is another origin); the policy also keeps it from loading anything
/// (remote images are how senders learn a message was opened), leaving its own inline styles
/// and embedded images. The `<meta>` goes first so it is in force before any of the message's
/// markup; the parser puts it in the head even when the message has a `<head>` of its own.
pub fn framed_document(html: &str) -> String {
    format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:\">{html}"
    )
}

/// The badge classes for a status: sent green, failed red, kept grey, queued in the brand's;
/// the label is shown as written ("Kept in outbox", not title-cased).
pub fn status_class(status: MailStatus) -> &'static str {
    match status {
        MailStatus::Sent => "badge badge-as-written badge-success",
        MailStatus::Failed => "badge badge-as-written badge-danger",
        MailStatus::Outbox => "badge badge-as-written badge-muted",
        MailStatus::Queued => "badge badge-as-written",
    }
}

/// One sentence on where mail goes.
pub fn delivery_sentence(settings: &MailSettings) -> String {
    match (settings.delivery, settings.server.as_deref()) {
        (MailDelivery::Smtp, Some(server)) => format!("Email goes out through {server}."),
        (MailDelivery::Smtp, None) => "Email goes out through your SMTP server.".to_owned(),
        (MailDelivery::Outbox, _) => {
            "No SMTP server is configured: email stays in the outbox below and nothing leaves \
             Loquent. Set SMTP_URL on the server to send it."
                .to_owned()
        }
    }
}

/// What the toast says once a test message is queued.
pub fn test_queued(to: &str, delivery: Option<MailDelivery>) -> String {
    match delivery {
        Some(MailDelivery::Outbox) => format!("Test email to {to} added to the outbox"),
        _ => format!("Test email to {to} is on its way"),
    }
}

/// A message's attempts, for people: "1 attempt", "3 attempts", "None yet".
pub fn attempts(n: u32) -> String {
    match n {
        0 => "None yet".to_owned(),
        1 => "1 attempt".to_owned(),
        n => format!("{n} attempts"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_forbids_loading_anything_before_the_message_begins() {
        let doc = framed_document(
            "<html><head><title>x</title></head><body><img src=\"https://t.example/p.gif\"></body></html>",
        );
        assert!(doc.starts_with("<meta http-equiv=\"Content-Security-Policy\""), "{doc}");
        assert!(doc.contains("default-src 'none'"));
        assert!(doc.ends_with("</body></html>"));
    }

    #[test]
    fn statuses_have_their_own_badges() {
        assert!(status_class(MailStatus::Sent).ends_with("badge-success"));
        assert!(status_class(MailStatus::Failed).ends_with("badge-danger"));
        assert!(status_class(MailStatus::Outbox).ends_with("badge-muted"));
        assert_eq!(status_class(MailStatus::Queued), "badge badge-as-written");
    }

    #[test]
    fn delivery_is_said_in_words() {
        let smtp = MailSettings {
            delivery: MailDelivery::Smtp,
            from: "Loquent <no-reply@example.com>".to_owned(),
            server: Some("smtp.example.com:587".to_owned()),
        };
        assert_eq!(delivery_sentence(&smtp), "Email goes out through smtp.example.com:587.");
        let outbox = MailSettings { delivery: MailDelivery::Outbox, server: None, ..smtp };
        assert!(delivery_sentence(&outbox).starts_with("No SMTP server is configured"));
        assert_eq!(
            test_queued("a@example.com", Some(MailDelivery::Outbox)),
            "Test email to a@example.com added to the outbox"
        );
        assert_eq!(test_queued("a@example.com", None), "Test email to a@example.com is on its way");
        assert_eq!(
            [attempts(0), attempts(1), attempts(4)],
            ["None yet", "1 attempt", "4 attempts"]
        );
    }
}
