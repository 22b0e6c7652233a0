use std::time::Duration;

use reqwest::{Method, RequestBuilder, Response};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;

use super::error::TwilioError;
use super::resources::{
    AccountResource, ApplicationResource, AvailableNumberPage, AvailableNumberResource,
    ErrorResource, IncomingNumberPage, IncomingNumberResource, NewKeyResource,
};

/// How long one Twilio request may take; a stuck Twilio must not hold a staff member's request
/// (or a worker) forever.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// A runaway `next_page_uri` chain must end: 100 pages of 1,000 numbers is far past any account.
const MAX_PAGES: usize = 100;

/// An account SID and its auth token (a subaccount's, or an organization's own account's).
#[derive(Clone)]
pub struct TwilioCredentials {
    pub account_sid: String,
    pub auth_token: SecretString,
}

impl std::fmt::Debug for TwilioCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TwilioCredentials({}, token: …)", self.account_sid)
    }
}

#[derive(Clone, Debug)]
pub struct TwilioClient {
    http: reqwest::Client,
    /// E.g. `https://api.twilio.com/2010-04-01`, without a trailing slash.
    base: String,
}

impl TwilioClient {
    pub fn new(base: &str) -> anyhow::Result<TwilioClient> {
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("loquent/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(TwilioClient { http, base: base.trim_end_matches('/').to_string() })
    }

    /// Creates a subaccount under `parent` (Loquent's main account).
    #[tracing::instrument(skip_all)]
    pub async fn create_subaccount(
        &self,
        parent: &TwilioCredentials,
        friendly_name: &str,
    ) -> Result<AccountResource, TwilioError> {
        let req = self
            .request(Method::POST, "/Accounts.json", parent)
            .form(&[("FriendlyName", friendly_name)]);
        send(req).await
    }

    /// Fetches the credentials' own account: the way to check that a SID and token fit.
    #[tracing::instrument(skip_all, fields(account_sid = %creds.account_sid))]
    pub async fn fetch_account(
        &self,
        creds: &TwilioCredentials,
    ) -> Result<AccountResource, TwilioError> {
        let path = format!("/Accounts/{}.json", creds.account_sid);
        send(self.request(Method::GET, &path, creds)).await
    }

    #[tracing::instrument(skip_all, fields(account_sid = %creds.account_sid))]
    pub async fn search_local_numbers(
        &self,
        creds: &TwilioCredentials,
        area_code: &str,
    ) -> Result<Vec<AvailableNumberResource>, TwilioError> {
        let path = format!("/Accounts/{}/AvailablePhoneNumbers/US/Local.json", creds.account_sid);
        let req = self
            .request(Method::GET, &path, creds)
            .query(&[("AreaCode", area_code), ("PageSize", "30")]);
        let page: AvailableNumberPage = send(req).await?;
        Ok(page.available_phone_numbers)
    }

    /// Buys a number and points its voice webhook at `voice_url` in the same request, so a
    /// bought number is never left answering nowhere.
    #[tracing::instrument(skip_all, fields(account_sid = %creds.account_sid))]
    pub async fn buy_number(
        &self,
        creds: &TwilioCredentials,
        phone_number: &str,
        voice_url: &str,
    ) -> Result<IncomingNumberResource, TwilioError> {
        let path = format!("/Accounts/{}/IncomingPhoneNumbers.json", creds.account_sid);
        let form =
            [("PhoneNumber", phone_number), ("VoiceUrl", voice_url), ("VoiceMethod", "POST")];
        send(self.request(Method::POST, &path, creds).form(&form)).await
    }

    /// Every number in the account, following Twilio's pages.
    #[tracing::instrument(skip_all, fields(account_sid = %creds.account_sid))]
    pub async fn list_incoming_numbers(
        &self,
        creds: &TwilioCredentials,
    ) -> Result<Vec<IncomingNumberResource>, TwilioError> {
        let path = format!("/Accounts/{}/IncomingPhoneNumbers.json", creds.account_sid);
        let mut req = self.request(Method::GET, &path, creds).query(&[("PageSize", "1000")]);
        let mut numbers = Vec::new();
        for _ in 0..MAX_PAGES {
            let page: IncomingNumberPage = send(req).await?;
            numbers.extend(page.incoming_phone_numbers);
            let Some(next) = page.next_page_uri.filter(|u| !u.is_empty()) else {
                return Ok(numbers);
            };
            req = self
                .http
                .get(self.absolute(&next)?)
                .basic_auth(&creds.account_sid, Some(creds.auth_token.expose_secret()));
        }
        Err(TwilioError::Decode(format!("more than {MAX_PAGES} pages of numbers")))
    }

    #[tracing::instrument(skip_all, fields(account_sid = %creds.account_sid, sid))]
    pub async fn fetch_incoming_number(
        &self,
        creds: &TwilioCredentials,
        sid: &str,
    ) -> Result<IncomingNumberResource, TwilioError> {
        let path = format!("/Accounts/{}/IncomingPhoneNumbers/{sid}.json", creds.account_sid);
        send(self.request(Method::GET, &path, creds)).await
    }

    /// Sets the number's voice webhook (POST); an empty URL clears it.
    #[tracing::instrument(skip_all, fields(account_sid = %creds.account_sid, sid))]
    pub async fn set_voice_url(
        &self,
        creds: &TwilioCredentials,
        sid: &str,
        voice_url: &str,
    ) -> Result<IncomingNumberResource, TwilioError> {
        let path = format!("/Accounts/{}/IncomingPhoneNumbers/{sid}.json", creds.account_sid);
        let form = [("VoiceUrl", voice_url), ("VoiceMethod", "POST")];
        send(self.request(Method::POST, &path, creds).form(&form)).await
    }

    fn request(&self, method: Method, path: &str, creds: &TwilioCredentials) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .basic_auth(&creds.account_sid, Some(creds.auth_token.expose_secret()))
    }

