//! What browser calling needs from an account: TwiML Applications (where Twilio asks what an
//! SDK call does) and API Keys (what signs the SDK's access tokens). Created as Twilio creates
//! them (`POST …/Applications.json`, `POST …/Keys.json`), with its checks on what is sent.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::json::API;
use super::state::{TwilioError, new_sid};

/// A TwiML Application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub sid: String,
    pub account_sid: String,
    pub friendly_name: String,
    pub voice_url: Option<String>,
    pub voice_method: String,
}

/// An API Key; its secret is shown once, in the answer that creates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub sid: String,
    pub account_sid: String,
    pub friendly_name: String,
    pub secret: String,
}

#[derive(Default)]
pub(super) struct VoiceApps {
    pub applications: Vec<(Application, DateTime<Utc>)>,
    pub keys: Vec<(ApiKey, DateTime<Utc>)>,
}

/// "It can be up to 64 characters long", for both resources' `FriendlyName`.
const MAX_FRIENDLY_NAME: usize = 64;

fn friendly_name(form: &[(String, String)]) -> Result<Option<String>, TwilioError> {
    match param(form, "FriendlyName") {
        Some(name) if name.chars().count() > MAX_FRIENDLY_NAME => Err(TwilioError::bad_request(
            21201,
            format!("FriendlyName must be at most {MAX_FRIENDLY_NAME} characters long"),
        )),
        other => Ok(other.map(str::to_string)),
    }
}

fn param<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
}

/// Twilio refuses a callback URL that isn't an absolute http(s) URL.
fn checked_url(name: &str, url: &str) -> Result<String, TwilioError> {
    let absolute = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
    if absolute {
        Ok(url.to_string())
    } else {
        Err(TwilioError::bad_request(21502, format!("{name} is not a valid URL: {url}")))
    }
}

impl VoiceApps {
    pub fn create_application(
        &mut self,
        account_sid: &str,
        form: &[(String, String)],
    ) -> Result<Value, TwilioError> {
        let voice_method = match param(form, "VoiceMethod") {
            None => "POST".to_string(),
            Some(m) if m.eq_ignore_ascii_case("GET") || m.eq_ignore_ascii_case("POST") => {
                m.to_ascii_uppercase()
            }
            Some(m) => {
                return Err(TwilioError::bad_request(
                    21205,
                    format!("VoiceMethod must be GET or POST, not {m}"),
                ));
            }
        };
        let voice_url = param(form, "VoiceUrl").map(|u| checked_url("VoiceUrl", u)).transpose()?;
        let app = Application {
            sid: new_sid("AP"),
            account_sid: account_sid.to_string(),
            friendly_name: friendly_name(form)?.unwrap_or_default(),
            voice_url,
            voice_method,
        };
        let now = Utc::now();
        let answer = application_json(&app, now);
        self.applications.push((app, now));
        Ok(answer)
    }

    pub fn create_key(
        &mut self,
        account_sid: &str,
        form: &[(String, String)],
    ) -> Result<Value, TwilioError> {
        let key = ApiKey {
            sid: new_sid("SK"),
            account_sid: account_sid.to_string(),
            friendly_name: friendly_name(form)?.unwrap_or_default(),
            // Twilio's secrets are 32 alphanumeric characters.
            secret: uuid::Uuid::new_v4().simple().to_string(),
        };
        let now = Utc::now();
        let date = now.to_rfc2822();
        let answer = json!({
            "sid": key.sid,
            "friendly_name": key.friendly_name,
            "date_created": date,
            "date_updated": date,
            "secret": key.secret,
        });
        self.keys.push((key, now));
        Ok(answer)
    }
}

/// Twilio's Application resource (`api.v2010.account.application`).
fn application_json(app: &Application, created: DateTime<Utc>) -> Value {
    let date = created.to_rfc2822();
    json!({
        "account_sid": app.account_sid,
        "api_version": "2010-04-01",
        "date_created": date,
        "date_updated": date,
        "friendly_name": app.friendly_name,
        "message_status_callback": null,
        "sid": app.sid,
        "sms_fallback_method": "POST",
        "sms_fallback_url": "",
        "sms_method": "POST",
        "sms_status_callback": null,
        "sms_url": "",
        "status_callback": null,
        "status_callback_method": "POST",
        "uri": format!("{API}/Accounts/{}/Applications/{}.json", app.account_sid, app.sid),
        "voice_caller_id_lookup": false,
        "voice_fallback_method": "POST",
        "voice_fallback_url": null,
        "voice_method": app.voice_method,
        "voice_url": app.voice_url,
        "public_application_connect_enabled": true,
    })
}
