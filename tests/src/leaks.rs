//! Looking for secrets where they must never be: the server's log lines (written by its own
//! production log layer into memory) and the responses it sends. A leak names the secret and
//! where it appeared, never the whole log.

use std::io;
use std::sync::{Arc, Mutex};

use loquent_server::config::LogFormat;
use serde_json::Value;

/// The log lines the server writes, in memory.
#[derive(Clone, Default)]
pub struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl LogBuffer {
    /// Installs Loquent's log layer in `format` with `filter` (`RUST_LOG` syntax) as the global
    /// subscriber, writing here. Under nextest each test runs in a process of its own, so the
    /// subscriber is this test's alone; panics if one is already installed.
    pub fn install(format: LogFormat, filter: &str) -> LogBuffer {
        let buffer = LogBuffer::default();
        let writer = buffer.clone();
        let filter = tracing_subscriber::EnvFilter::new(filter);
        loquent_server::telemetry::init_with_writer(format, filter, move || writer.clone())
            .expect("installing the log layer (run this test alone, as nextest does)");
        buffer
    }

    pub fn lines(&self) -> Vec<String> {
        let bytes = self.0.lock().expect("log buffer").clone();
        String::from_utf8_lossy(&bytes).lines().map(str::to_string).collect()
    }
}

impl io::Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().map_err(|_| io::Error::other("log buffer poisoned"))?.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A secret the test handled, and what to call it in a failure.
#[derive(Debug, Clone)]
pub struct Secret {
    pub what: String,
    pub value: String,
}

/// Every secret the test handled, with the forms each may take on the wire: as is, and
/// form- or percent-encoded (a password with spaces is `a+b` in a form, `a%20b` in a URL).
#[derive(Debug, Default)]
pub struct Secrets(Vec<Secret>);

impl Secrets {
    pub fn add(&mut self, what: impl Into<String>, value: impl Into<String>) {
        let (what, value) = (what.into(), value.into());
        // Anything shorter would turn up by chance.
        assert!(value.len() >= 12, "{what}: too short to look for");
        self.0.push(Secret { what, value });
    }

    pub fn iter(&self) -> impl Iterator<Item = &Secret> {
        self.0.iter()
    }

    /// The secrets `text` holds in any of their forms.
    pub fn found_in<'a>(&'a self, text: &str) -> Vec<&'a Secret> {
        self.0.iter().filter(|s| forms(&s.value).iter().any(|form| text.contains(form))).collect()
    }
}

fn forms(value: &str) -> Vec<String> {
    let form: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
    let percent = form.replace('+', "%20");
    let mut all = vec![value.to_string(), form, percent];
    all.dedup();
    all
}

/// One response as the client received it: status line, headers and body.
#[derive(Debug)]
pub struct Exchange {
    /// What the request was, e.g. `POST /api/auth/login`.
    pub what: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Secrets (by `what`) this response exists to hand over: a new API key's secret, the
    /// session cookie a sign-in sets.
    pub carries: Vec<String>,
}

/// Every response the test received.
#[derive(Debug, Default)]
pub struct Exchanges(Mutex<Vec<Exchange>>);

/// A response read whole.
pub struct Received {
    pub status: reqwest::StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Exchanges {
    /// Reads `res` whole and keeps it to scan.
    pub async fn record(&self, what: &str, res: reqwest::Response) -> Received {
        self.record_carrying(what, res, &[]).await
    }

    /// [`Exchanges::record`] for a response that hands over the secrets named `carries`.
    pub async fn record_carrying(
        &self,
        what: &str,
        res: reqwest::Response,
        carries: &[&str],
    ) -> Received {
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.text().await.expect("reading the body");
        let exchange = Exchange {
            what: format!("{what} → {status}"),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v.as_bytes()).into()))
                .collect(),
            body: body.clone(),
            carries: carries.iter().map(|c| c.to_string()).collect(),
        };
        self.0.lock().expect("exchanges").push(exchange);
        Received { status, headers, body }
    }

    /// The session tokens the responses set in `loquent_session` cookies.
    pub fn session_tokens(&self) -> Vec<String> {
        let all = self.0.lock().expect("exchanges");
        all.iter()
            .flat_map(|e| e.headers.iter())
            .filter(|(name, _)| name == "set-cookie")
            .filter_map(|(_, v)| {
                let token = v.strip_prefix("loquent_session=")?.split(';').next()?;
                (!token.is_empty()).then(|| token.to_string())
            })
            .collect()
    }

    pub fn len(&self) -> usize {
        self.0.lock().expect("exchanges").len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where a secret appeared in a response that doesn't exist to hand it over.
    pub fn leaks(&self, secrets: &Secrets) -> Vec<String> {
        let all = self.0.lock().expect("exchanges");
        let mut leaks = Vec::new();
        for e in all.iter() {
            let parts = e
                .headers
                .iter()
                .map(|(name, value)| (format!("header {name}"), value.as_str()))
                .chain([("body".to_string(), e.body.as_str())]);
            for (part, text) in parts {
                for secret in secrets.found_in(text) {
                    if !e.carries.contains(&secret.what) {
                        leaks.push(format!("the {} in the {part} of {}", secret.what, e.what));
                    }
                }
            }
        }
        leaks
    }
}

/// Where a secret appeared in the log: the line's number, target and message, and the field
/// (a JSON path) that held it.
pub fn log_leaks(lines: &[String], secrets: &Secrets) -> Vec<String> {
    let mut leaks = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        for secret in secrets.found_in(line) {
            let (target, message, fields) = match serde_json::from_str::<Value>(line) {
                Ok(json) => {
                    let mut fields = Vec::new();
                    paths_holding(&json, "", &|text| !secrets_in(text, secret), &mut fields);
                    (
                        json["target"].as_str().unwrap_or("?").to_string(),
                        json["fields"]["message"].as_str().unwrap_or("").to_string(),
                        fields.join(", "),
                    )
                }
                Err(_) => ("?".into(), "(not JSON)".into(), String::new()),
            };
            leaks.push(format!(
                "the {} in log line {} (target {target}, message {message:?}) at {fields}",
                secret.what,
                n + 1
            ));
        }
    }
    leaks
}

fn secrets_in(text: &str, secret: &Secret) -> bool {
    forms(&secret.value).iter().any(|form| text.contains(form))
}

/// The JSON paths under `value` whose string fails `clean`.
fn paths_holding(value: &Value, at: &str, clean: &dyn Fn(&str) -> bool, out: &mut Vec<String>) {
    match value {
        Value::String(s) if !clean(s) => {
            out.push(if at.is_empty() { ".".into() } else { at.into() })
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                paths_holding(item, &format!("{at}[{i}]"), clean, out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                paths_holding(item, &format!("{at}.{key}"), clean, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_found_in_its_encoded_forms_and_located_in_the_line() {
        let mut secrets = Secrets::default();
        secrets.add("password", "correct horse battery");
        let lines = vec![
            r#"{"target":"a","fields":{"message":"fine"}}"#.to_string(),
            r#"{"target":"b","fields":{"message":"x"},"spans":[{"http.target":"/x?p=correct+horse+battery"}]}"#.to_string(),
        ];

        let leaks = log_leaks(&lines, &secrets);

        assert_eq!(leaks.len(), 1, "{leaks:?}");
        assert!(
            leaks[0].contains("log line 2 (target b") && leaks[0].contains(".spans[0].http.target")
        );
        assert!(!secrets.found_in("correct%20horse%20battery").is_empty());
        assert!(secrets.found_in("correct horse").is_empty());
    }
}