    /// Twilio's `next_page_uri` is a path from the host (`/2010-04-01/…`).
    fn absolute(&self, uri: &str) -> Result<url::Url, TwilioError> {
        let base = url::Url::parse(&self.base).map_err(|e| TwilioError::Decode(e.to_string()))?;
        base.join(uri).map_err(|e| TwilioError::Decode(format!("next_page_uri {uri:?}: {e}")))
    }
}

async fn send<T: DeserializeOwned>(req: RequestBuilder) -> Result<T, TwilioError> {
    let res = req.send().await.map_err(TwilioError::Transport)?;
    decode(res).await
}

async fn decode<T: DeserializeOwned>(res: Response) -> Result<T, TwilioError> {
    let status = res.status();
    let body = res.bytes().await.map_err(TwilioError::Transport)?;
    if status.is_success() {
        return serde_json::from_slice(&body).map_err(|e| TwilioError::Decode(e.to_string()));
    }
    let parsed: Option<ErrorResource> = serde_json::from_slice(&body).ok();
    let err = TwilioError::Api {
        status: status.as_u16(),
        code: parsed.as_ref().and_then(|e| e.code),
        message: parsed
            .and_then(|e| e.message)
            .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string()),
    };
    tracing::warn!(error = %err, "Twilio request failed");
    Err(err)
}

impl TwilioClient {
    /// A recording's audio as MP3 (as recorded: two channels for a dual-channel recording).
    /// The URL is built from validated SIDs, never taken from a webhook, so nothing a caller
    /// sends can point Loquent at another host.
    #[tracing::instrument(skip_all, fields(account_sid = %creds.account_sid, recording_sid))]
    pub async fn download_recording(
        &self,
        creds: &TwilioCredentials,
        recording_sid: &str,
    ) -> Result<bytes::Bytes, TwilioError> {
        self.download_media(creds, recording_sid, "mp3", &[]).await
    }

    /// A recording as 16-bit PCM WAV with one channel per party (`RequestedChannels=2`). Only
    /// for a recording made with two channels: Twilio refuses a mono one with error 16113
    /// ([`super::error_codes::MONO_RECORDING`]).
    #[tracing::instrument(skip_all, fields(account_sid = %creds.account_sid, recording_sid))]
    pub async fn download_recording_channels(
        &self,
        creds: &TwilioCredentials,
        recording_sid: &str,
    ) -> Result<bytes::Bytes, TwilioError> {
        self.download_media(creds, recording_sid, "wav", &[("RequestedChannels", "2")]).await
    }

    async fn download_media(
        &self,
        creds: &TwilioCredentials,
        recording_sid: &str,
        extension: &str,
        query: &[(&str, &str)],
    ) -> Result<bytes::Bytes, TwilioError> {
        let path =
            format!("/Accounts/{}/Recordings/{recording_sid}.{extension}", creds.account_sid);
        let res = self
            .request(Method::GET, &path, creds)
            .query(query)
            .send()
            .await
            .map_err(TwilioError::Transport)?;
        if !res.status().is_success() {
            return Err(decode::<serde_json::Value>(res)
                .await
                .err()
                .unwrap_or(TwilioError::Decode("error without body".into())));
        }
        res.bytes().await.map_err(TwilioError::Transport)
    }

    /// The media URL `download_recording` fetches, as stored on the call.
    pub fn recording_url(&self, account_sid: &str, recording_sid: &str) -> String {
        format!("{}/Accounts/{account_sid}/Recordings/{recording_sid}.mp3", self.base)
    }
}

impl TwilioClient {
    /// Creates a TwiML Application whose calls Twilio asks `voice_url` (POST) about.
    #[tracing::instrument(skip_all, fields(account_sid = %creds.account_sid))]
    pub async fn create_application(
        &self,
        creds: &TwilioCredentials,
        friendly_name: &str,
        voice_url: &str,
    ) -> Result<ApplicationResource, TwilioError> {
        let path = format!("/Accounts/{}/Applications.json", creds.account_sid);
        let form =
            [("FriendlyName", friendly_name), ("VoiceUrl", voice_url), ("VoiceMethod", "POST")];
        send(self.request(Method::POST, &path, creds).form(&form)).await
    }

    /// Creates an API Key (its secret signs access tokens); the secret comes in this answer only.
    #[tracing::instrument(skip_all, fields(account_sid = %creds.account_sid))]
    pub async fn create_api_key(
        &self,
        creds: &TwilioCredentials,
        friendly_name: &str,
    ) -> Result<NewKeyResource, TwilioError> {
        let path = format!("/Accounts/{}/Keys.json", creds.account_sid);
        send(self.request(Method::POST, &path, creds).form(&[("FriendlyName", friendly_name)]))
            .await
    }

    /// Changes a live call (`POST /Calls/{CallSid}.json`): `Status=completed` hangs up; `Twiml=`
    /// replaces what the call is doing (a transfer's `<Dial>`). Closing the media stream alone
    /// does not end a call, so hanging up always goes through here.
    #[tracing::instrument(skip_all, fields(account_sid = %creds.account_sid, call_sid))]
    pub async fn update_call(
        &self,
        creds: &TwilioCredentials,
        call_sid: &str,
        form: &[(&str, &str)],
    ) -> Result<(), TwilioError> {
        let path = format!("/Accounts/{}/Calls/{call_sid}.json", creds.account_sid);
        let _: serde_json::Value =
            send(self.request(Method::POST, &path, creds).form(form)).await?;
        Ok(())
    }
}
