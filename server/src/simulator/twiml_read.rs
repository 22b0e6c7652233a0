//! Just enough TwiML reading for the simulator: the `<Stream>` URL and its `<Parameter>`s.

/// (stream URL, parameters) of the first `<Stream>`, or `None` when the TwiML has none.
pub fn stream(twiml: &str) -> Option<(String, Vec<(String, String)>)> {
    let start = twiml.find("<Stream")?;
    let end = twiml[start..].find("</Stream>").map_or(twiml.len(), |e| start + e);
    let element = &twiml[start..end];
    let url = attribute(element, "url")?;
    let mut params = Vec::new();
    let mut rest = element;
    while let Some(at) = rest.find("<Parameter") {
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e);
        let tag = &rest[at..tag_end];
        if let (Some(name), Some(value)) = (attribute(tag, "name"), attribute(tag, "value")) {
            params.push((name, value));
        }
        rest = &rest[tag_end..];
    }
    Some((url, params))
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')? + at;
    Some(unescape(&tag[at..end]))
}

fn unescape(value: &str) -> String {
    value
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_stream_and_its_parameters() {
        let twiml = r#"<?xml version="1.0"?><Response><Connect><Stream url="wss://x/twilio/stream/1"><Parameter name="from" value="+1&lt;5&gt;"/><Parameter name="to" value="+1"/></Stream></Connect></Response>"#;
        let (url, params) = super::stream(twiml).expect("a stream");
        assert_eq!(url, "wss://x/twilio/stream/1");
        assert_eq!(params, vec![("from".into(), "+1<5>".into()), ("to".into(), "+1".into())]);
        assert!(super::stream("<Response><Say>Hi</Say></Response>").is_none());
    }
}
