//! The daily digest's message: the day's calls added up, counted per number and listed, and
//! the to-dos waiting for review. A day without calls or to-dos still gets a short digest, so
//! its recipients know the digest works and the day was quiet. Pure: the facts in, the message
//! out; names and titles are escaped in the HTML part.

use chrono::{NaiveDate, NaiveDateTime};

use super::format::{count, duration, weekday_time, when};
use crate::mods::call::totals::CallTotals;
use crate::mods::mail::NewMail;
use crate::mods::mail::html::{escape, page};

/// The `kind` of these messages in the outbox.
pub const KIND: &str = "daily_digest";
/// Calls listed one by one; the rest are counted.
pub const MAX_LISTED_CALLS: i64 = 50;
/// Titles of to-dos to review shown; the rest are counted.
pub const MAX_LISTED_TODOS: i64 = 5;

/// One call as the digest lists it.
pub struct ListedCall {
    pub local_time: NaiveDateTime,
    /// `Ada Lovelace (+14155550199)`, or the number alone.
    pub party: String,
    pub inbound: bool,
    pub duration_secs: Option<i64>,
    pub url: String,
}

/// What a digest says.
pub struct DigestFacts<'a> {
    pub organization: &'a str,
    pub timezone: &'a str,
    /// The day it is the digest of (the day the window ends).
    pub date: NaiveDate,
    /// The window, in local time: from the digest hour the day before to the digest hour.
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
    pub totals: CallTotals,
    /// Each number (`Front desk (+14155550123)`) and its calls.
    pub per_number: Vec<(String, i64)>,
    /// The first calls, oldest first (at most [`MAX_LISTED_CALLS`]).
    pub calls: Vec<ListedCall>,
    pub calls_url: String,
    pub pending_todos: i64,
    /// The newest to-dos to review (at most [`MAX_LISTED_TODOS`]).
    pub pending_titles: Vec<String>,
    pub todos_url: String,
}

impl DigestFacts<'_> {
    fn quiet(&self) -> bool {
        self.totals.calls == 0 && self.pending_todos == 0
    }

    fn subject(&self) -> String {
        let day = self.date.format("%a %-d %b");
        if self.quiet() {
            return format!("{}: daily digest for {day} · a quiet day", self.organization);
        }
        format!(
            "{}: daily digest for {day} · {}, {} to review",
            self.organization,
            count(self.totals.calls, "call", "calls"),
            count(self.pending_todos, "to-do", "to-dos")
        )
    }

    fn window(&self) -> String {
        format!("From {} to {} ({})", when(self.from), when(self.to), self.timezone)
    }

    /// `3 calls, 2 answered. Talk time 7:30 in all, 3:45 on average per answered call.`
    fn summary(&self) -> String {
        let t = &self.totals;
        if t.calls == 0 {
            return "No calls.".to_string();
        }
        let mut out = format!("{}, {} answered.", count(t.calls, "call", "calls"), t.answered);
        out.push_str(&format!(" Talk time {} in all", duration(t.total_secs)));
        match t.avg_answered_secs {
            Some(avg) => {
                out.push_str(&format!(", {} on average per answered call.", duration(avg)))
            }
            None => out.push('.'),
        }
        out
    }

    fn more_calls(&self) -> i64 {
        self.totals.calls - i64::try_from(self.calls.len()).unwrap_or(0)
    }

    fn more_todos(&self) -> i64 {
        self.pending_todos - i64::try_from(self.pending_titles.len()).unwrap_or(0)
    }
}

impl ListedCall {
    fn line(&self) -> String {
        let arrow = if self.inbound { "from" } else { "to" };
        let length = self.duration_secs.map(duration).unwrap_or_else(|| "–".to_string());
        format!("{} · {arrow} {} · {length}", weekday_time(self.local_time), self.party)
    }
}

pub fn compose(f: &DigestFacts<'_>) -> NewMail {
    NewMail { kind: KIND, to: String::new(), subject: f.subject(), text: text(f), html: html(f) }
}

fn footer(organization: &str) -> String {
    format!(
        "{organization} · Loquent sends this digest every day while it is on in Settings → \
         Reporting."
    )
}

fn text(f: &DigestFacts<'_>) -> String {
    let mut out = format!("{}: the day's calls\n{}\n\n", f.organization, f.window());
    if f.quiet() {
        out.push_str("A quiet day: no calls, and no to-dos waiting for review.\n");
        out.push_str(&format!("\n{}\n", footer(f.organization)));
        return out;
    }
    out.push_str(&format!("{}\n", f.summary()));
    if !f.per_number.is_empty() {
        out.push_str("\nBy number\n");
        for (number, n) in &f.per_number {
            out.push_str(&format!("{number}: {}\n", count(*n, "call", "calls")));
        }
    }
    if !f.calls.is_empty() {
        out.push_str("\nCalls\n");
        for call in &f.calls {
            out.push_str(&format!("{}\n  {}\n", call.line(), call.url));
        }
        if f.more_calls() > 0 {
            out.push_str(&format!("and {} more: {}\n", f.more_calls(), f.calls_url));
        }
    }
    out.push_str(&format!("\nTo review: {}\n", count(f.pending_todos, "to-do", "to-dos")));
    for title in &f.pending_titles {
        out.push_str(&format!("- {title}\n"));
    }
    if f.more_todos() > 0 {
        out.push_str(&format!("and {} more\n", f.more_todos()));
    }
    out.push_str(&format!("All to-dos: {}\n\n{}\n", f.todos_url, footer(f.organization)));
    out
}

