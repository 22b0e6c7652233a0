//! Every environment variable the server reads, typed, in one place. A `.env` file in the
//! working directory is read first (see `.env.example`).

use std::env;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use lettre::message::Mailbox;
use secrecy::{SecretBox, SecretString};

use crate::clients::mail::SmtpSettings;
use crate::clients::twilio::TwilioCredentials;
use crate::public_urls::PublicUrls;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} is not set")]
    Missing(&'static str),
    #[error("{name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// 32 bytes that encrypt secrets at rest (Twilio auth tokens, API key secrets).
pub type SecretKey = SecretBox<[u8; 32]>;

#[derive(Debug)]
pub struct Config {
    /// `DATABASE_URL`: the PostgreSQL the server owns.
    pub database_url: String,
    /// `DATABASE_POOL_SIZE` (default 16).
    pub database_pool_size: usize,
    /// `LOQUENT_BIND` (default `127.0.0.1:8080`).
    pub bind: SocketAddr,
    /// `APP_HOST` (default `http://127.0.0.1:8080`): the public base URL, used in Twilio
    /// webhooks and to decide whether cookies are `Secure`. No trailing slash.
    pub app_host: String,
    /// `LOQUENT_SECRET_KEY`: 64 hex characters. Optional for commands that touch no secrets.
    pub secret_key: Option<SecretKey>,
    /// `LOG_FORMAT`: `text` (default) or `json`.
    pub log_format: LogFormat,
    /// `LOQUENT_WEB_DIR` (default `web/dist`): the built single-page app.
    pub web_dir: PathBuf,
    /// `SESSION_TTL_HOURS` (default 720, i.e. 30 days).
    pub session_ttl: Duration,
    /// `LOQUENT_TRUST_PROXY` (default false): take the client IP from `X-Forwarded-For` /
    /// `Forwarded`. Only enable behind a proxy that sets them, or clients can spoof their IP.
    pub trust_proxy: bool,
    /// `LOGIN_LIMIT_PER_EMAIL` (default 10) and `LOGIN_LIMIT_PER_IP` (default 50) attempts per
    /// `LOGIN_LIMIT_WINDOW_SECS` (default 900).
    pub login_limit: LoginLimit,
    /// `LOQUENT_WORKERS`: HTTP worker threads (default: one per core).
    pub workers: Option<usize>,
    /// `TWILIO_API_BASE` (default `https://api.twilio.com/2010-04-01`).
    pub twilio_api_base: String,
    /// `TWILIO_MAIN_ACCOUNT_SID` and `TWILIO_MAIN_AUTH_TOKEN`: Loquent's own Twilio account,
    /// under which each organization gets a subaccount. Without them, only organizations that
    /// connect their own Twilio account can use numbers.
    pub twilio_main: Option<TwilioCredentials>,
    /// Where recordings and transcripts are kept: `RECORDINGS_DIR` (default `.data/recordings`),
    /// or the S3-compatible bucket `RECORDINGS_S3_BUCKET` (credentials, region and endpoint from
    /// the standard `AWS_*` variables).
    pub recordings: RecordingStorage,
    /// `OPENAI_BASE_URL` (default `https://api.openai.com/v1`): any OpenAI-compatible API.
    pub openai_base_url: String,
    /// `OPENAI_API_KEY`.
    pub openai_api_key: Option<SecretString>,
    /// `GEMINI_BASE_URL` (default `https://generativelanguage.googleapis.com`) and
    /// `GEMINI_API_KEY`: Gemini Live, for agents whose provider is `gemini`.
    pub gemini_base_url: String,
    pub gemini_api_key: Option<SecretString>,
    /// `TRANSCRIPTION_MODEL` (default `gpt-4o-transcribe`).
    pub transcription_model: String,
    /// `ANALYSIS_MODEL` (default `gpt-5`): analyzers and contact enrichment.
    pub analysis_model: String,
    /// Background job workers in this process: `JOB_WORKERS` (default 2; 0 runs none).
    pub job_workers: usize,
    /// `JOB_LEASE_SECS` (default 600): how long a claimed job is held before another worker may
    /// take it over, assuming its worker died.
    pub job_lease: Duration,
    /// `JOB_POLL_MS` (default 500): how often idle workers look for work.
    pub job_poll: Duration,
    /// `EARLY_SESSION_SECS` (default 30): the voice webhook opens the agent's provider session
    /// before Twilio opens the media stream, and closes it if no stream has picked it up within
    /// this long (with several servers, the stream may reach another one). 0 opens none early.
    pub early_session_ttl: Duration,
    /// `SMTP_URL`: the SMTP server mail goes out through (see [`SmtpSettings::parse`] for the
    /// forms it takes). Without it, mail is kept in the outbox and nothing leaves the machine.
    pub smtp: Option<SmtpSettings>,
    /// `MAIL_FROM` (default `Loquent <no-reply@localhost>`): the sender of every message.
    pub mail_from: Mailbox,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordingStorage {
    LocalDir(PathBuf),
    S3 { bucket: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy)]
pub struct LoginLimit {
    pub per_email: i32,
    pub per_ip: i32,
    pub window: Duration,
}

impl Config {
    /// Reads `.env` (if present) and the environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        // A missing .env is the normal production case.
        let _ = dotenvy::dotenv();
        Config::from_lookup(|name| env::var(name).ok())
    }

    /// Builds the configuration from any variable source; tests pass a map.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let database_url = get("DATABASE_URL").ok_or(ConfigError::Missing("DATABASE_URL"))?;
        let app_host = get("APP_HOST")
            .unwrap_or_else(|| "http://127.0.0.1:8080".into())
            .trim_end_matches('/')
            .to_string();
        if !(app_host.starts_with("http://") || app_host.starts_with("https://")) {
            return Err(ConfigError::Invalid {
                name: "APP_HOST",
                reason: "must start with http:// or https://".into(),
            });
        }
        Ok(Config {
            database_url,
            database_pool_size: parse(&get, "DATABASE_POOL_SIZE", 16)?,
            bind: parse(&get, "LOQUENT_BIND", SocketAddr::from(([127, 0, 0, 1], 8080)))?,
            app_host,
            secret_key: get("LOQUENT_SECRET_KEY").map(|v| parse_secret_key(&v)).transpose()?,
            log_format: match get("LOG_FORMAT").as_deref() {
                None | Some("text") => LogFormat::Text,
                Some("json") => LogFormat::Json,
                Some(other) => {
                    return Err(ConfigError::Invalid {
                        name: "LOG_FORMAT",
                        reason: format!("expected `text` or `json`, got `{other}`"),
                    });
                }
            },
            web_dir: get("LOQUENT_WEB_DIR").unwrap_or_else(|| "web/dist".into()).into(),
            session_ttl: Duration::from_secs(parse(&get, "SESSION_TTL_HOURS", 720u64)? * 3600),
            trust_proxy: parse(&get, "LOQUENT_TRUST_PROXY", false)?,
            login_limit: LoginLimit {
                per_email: parse(&get, "LOGIN_LIMIT_PER_EMAIL", 10)?,
                per_ip: parse(&get, "LOGIN_LIMIT_PER_IP", 50)?,
                window: Duration::from_secs(parse(&get, "LOGIN_LIMIT_WINDOW_SECS", 900u64)?),
            },
            workers: get("LOQUENT_WORKERS")
                .map(|_| parse(&get, "LOQUENT_WORKERS", 1))
                .transpose()?,
            twilio_api_base: get("TWILIO_API_BASE")
                .unwrap_or_else(|| "https://api.twilio.com/2010-04-01".into())
                .trim_end_matches('/')
                .to_string(),
            twilio_main: match (get("TWILIO_MAIN_ACCOUNT_SID"), get("TWILIO_MAIN_AUTH_TOKEN")) {
                (Some(sid), Some(token)) => Some(TwilioCredentials {
                    account_sid: sid.trim().to_string(),
                    auth_token: SecretString::from(token.trim().to_string()),
                }),
                (None, None) => None,
                _ => {
                    return Err(ConfigError::Invalid {
                        name: "TWILIO_MAIN_ACCOUNT_SID",
                        reason: "set it together with TWILIO_MAIN_AUTH_TOKEN, or neither".into(),
                    });
                }
            },
            recordings: match get("RECORDINGS_S3_BUCKET") {
                Some(bucket) => RecordingStorage::S3 { bucket },
                None => RecordingStorage::LocalDir(
                    get("RECORDINGS_DIR").unwrap_or_else(|| ".data/recordings".into()).into(),
                ),
            },
            openai_base_url: get("OPENAI_BASE_URL")
                .unwrap_or_else(|| "https://api.openai.com/v1".into())
                .trim_end_matches('/')
                .to_string(),
            openai_api_key: get("OPENAI_API_KEY").map(SecretString::from),
            gemini_base_url: get("GEMINI_BASE_URL")
                .unwrap_or_else(|| "https://generativelanguage.googleapis.com".into())
                .trim_end_matches('/')
                .to_string(),
            gemini_api_key: get("GEMINI_API_KEY").map(SecretString::from),
            transcription_model: get("TRANSCRIPTION_MODEL")
                .unwrap_or_else(|| "gpt-4o-transcribe".into()),
            analysis_model: get("ANALYSIS_MODEL").unwrap_or_else(|| "gpt-5".into()),
            job_workers: parse(&get, "JOB_WORKERS", 2)?,
            job_lease: Duration::from_secs(parse(&get, "JOB_LEASE_SECS", 600u64)?.max(1)),
            job_poll: Duration::from_millis(parse(&get, "JOB_POLL_MS", 500u64)?.max(10)),
            early_session_ttl: Duration::from_secs(parse(&get, "EARLY_SESSION_SECS", 30u64)?),
            smtp: get("SMTP_URL")
                .map(|raw| SmtpSettings::parse(&raw))
                .transpose()
                .map_err(|reason| ConfigError::Invalid { name: "SMTP_URL", reason })?,
            mail_from: get("MAIL_FROM")
                .as_deref()
                .unwrap_or(DEFAULT_MAIL_FROM)
                .trim()
                .parse()
                .map_err(|e: lettre::address::AddressError| ConfigError::Invalid {
                    name: "MAIL_FROM",
                    reason: format!(
                        "not an address such as `Loquent <no-reply@example.com>` ({e})"
                    ),
                })?,
        })
    }

    /// Every public URL, built from `APP_HOST`.
    pub fn public_urls(&self) -> PublicUrls<'_> {
        PublicUrls::new(&self.app_host)
    }

    /// Session cookies are `Secure` whenever the public URL is https.
    pub fn cookies_secure(&self) -> bool {
        self.public_urls().is_https()
    }
}

