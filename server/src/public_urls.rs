//! Every URL the outside world reaches Loquent by, built from `APP_HOST` in one place: the
//! webhooks Twilio is pointed at, the media stream's WebSocket, and the URLs Twilio signs
//! (which must be rebuilt exactly as Twilio saw them to check a signature).

use uuid::Uuid;

/// The public base URL (`APP_HOST`, e.g. `https://voice.example.com`) and the URLs under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicUrls<'a> {
    /// `http://…` or `https://…`, without a trailing slash.
    base: &'a str,
}

impl<'a> PublicUrls<'a> {
    /// `app_host` is `http://…` or `https://…` (the configuration checks it); trailing slashes
    /// are ignored.
    pub fn new(app_host: &'a str) -> PublicUrls<'a> {
        PublicUrls { base: app_host.trim_end_matches('/') }
    }

    /// The base URL, without a trailing slash.
    pub fn base(&self) -> &'a str {
        self.base
    }

    /// Whether the deployment is served over TLS (secure cookies, `wss://` streams).
    pub fn is_https(&self) -> bool {
        self.base.starts_with("https://")
    }

    /// The origin browsers send in `Origin` from our pages: the base without any path.
    pub fn origin(&self) -> String {
        let after_scheme = self.base.find("://").map_or(0, |i| i + 3);
        match self.base[after_scheme..].find('/') {
            Some(slash) => self.base[..after_scheme + slash].to_owned(),
            None => self.base.to_owned(),
        }
    }

    /// `base` + `path` (and query, if any): `/twilio/voice` → `https://host/twilio/voice`.
    pub fn http(&self, path: &str) -> String {
        join(self.base, path)
    }

    /// The WebSocket URL of `path`: `wss://` for an https deployment, `ws://` for plain http.
    pub fn ws(&self, path: &str) -> String {
        let host = match self.base.strip_prefix("https://") {
            Some(rest) => format!("wss://{rest}"),
            None => format!("ws://{}", self.base.trim_start_matches("http://")),
        };
        join(&host, path)
    }

    /// Where Twilio sends a Loquent number's incoming calls.
    pub fn voice_webhook(&self) -> String {
        self.http("/twilio/voice")
    }

    /// Where Twilio asks what a call placed from the browser (the Voice SDK) does.
    pub fn outbound_voice_webhook(&self) -> String {
        self.http("/twilio/voice/outbound")
    }

    /// Where Twilio reports how a dialled call ended (`<Dial action>`).
    pub fn call_status_callback(&self) -> String {
        self.http("/twilio/call-status")
    }

    /// Where Twilio reports a call's recording.
    pub fn recording_callback(&self) -> String {
        self.http("/twilio/recording")
    }

    /// A call's page in the web app (for links in emails).
    pub fn call_page(&self, call_id: Uuid) -> String {
        self.http(&format!("/calls/{call_id}"))
    }

    /// The web app's call list from one day to another, both included, as its filters take
    /// them (for links in emails).
    pub fn calls_page(&self, from: chrono::NaiveDate, to: chrono::NaiveDate) -> String {
        self.http(&format!("/calls?from={from}&to={to}"))
    }

    /// The web app's to-do list (for links in emails).
    pub fn todos_page(&self) -> String {
        self.http("/todos")
    }

    /// The web app's page accepting an invitation. The token rides in the fragment, which
    /// browsers never send to a server: it stays out of access logs and `Referer` headers.
    pub fn invitation_page(&self, token: &str) -> String {
        self.http(&format!("/invite#token={token}"))
    }

    /// The media stream call `call_sid` on a number connects its audio to. The call is in the
    /// path, so the signature of the upgrade is good for this one call only.
    pub fn media_stream(&self, phone_number_id: Uuid, call_sid: &str) -> String {
        self.ws(&format!("/twilio/stream/{phone_number_id}/{call_sid}"))
    }
}

fn join(base: &str, path: &str) -> String {
    if path.is_empty() || path.starts_with('/') {
        format!("{base}{path}")
    } else {
        format!("{base}/{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_deployments_use_http_and_ws() {
        let urls = PublicUrls::new("http://127.0.0.1:8080");
        assert!(!urls.is_https());
        assert_eq!(urls.voice_webhook(), "http://127.0.0.1:8080/twilio/voice");
        assert_eq!(urls.recording_callback(), "http://127.0.0.1:8080/twilio/recording");
        let id = Uuid::nil();
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 3, d).unwrap_or_default();
        assert_eq!(
            urls.calls_page(day(7), day(8)),
            "http://127.0.0.1:8080/calls?from=2026-03-07&to=2026-03-08"
        );
        assert_eq!(
            urls.media_stream(id, "CA0123"),
            "ws://127.0.0.1:8080/twilio/stream/00000000-0000-0000-0000-000000000000/CA0123"
        );
    }

    #[test]
    fn https_deployments_use_https_and_wss() {
        let urls = PublicUrls::new("https://voice.example.com");
        assert!(urls.is_https());
        assert_eq!(
            PublicUrls::new("https://voice.example.com/loquent").origin(),
            "https://voice.example.com"
        );
        assert_eq!(PublicUrls::new("http://127.0.0.1:8080").origin(), "http://127.0.0.1:8080");
        assert_eq!(urls.voice_webhook(), "https://voice.example.com/twilio/voice");
        assert_eq!(urls.ws("/twilio/stream/x"), "wss://voice.example.com/twilio/stream/x");
        assert_eq!(urls.invitation_page("ab.cd"), "https://voice.example.com/invite#token=ab.cd");
    }

    #[test]
    fn trailing_slashes_are_ignored() {
        for host in ["https://voice.example.com/", "https://voice.example.com//"] {
            let urls = PublicUrls::new(host);
            assert_eq!(urls.base(), "https://voice.example.com");
            assert_eq!(urls.recording_callback(), "https://voice.example.com/twilio/recording");
            assert_eq!(urls.ws("/twilio/stream/x"), "wss://voice.example.com/twilio/stream/x");
        }
    }

    #[test]
    fn paths_and_queries_are_kept_as_given() {
        let urls = PublicUrls::new("https://voice.example.com");
        assert_eq!(
            urls.http("/twilio/voice?a=1&b=2"),
            "https://voice.example.com/twilio/voice?a=1&b=2"
        );
        assert_eq!(urls.http("twilio/voice"), "https://voice.example.com/twilio/voice");
        assert_eq!(urls.http(""), "https://voice.example.com");
    }

    #[test]
    fn a_base_path_is_kept() {
        let urls = PublicUrls::new("https://example.com/loquent/");
        assert_eq!(urls.voice_webhook(), "https://example.com/loquent/twilio/voice");
        assert_eq!(urls.ws("/twilio/stream/x"), "wss://example.com/loquent/twilio/stream/x");
    }
}
