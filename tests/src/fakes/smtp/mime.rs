//! Reading a received message back: its headers, and the parts of a multipart body decoded from
//! their transfer encoding (7bit, 8bit, quoted-printable, base64), so a test can compare what
//! arrived with what was sent.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// A message or one of its parts: unfolded headers and the raw body.
#[derive(Debug, Clone)]
pub struct Entity {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Entity {
    /// Splits at the blank line after the headers. Panics on what no MIME writer produces.
    pub fn parse(raw: &[u8]) -> Entity {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no blank line after the headers in {:?}", show(raw)));
        let head = std::str::from_utf8(&raw[..split]).expect("headers are ASCII");
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                let (_, value) = headers.last_mut().expect("a folded line follows a header");
                value.push(' ');
                value.push_str(line.trim());
            } else {
                let (name, value) = line.split_once(':').expect("a header is `Name: value`");
                headers.push((name.to_string(), value.trim().to_string()));
            }
        }
        Entity { headers, body: raw[split + 4..].to_vec() }
    }

    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The media type without parameters, lower-cased (`text/plain`); `text/plain` when absent.
    pub fn media_type(&self) -> String {
        self.header("Content-Type")
            .map(|v| v.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
            .unwrap_or_else(|| "text/plain".into())
    }

    fn parameter(&self, name: &str) -> Option<String> {
        self.header("Content-Type")?.split(';').skip(1).find_map(|p| {
            let (key, value) = p.trim().split_once('=')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim_matches('"').to_string())
        })
    }

    /// The parts of a multipart body, in order.
    pub fn parts(&self) -> Vec<Entity> {
        let boundary = self.parameter("boundary").expect("a multipart body names its boundary");
        let body = std::str::from_utf8(&self.body).expect("a multipart body is ASCII");
        let delimiter = format!("--{boundary}");
        let closing = format!("--{boundary}--");
        assert!(body.contains(&closing), "the multipart body has no closing delimiter: {body}");
        let mut parts = Vec::new();
        // A delimiter is a line of its own: the CRLF before it belongs to it, except at the very
        // start of the body. Text before the first is the preamble, after the closing one the
        // epilogue.
        let body = format!("\r\n{body}");
        for chunk in body.split(&format!("\r\n{delimiter}")).skip(1) {
            if chunk.starts_with("--") {
                break;
            }
            let chunk = chunk.strip_prefix("\r\n").expect("a delimiter line ends in CRLF");
            parts.push(Entity::parse(chunk.as_bytes()));
        }
        parts
    }

    /// The body decoded from its `Content-Transfer-Encoding`, as UTF-8 with `\n` line ends.
    pub fn text(&self) -> String {
        let encoding =
            self.header("Content-Transfer-Encoding").unwrap_or("7bit").to_ascii_lowercase();
        let bytes = match encoding.as_str() {
            "7bit" | "8bit" => self.body.clone(),
            "quoted-printable" => quoted_printable(&self.body),
            "base64" => {
                let compact: Vec<u8> =
                    self.body.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
                STANDARD.decode(compact).expect("valid base64")
            }
            other => panic!("unknown transfer encoding {other}"),
        };
        String::from_utf8(bytes).expect("UTF-8 text").replace("\r\n", "\n")
    }
}

/// RFC 2045 6.7: `=XX` is a byte, `=` at a line's end joins it to the next.
fn quoted_printable(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'=' if body[i + 1..].starts_with(b"\r\n") => i += 3,
            b'=' => {
                let hex = std::str::from_utf8(&body[i + 1..i + 3]).expect("ASCII escape");
                out.push(u8::from_str_radix(hex, 16).expect("=XX is hex"));
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn show(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw).into_owned()
}