fn parse<T: std::str::FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: T,
) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    match get(name) {
        None => Ok(default),
        Some(raw) => raw
            .trim()
            .parse()
            .map_err(|e: T::Err| ConfigError::Invalid { name, reason: e.to_string() }),
    }
}

/// The sender when `MAIL_FROM` isn't set; a deployment that sends mail sets its own domain's,
/// which receiving servers check the sending server against.
const DEFAULT_MAIL_FROM: &str = "Loquent <no-reply@localhost>";

fn parse_secret_key(raw: &str) -> Result<SecretKey, ConfigError> {
    let invalid = |reason: &str| ConfigError::Invalid {
        name: "LOQUENT_SECRET_KEY",
        reason: reason.to_string(),
    };
    let bytes = hex::decode(raw.trim()).map_err(|_| invalid("must be 64 hex characters"))?;
    let key: [u8; 32] = bytes.try_into().map_err(|_| invalid("must be 64 hex characters"))?;
    Ok(SecretBox::new(Box::new(key)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> =
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults() {
        let c = config(&[("DATABASE_URL", "postgres://x")]).expect("valid");
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.app_host, "http://127.0.0.1:8080");
        assert!(!c.cookies_secure());
        assert!(c.secret_key.is_none());
        assert_eq!(c.log_format, LogFormat::Text);
    }

    #[test]
    fn rejects_bad_values_by_name() {
        let err = config(&[]).expect_err("must be refused").to_string();
        assert!(err.contains("DATABASE_URL"), "{err}");
        let err = config(&[("DATABASE_URL", "x"), ("LOQUENT_SECRET_KEY", "abc")])
            .expect_err("must be refused")
            .to_string();
        assert!(err.contains("LOQUENT_SECRET_KEY"), "{err}");
        let err = config(&[("DATABASE_URL", "x"), ("LOQUENT_BIND", "nope")])
            .expect_err("must be refused")
            .to_string();
        assert!(err.contains("LOQUENT_BIND"), "{err}");
    }

    #[test]
    fn mail_stays_in_the_outbox_unless_an_smtp_server_is_given() {
        let c = config(&[("DATABASE_URL", "x")]).expect("valid");
        assert!(c.smtp.is_none());
        assert_eq!(c.mail_from.to_string(), "Loquent <no-reply@localhost>");

        let c = config(&[
            ("DATABASE_URL", "x"),
            ("SMTP_URL", "smtp://mailer:hunter2@smtp.example.com"),
            ("MAIL_FROM", "Acme Voice <voice@acme.example>"),
        ])
        .expect("valid");
        assert_eq!(
            c.smtp.as_ref().map(SmtpSettings::server).as_deref(),
            Some("smtp.example.com:587")
        );
        assert_eq!(c.mail_from.email.to_string(), "voice@acme.example");
        let shown = format!("{c:?}");
        assert!(!shown.contains("hunter2"), "the configuration shows the SMTP password: {shown}");
    }

    #[test]
    fn bad_mail_settings_are_refused_by_name() {
        let err = config(&[("DATABASE_URL", "x"), ("SMTP_URL", "http://u:hunter2@mail")])
            .expect_err("must be refused")
            .to_string();
        assert!(err.starts_with("SMTP_URL is invalid") && !err.contains("hunter2"), "{err}");
        let err = config(&[("DATABASE_URL", "x"), ("MAIL_FROM", "nobody")])
            .expect_err("must be refused")
            .to_string();
        assert!(err.starts_with("MAIL_FROM is invalid"), "{err}");
    }

    #[test]
    fn https_host_means_secure_cookies() {
        let c = config(&[("DATABASE_URL", "x"), ("APP_HOST", "https://voice.example.com/")])
            .expect("valid");
        assert_eq!(c.app_host, "https://voice.example.com");
        assert!(c.cookies_secure());
    }
}
