//! The emails a to-do's action sends: the message drafted for the caller, or the to-do itself
//! to a fixed address. Pure: what to send, or why it can't be sent, in words.

use crate::mods::mail::html::{escape, page as html_page, paragraphs};
use crate::mods::mail::queue::NewMail;

/// The `kind` of these messages in the outbox.
pub const KIND: &str = "todo_action";

/// The message to the caller, as staff approved it. `None` when there's nothing to send.
pub fn to_caller(
    address: &str,
    organization: &str,
    subject: Option<&str>,
    body: Option<&str>,
) -> Result<NewMail, &'static str> {
    let body =
        body.map(str::trim).filter(|b| !b.is_empty()).ok_or("the email to the caller is empty")?;
    let subject = subject
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map_or_else(|| format!("Following up on your call with {organization}"), str::to_string);
    Ok(NewMail {
        kind: KIND,
        to: address.to_string(),
        subject,
        text: body.to_string(),
        html: html_page(&paragraphs(body)),
    })
}

/// What a fixed address (a booking desk, a manager) is told about a to-do.
pub struct TodoNotice<'a> {
    pub organization: &'a str,
    pub type_name: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub due_hint: Option<&'a str>,
    /// The caller: their name and number, as known.
    pub caller: Option<String>,
    pub call_url: Option<String>,
    pub todos_url: String,
}

pub fn notice(address: &str, n: &TodoNotice<'_>) -> NewMail {
    let mut lines = vec![format!("{}: {}", n.type_name, n.title)];
    if !n.description.trim().is_empty() {
        lines.push(n.description.trim().to_string());
    }
    if let Some(caller) = &n.caller {
        lines.push(format!("Caller: {caller}"));
    }
    if let Some(due) = n.due_hint.filter(|d| !d.trim().is_empty()) {
        lines.push(format!("When: {due}"));
    }
    if let Some(url) = &n.call_url {
        lines.push(format!("The call: {url}"));
    }
    lines.push(format!("All to-dos: {}", n.todos_url));
    let text = format!("{}\n\n{}\n", lines.join("\n\n"), n.organization);

    let mut html = format!(
        "<h2 style=\"margin:0 0 8px\">{}</h2><p style=\"color:#6b7280;margin:0 0 16px\">{}</p>",
        escape(n.title),
        escape(n.type_name)
    );
    if !n.description.trim().is_empty() {
        html.push_str(&paragraphs(n.description.trim()));
    }
    let mut facts = String::new();
    if let Some(caller) = &n.caller {
        facts.push_str(&format!("<li>Caller: {}</li>", escape(caller)));
    }
    if let Some(due) = n.due_hint.filter(|d| !d.trim().is_empty()) {
        facts.push_str(&format!("<li>When: {}</li>", escape(due)));
    }
    if !facts.is_empty() {
        html.push_str(&format!("<ul>{facts}</ul>"));
    }
    if let Some(url) = &n.call_url {
        html.push_str(&format!("<p><a href=\"{}\">Open the call</a></p>", escape(url)));
    }
    html.push_str(&format!(
        "<p style=\"color:#6b7280\"><a href=\"{}\">All to-dos</a> · {}</p>",
        escape(&n.todos_url),
        escape(n.organization)
    ));
    NewMail {
        kind: KIND,
        to: address.to_string(),
        subject: format!("To-do: {}", n.title),
        text,
        html: html_page(&html),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_callers_email_is_the_approved_draft_escaped_in_html() {
        let mail = to_caller(
            "ada@example.com",
            "Bright Smiles",
            Some("Your whitening quote"),
            Some("Hello Ada,\n\nWhitening is <$300>.\nSee you soon."),
        )
        .expect("a draft to send");
        assert_eq!(mail.subject, "Your whitening quote");
        assert!(mail.text.starts_with("Hello Ada,"));
        assert!(mail.html.contains("<p>Whitening is &lt;$300&gt;.<br>See you soon.</p>"));
        let untitled =
            to_caller("a@example.com", "Bright Smiles", Some(" "), Some("Hi")).expect("sends");
        assert_eq!(untitled.subject, "Following up on your call with Bright Smiles");
        assert_eq!(
            to_caller("a@example.com", "X", Some("S"), Some("  ")).err(),
            Some("the email to the caller is empty")
        );
    }

    #[test]
    fn a_notice_names_the_todo_the_caller_and_links_the_call() {
        let mail = notice(
            "desk@example.com",
            &TodoNotice {
                organization: "Bright Smiles",
                type_name: "Book appointment",
                title: "Book a cleaning for Ada",
                description: "Prefers mornings",
                due_hint: Some("next week"),
                caller: Some("Ada Lovelace, +14155550100".into()),
                call_url: Some("https://app.example.com/calls/1".into()),
                todos_url: "https://app.example.com/todos".into(),
            },
        );
        assert_eq!(mail.subject, "To-do: Book a cleaning for Ada");
        for needle in [
            "Prefers mornings",
            "Caller: Ada Lovelace, +14155550100",
            "When: next week",
            "https://app.example.com/calls/1",
        ] {
            assert!(mail.text.contains(needle), "{needle}");
        }
        assert!(mail.html.contains("href=\"https://app.example.com/calls/1\""));
    }
}
