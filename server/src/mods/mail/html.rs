//! Text put into a message's HTML part is escaped, so a name like `Tom <b>&</b> Jerry` reads as
//! written instead of becoming markup.

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
}
