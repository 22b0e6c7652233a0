//! The call report's message: who called which number, when and for how long, what the
//! analyzers said, the to-dos found, the beginning of the transcript and a link to the call.
//! Pure: the facts in, the message out. Everything that came from a caller or a model is
//! escaped in the HTML part.

use loquent_shared::CallDirection;

use super::format::{duration, excerpt, when};
use crate::mods::mail::NewMail;
use crate::mods::mail::html::{escape, page, paragraphs};

/// The `kind` of these messages in the outbox.
pub const KIND: &str = "call_report";
/// How much of the transcript a report quotes.
pub const EXCERPT_CHARS: usize = 600;

/// What a call report says.
pub struct CallFacts<'a> {
    pub organization: &'a str,
    /// The organization's time zone, which `local_time` is in.
    pub timezone: &'a str,
    pub direction: CallDirection,
    /// The other party: the contact's name, if known, and number.
    pub contact_name: Option<&'a str>,
    pub contact_number: &'a str,
    /// The organization's number, and its name in Loquent.
    pub our_number: &'a str,
    pub our_number_name: Option<&'a str>,
    pub duration_secs: Option<i64>,
    pub local_time: chrono::NaiveDateTime,
    /// Each analyzer's name and latest result.
    pub analyses: Vec<(&'a str, &'a str)>,
    /// Each to-do's title, and its type's name if it has one.
    pub todos: Vec<(&'a str, Option<&'a str>)>,
    pub transcript: Option<&'a str>,
    pub call_url: &'a str,
}

impl CallFacts<'_> {
    /// `Ada Lovelace (+14155550199)`, or the number alone.
    fn party(&self) -> String {
        match self.contact_name {
            Some(name) => format!("{name} ({})", self.contact_number),
            None => self.contact_number.to_string(),
        }
    }

    /// `Front desk (+14155550123)`, or the number alone.
    fn ours(&self) -> String {
        match self.our_number_name.filter(|n| !n.trim().is_empty()) {
            Some(name) => format!("{name} ({})", self.our_number),
            None => self.our_number.to_string(),
        }
    }

    /// `Call from Ada Lovelace (+14155550199)`.
    fn headline(&self) -> String {
        match self.direction {
            CallDirection::Inbound => format!("Call from {}", self.party()),
            CallDirection::Outbound => format!("Call to {}", self.party()),
        }
    }

    /// The facts as (label, value) lines.
    fn facts(&self) -> Vec<(&'static str, String)> {
        let (number_label, direction) = match self.direction {
            CallDirection::Inbound => ("Number called", "Inbound"),
            CallDirection::Outbound => ("Called from", "Outbound"),
        };
        vec![
            (number_label, self.ours()),
            ("Direction", direction.to_string()),
            ("Duration", self.duration_secs.map_or_else(|| "unknown".to_string(), duration)),
            ("When", format!("{} ({})", when(self.local_time), self.timezone)),
        ]
    }
}

pub fn compose(f: &CallFacts<'_>) -> NewMail {
    let subject = match f.duration_secs {
        Some(secs) => format!("{} · {}", f.headline(), duration(secs)),
        None => f.headline(),
    };
    let excerpt = f.transcript.map(|t| excerpt(t, EXCERPT_CHARS)).filter(|t| !t.is_empty());
    NewMail {
        kind: KIND,
        to: String::new(),
        subject,
        text: text(f, excerpt.as_deref()),
        html: html(f, excerpt.as_deref()),
    }
}

fn footer(organization: &str) -> String {
    format!(
        "{organization} · Loquent sends a report after each call while call reports are on in \
         Settings → Reporting."
    )
}

fn text(f: &CallFacts<'_>, excerpt: Option<&str>) -> String {
    let mut out = format!("{}\n\n", f.headline());
    for (label, value) in f.facts() {
        out.push_str(&format!("{label}: {value}\n"));
    }
    if !f.analyses.is_empty() {
        out.push_str("\nAnalysis\n");
        for (name, result) in &f.analyses {
            out.push_str(&format!("{name}: {}\n", result.trim()));
        }
    }
    out.push_str("\nTo-dos\n");
    if f.todos.is_empty() {
        out.push_str("None found.\n");
    }
    for (title, kind) in &f.todos {
        match kind {
            Some(kind) => out.push_str(&format!("- {title} ({kind})\n")),
            None => out.push_str(&format!("- {title}\n")),
        }
    }
    if let Some(excerpt) = excerpt {
        out.push_str(&format!("\nTranscript\n{excerpt}\n"));
    }
    out.push_str(&format!("\nOpen the call: {}\n\n{}\n", f.call_url, footer(f.organization)));
    out
}

