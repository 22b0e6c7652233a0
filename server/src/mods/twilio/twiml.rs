//! TwiML, built as a tree and rendered with every text and attribute value escaped, so nothing
//! a caller controls (their number, a name) can change the document Twilio executes.

use std::fmt::Write;

#[derive(Debug, Clone)]
pub struct Element {
    name: &'static str,
    attrs: Vec<(&'static str, String)>,
    children: Vec<Node>,
}

#[derive(Debug, Clone)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn new(name: &'static str) -> Element {
        Element { name, attrs: Vec::new(), children: Vec::new() }
    }

    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> Element {
        self.attrs.push((name, value.into()));
        self
    }

    pub fn child(mut self, child: Element) -> Element {
        self.children.push(Node::Element(child));
        self
    }

    pub fn text(mut self, text: impl Into<String>) -> Element {
        self.children.push(Node::Text(text.into()));
        self
    }

    fn render(&self, out: &mut String) {
        out.push('<');
        out.push_str(self.name);
        for (name, value) in &self.attrs {
            let _ = write!(out, " {name}=\"{}\"", escape(value));
        }
        if self.children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for child in &self.children {
            match child {
                Node::Element(e) => e.render(out),
                Node::Text(t) => out.push_str(&escape(t)),
            }
        }
        let _ = write!(out, "</{}>", self.name);
    }
}

/// A `<Response>` document.
pub struct Response(Element);

impl Response {
    pub fn new() -> Response {
        Response(Element::new("Response"))
    }

    pub fn verb(self, verb: Element) -> Response {
        Response(self.0.child(verb))
    }

    pub fn say(self, text: &str) -> Response {
        self.verb(Element::new("Say").text(text))
    }

    pub fn hangup(self) -> Response {
        self.verb(Element::new("Hangup"))
    }

    pub fn render(&self) -> String {
        let mut out = String::from(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
        self.0.render(&mut out);
        out
    }
}

impl Default for Response {
    fn default() -> Self {
        Response::new()
    }
}

/// XML-escapes text and attribute values.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab/newline are not allowed in XML 1.0 at all.
            c if c.is_control() && c != '\t' && c != '\n' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_is_escaped() {
        let doc = Response::new()
            .verb(Element::new("Connect").child(
                Element::new("Stream").attr("url", "wss://x/twilio/stream").child(
                    Element::new("Parameter").attr("name", "to").attr("value", "+1<555>&\"'"),
                ),
            ))
            .say("Tom & Jerry <3\u{0}")
            .render();
        assert_eq!(
            doc,
            r#"<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="wss://x/twilio/stream"><Parameter name="to" value="+1&lt;555&gt;&amp;&quot;&apos;"/></Stream></Connect><Say>Tom &amp; Jerry &lt;3</Say></Response>"#
        );
    }
}
