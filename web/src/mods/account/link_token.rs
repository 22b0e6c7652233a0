//! The token an emailed link carries after `#token=`: in the fragment, it never reaches a
//! server's logs or another site's Referer. Read once, it is taken out of the address bar too.

/// The link's token, if the address has one; the address is left without it.
pub fn take() -> Option<String> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    let token = parse(&hash)?;
    if let Ok(history) = window.history() {
        let path = window.location().pathname().unwrap_or_default();
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
    Some(token)
}

/// `#token=abc.def` → `abc.def`.
pub fn parse(hash: &str) -> Option<String> {
    let value = hash.trim_start_matches('#').strip_prefix("token=")?;
    let value = value.split('&').next().unwrap_or_default().trim();
    (!value.is_empty()).then(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn the_token_follows_token_equals() {
        assert_eq!(parse("#token=abc.def").as_deref(), Some("abc.def"));
        assert_eq!(parse("#token=abc.def&x=1").as_deref(), Some("abc.def"));
        assert_eq!(parse("#token="), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("#other=1"), None);
    }
}