fn html(f: &CallFacts<'_>, excerpt: Option<&str>) -> String {
    let mut out = format!("<h2 style=\"margin:0 0 12px\">{}</h2><ul>", escape(&f.headline()));
    for (label, value) in f.facts() {
        out.push_str(&format!("<li>{label}: {}</li>", escape(&value)));
    }
    out.push_str("</ul>");
    if !f.analyses.is_empty() {
        out.push_str("<h3>Analysis</h3>");
        for (name, result) in &f.analyses {
            out.push_str(&format!("<h4 style=\"margin:8px 0 0\">{}</h4>", escape(name)));
            out.push_str(&paragraphs(result));
        }
    }
    out.push_str("<h3>To-dos</h3>");
    if f.todos.is_empty() {
        out.push_str("<p>None found.</p>");
    } else {
        out.push_str("<ul>");
        for (title, kind) in &f.todos {
            match kind {
                Some(kind) => {
                    out.push_str(&format!("<li>{} ({})</li>", escape(title), escape(kind)))
                }
                None => out.push_str(&format!("<li>{}</li>", escape(title))),
            }
        }
        out.push_str("</ul>");
    }
    if let Some(excerpt) = excerpt {
        out.push_str("<h3>Transcript</h3>");
        out.push_str(&format!(
            "<blockquote style=\"color:#4b5563\">{}</blockquote>",
            paragraphs(excerpt)
        ));
    }
    out.push_str(&format!(
        "<p><a href=\"{}\">Open the call</a></p><p style=\"color:#6b7280\">{}</p>",
        escape(f.call_url),
        escape(&footer(f.organization))
    ));
    page(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> CallFacts<'static> {
        CallFacts {
            organization: "Bright Smiles",
            timezone: "America/New_York",
            direction: CallDirection::Inbound,
            contact_name: Some("Ada <b>Lovelace</b>"),
            contact_number: "+14155550199",
            our_number: "+14155550123",
            our_number_name: Some("Front desk"),
            duration_secs: Some(222),
            local_time: chrono::NaiveDate::from_ymd_opt(2026, 3, 10)
                .and_then(|d| d.and_hms_opt(14, 5, 0))
                .unwrap_or_default(),
            analyses: vec![("Intent", "Wants a <cleaning> moved")],
            todos: vec![("Call Ada back", Some("Call back")), ("Send the prices", None)],
            transcript: Some("Caller: Hi, this is Ada."),
            call_url: "https://app.example.com/calls/1",
        }
    }

    #[test]
    fn the_report_says_who_when_how_long_and_what_came_of_it() {
        let mail = compose(&facts());
        assert_eq!(mail.subject, "Call from Ada <b>Lovelace</b> (+14155550199) · 3:42");
        for needle in [
            "Number called: Front desk (+14155550123)",
            "Direction: Inbound",
            "Duration: 3:42",
            "When: Tue 10 Mar 2026, 14:05 (America/New_York)",
            "Intent: Wants a <cleaning> moved",
            "- Call Ada back (Call back)",
            "- Send the prices\n",
            "Transcript\nCaller: Hi, this is Ada.",
            "Open the call: https://app.example.com/calls/1",
        ] {
            assert!(mail.text.contains(needle), "{needle}\n{}", mail.text);
        }
    }

    #[test]
    fn what_callers_and_models_said_is_escaped_in_html() {
        let mail = compose(&facts());
        assert!(mail.html.contains("Call from Ada &lt;b&gt;Lovelace&lt;/b&gt;"));
        assert!(mail.html.contains("Wants a &lt;cleaning&gt; moved"));
        assert!(!mail.html.contains("<b>Lovelace"));
        assert!(mail.html.contains("href=\"https://app.example.com/calls/1\""));
    }

    #[test]
    fn an_outbound_call_without_a_name_or_duration_still_reads() {
        let f = CallFacts {
            direction: CallDirection::Outbound,
            contact_name: None,
            our_number_name: None,
            duration_secs: None,
            analyses: vec![],
            todos: vec![],
            transcript: None,
            ..facts()
        };
        let mail = compose(&f);
        assert_eq!(mail.subject, "Call to +14155550199");
        assert!(mail.text.contains("Called from: +14155550123\n"));
        assert!(mail.text.contains("Duration: unknown"));
        assert!(mail.text.contains("To-dos\nNone found."));
        assert!(!mail.text.contains("Analysis") && !mail.text.contains("Transcript"));
    }
}
