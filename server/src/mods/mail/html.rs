//! A message's HTML part: text put into it is escaped, so a name like `Tom <b>&</b> Jerry` reads
//! as written instead of becoming markup, and every message has the same page around it.

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Plain text as HTML paragraphs, escaped: blank lines part paragraphs, single breaks stay
/// breaks.
pub fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", escape(p).replace('\n', "<br>")))
        .collect()
}

/// A message's whole HTML part around `body` (already HTML), styled inline as mail programs
/// need.
pub fn page(body: &str) -> String {
    format!(
        "<!doctype html><html><body style=\"font-family: sans-serif; color: #1f2937; \
         line-height: 1.5\">{body}</body></html>"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            super::escape(r#"Tom <b>&</b> "Jerry's""#),
            "Tom &lt;b&gt;&amp;&lt;/b&gt; &quot;Jerry&#39;s&quot;"
        );
        assert_eq!(super::escape("Zoë"), "Zoë");
    }

    #[test]
    fn paragraphs_keep_breaks_and_escape() {
        assert_eq!(super::paragraphs("a <b>\nc\n\n\nd"), "<p>a &lt;b&gt;<br>c</p><p>d</p>");
    }
}