fn html(f: &DigestFacts<'_>) -> String {
    let mut out = format!(
        "<h2 style=\"margin:0 0 4px\">{}: the day's calls</h2>\
         <p style=\"color:#6b7280;margin:0 0 16px\">{}</p>",
        escape(f.organization),
        escape(&f.window())
    );
    if f.quiet() {
        out.push_str("<p>A quiet day: no calls, and no to-dos waiting for review.</p>");
        out.push_str(&format!(
            "<p style=\"color:#6b7280\">{}</p>",
            escape(&footer(f.organization))
        ));
        return page(&out);
    }
    out.push_str(&format!("<p>{}</p>", escape(&f.summary())));
    if !f.per_number.is_empty() {
        out.push_str("<h3>By number</h3><ul>");
        for (number, n) in &f.per_number {
            out.push_str(&format!("<li>{}: {}</li>", escape(number), count(*n, "call", "calls")));
        }
        out.push_str("</ul>");
    }
    if !f.calls.is_empty() {
        out.push_str("<h3>Calls</h3><ul>");
        for call in &f.calls {
            out.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>",
                escape(&call.url),
                escape(&call.line())
            ));
        }
        out.push_str("</ul>");
        if f.more_calls() > 0 {
            out.push_str(&format!(
                "<p><a href=\"{}\">and {} more</a></p>",
                escape(&f.calls_url),
                f.more_calls()
            ));
        }
    }
    out.push_str(&format!("<h3>To review: {}</h3>", count(f.pending_todos, "to-do", "to-dos")));
    if !f.pending_titles.is_empty() {
        out.push_str("<ul>");
        for title in &f.pending_titles {
            out.push_str(&format!("<li>{}</li>", escape(title)));
        }
        out.push_str("</ul>");
    }
    if f.more_todos() > 0 {
        out.push_str(&format!("<p>and {} more</p>", f.more_todos()));
    }
    out.push_str(&format!(
        "<p><a href=\"{}\">All to-dos</a></p><p style=\"color:#6b7280\">{}</p>",
        escape(&f.todos_url),
        escape(&footer(f.organization))
    ));
    page(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, day)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap_or_default()
    }

    fn facts() -> DigestFacts<'static> {
        DigestFacts {
            organization: "Bright Smiles",
            timezone: "America/New_York",
            date: at(8, 0, 0).date(),
            from: at(7, 8, 0),
            to: at(8, 8, 0),
            totals: CallTotals {
                calls: 3,
                answered: 2,
                answered_by_agent: 2,
                total_secs: 450,
                avg_answered_secs: Some(225),
            },
            per_number: vec![("Front desk (+14155550123)".into(), 2), ("+14155550124".into(), 1)],
            calls: vec![ListedCall {
                local_time: at(7, 9, 15),
                party: "Ada <Lovelace> (+14155550199)".into(),
                inbound: true,
                duration_secs: Some(222),
                url: "https://app.example.com/calls/1".into(),
            }],
            calls_url: "https://app.example.com/calls?from=2026-03-07&to=2026-03-08".into(),
            pending_todos: 7,
            pending_titles: vec!["Call Ada back".into()],
            todos_url: "https://app.example.com/todos".into(),
        }
    }

    #[test]
    fn the_digest_adds_up_counts_and_lists_the_day() {
        let mail = compose(&facts());
        assert_eq!(
            mail.subject,
            "Bright Smiles: daily digest for Sun 8 Mar · 3 calls, 7 to-dos to review"
        );
        for needle in [
            "From Sat 7 Mar 2026, 08:00 to Sun 8 Mar 2026, 08:00 (America/New_York)",
            "3 calls, 2 answered. Talk time 7:30 in all, 3:45 on average per answered call.",
            "Front desk (+14155550123): 2 calls\n+14155550124: 1 call\n",
            "Sat 09:15 · from Ada <Lovelace> (+14155550199) · 3:42\n  https://app.example.com/calls/1",
            "and 2 more: https://app.example.com/calls?from=2026-03-07&to=2026-03-08",
            "To review: 7 to-dos\n- Call Ada back\nand 6 more\n",
        ] {
            assert!(mail.text.contains(needle), "{needle}\n{}", mail.text);
        }
        assert!(mail.html.contains("Ada &lt;Lovelace&gt;"));
        assert!(!mail.html.contains("<Lovelace>"));
    }

    #[test]
    fn a_quiet_day_still_gets_a_short_digest() {
        let quiet = DigestFacts {
            totals: CallTotals {
                calls: 0,
                answered: 0,
                answered_by_agent: 0,
                total_secs: 0,
                avg_answered_secs: None,
            },
            per_number: vec![],
            calls: vec![],
            pending_todos: 0,
            pending_titles: vec![],
            ..facts()
        };
        let mail = compose(&quiet);
        assert_eq!(mail.subject, "Bright Smiles: daily digest for Sun 8 Mar · a quiet day");
        assert!(mail.text.contains("A quiet day: no calls, and no to-dos waiting for review."));
        assert!(!mail.text.contains("By number"));
    }
}
