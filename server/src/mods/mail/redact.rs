//! What the outbox shows of a message: everything but the secrets in its links. An invitation
//! link (`…/invite#token=…`) is a credential bound to the invited address: an admin reading the
//! outbox could otherwise accept it in that person's name, so the outbox shows it blanked out,
//! while the message sent keeps it whole.

/// What stands in for a link's token.
pub const HIDDEN: &str = "(hidden)";

/// `text` with the value of every `#token=` replaced by [`HIDDEN`].
pub fn redact_link_tokens(text: &str) -> String {
    const MARK: &str = "#token=";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(MARK) {
        let after = at + MARK.len();
        out.push_str(&rest[..after]);
        let tail = &rest[after..];
        let token_len = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
            .unwrap_or(tail.len());
        if token_len > 0 {
            out.push_str(HIDDEN);
        }
        rest = &tail[token_len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_tokens_are_hidden_and_the_rest_kept() {
        let text = "Join: https://app.example/invite#token=0123abcd.Xy_z-9 (valid 7 days)";
        assert_eq!(
            redact_link_tokens(text),
            "Join: https://app.example/invite#token=(hidden) (valid 7 days)"
        );
        let html = r#"<a href="https://a.example/invite#token=ab.cd">Join</a>"#;
        assert_eq!(
            redact_link_tokens(html),
            r#"<a href="https://a.example/invite#token=(hidden)">Join</a>"#
        );
        assert_eq!(redact_link_tokens("no links"), "no links");
    }
}
