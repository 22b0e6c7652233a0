//! `SMTP_URL` read into the SMTP server's address, its transport security and credentials.
//!
//! - `smtp://user:pass@host:587`: STARTTLS, required (the default port is 587). A server that
//!   doesn't offer STARTTLS is refused rather than sent the password in clear.
//! - `smtps://user:pass@host:465`: TLS from the first byte (the default port is 465).
//! - `smtp://host:2525?tls=none`: no TLS at all, only when asked for by name: for a mail server
//!   on the same machine or a test server, never across a network.
//!
//! User and password are percent-decoded (`%40` for `@` in a user name). Nothing here puts the
//! URL in an error message: it may hold the password.

use percent_encoding::percent_decode_str;
use secrecy::SecretString;
use url::{Host, Url};

/// Where and how to reach the SMTP server.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub credentials: Option<SmtpCredentials>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS before anything else is said; required.
    StartTls,
    /// TLS from the first byte (`smtps://`).
    ImplicitTls,
    /// No TLS (`?tls=none`): local servers only.
    None,
}

/// `Debug` shows the user and masks the password (`SecretString`).
#[derive(Debug, Clone)]
pub struct SmtpCredentials {
    pub user: String,
    pub password: SecretString,
}

impl SmtpSettings {
    /// Reads an `SMTP_URL`; the error says what is wrong without repeating the URL.
    pub fn parse(raw: &str) -> Result<SmtpSettings, String> {
        let url = Url::parse(raw.trim()).map_err(|e| format!("not a URL ({e})"))?;
        let (default_port, implicit_tls) = match url.scheme() {
            "smtp" => (587, false),
            "smtps" => (465, true),
            other => return Err(format!("the scheme must be smtp:// or smtps://, not {other}://")),
        };
        let host = match url.host() {
            Some(Host::Domain(name)) if !name.is_empty() => name.to_string(),
            Some(Host::Ipv4(ip)) => ip.to_string(),
            Some(Host::Ipv6(ip)) => ip.to_string(),
            _ => return Err("it names no host".into()),
        };
        if !matches!(url.path(), "" | "/") {
            return Err("it must not have a path".into());
        }
        let mut tls = None;
        for (key, value) in url.query_pairs() {
            match key.as_ref() {
                "tls" if tls.is_none() => tls = Some(value.into_owned()),
                "tls" => return Err("`tls` is given twice".into()),
                other => return Err(format!("unknown parameter `{other}` (only `tls` is read)")),
            }
        }
        let security = match (implicit_tls, tls.as_deref()) {
            (true, None) => SmtpSecurity::ImplicitTls,
            (true, Some(_)) => {
                return Err("smtps:// is always TLS: leave out `tls`, or use smtp://".into());
            }
            (false, None | Some("starttls")) => SmtpSecurity::StartTls,
            (false, Some("none")) => SmtpSecurity::None,
            (false, Some(other)) => {
                return Err(format!(
                    "`tls` must be `starttls` (the default) or `none`, not `{other}`"
                ));
            }
        };
        let credentials = match (url.username(), url.password()) {
            ("", None) => None,
            ("", Some(_)) => return Err("it has a password but no user".into()),
            (_, None) => return Err("it has a user but no password".into()),
            (user, Some(password)) => Some(SmtpCredentials {
                user: decode(user, "the user")?,
                password: SecretString::from(decode(password, "the password")?),
            }),
        };
        Ok(SmtpSettings { host, port: url.port().unwrap_or(default_port), security, credentials })
    }

    /// `host:port`, to show where mail goes (never with the credentials).
    pub fn server(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

fn decode(part: &str, what: &str) -> Result<String, String> {
    percent_decode_str(part)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| format!("{what} is not UTF-8 once percent-decoded"))
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    fn parse(raw: &str) -> SmtpSettings {
        SmtpSettings::parse(raw).unwrap_or_else(|e| panic!("{raw}: {e}"))
    }

    #[test]
    fn smtp_means_required_starttls_on_587() {
        let s = parse("smtp://mailer:s3cret@smtp.example.com");
        assert_eq!(
            (s.host.as_str(), s.port, s.security),
            ("smtp.example.com", 587, SmtpSecurity::StartTls)
        );
        let c = s.credentials.expect("credentials");
        assert_eq!((c.user.as_str(), c.password.expose_secret()), ("mailer", "s3cret"));
        assert_eq!(parse("smtp://smtp.example.com:2587?tls=starttls").port, 2587);
        assert!(parse("smtp://smtp.example.com:25").credentials.is_none());
    }

    #[test]
    fn smtps_means_implicit_tls_on_465() {
        let s = parse("smtps://u:p@smtp.example.com");
        assert_eq!((s.port, s.security), (465, SmtpSecurity::ImplicitTls));
        assert_eq!(parse("smtps://smtp.example.com:2465/").port, 2465);
    }

    #[test]
    fn no_tls_only_when_asked_for_by_name() {
        let s = parse("smtp://127.0.0.1:2525?tls=none");
        assert_eq!((s.host.as_str(), s.port, s.security), ("127.0.0.1", 2525, SmtpSecurity::None));
        assert_eq!(s.server(), "127.0.0.1:2525");
        assert_eq!(parse("smtp://[::1]:25?tls=none").server(), "[::1]:25");
    }

    #[test]
    fn user_and_password_are_percent_decoded() {
        let s = parse("smtp://me%40example.com:p%40ss%3Aw%2Frd@smtp.example.com");
        let c = s.credentials.expect("credentials");
        assert_eq!((c.user.as_str(), c.password.expose_secret()), ("me@example.com", "p@ss:w/rd"));
    }

    #[test]
    fn mistakes_are_refused_without_repeating_the_url() {
        for (raw, expected) in [
            ("http://smtp.example.com", "scheme"),
            ("smtp://", "host"),
            ("smtp://smtp.example.com/inbox", "path"),
            ("smtp://smtp.example.com?tls=maybe", "`tls`"),
            ("smtp://smtp.example.com?tls=none&tls=none", "twice"),
            ("smtp://smtp.example.com?timeout=5", "unknown parameter"),
            ("smtps://smtp.example.com?tls=none", "always TLS"),
            ("smtp://hunter2user@smtp.example.com", "no password"),
            ("smtp://:hunter2@smtp.example.com", "no user"),
            ("not a url hunter2", "not a URL"),
        ] {
            let err = SmtpSettings::parse(raw).expect_err(raw);
            assert!(err.contains(expected), "{raw}: {err}");
            assert!(!err.contains("hunter2"), "{raw}: the error repeats the secret: {err}");
        }
    }

    #[test]
    fn debug_masks_the_password() {
        let shown = format!("{:?}", parse("smtp://mailer:hunter2@smtp.example.com"));
        assert!(shown.contains("mailer") && !shown.contains("hunter2"), "{shown}");
    }
}
