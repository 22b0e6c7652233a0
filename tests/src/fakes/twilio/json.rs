//! The JSON Twilio answers with, shaped after the examples in Twilio's OpenAPI description
//! (`twilio_api_v2010.json`): field names, `null` versus `""`, RFC 2822 dates, relative URIs.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::state::{AccountRow, AvailableNumber, NumberRow, TwilioError, format_national};

pub(super) const API: &str = "/2010-04-01";

/// Twilio's date format, e.g. `Thu, 30 Jul 2015 20:00:00 +0000`.
fn date(at: DateTime<Utc>) -> String {
    at.to_rfc2822()
}

pub(super) fn error(error: &TwilioError) -> Value {
    json!({
        "code": error.code,
        "message": error.message,
        "more_info": format!("https://www.twilio.com/docs/errors/{}", error.code),
        "status": error.status,
    })
}

pub(super) fn account(row: &AccountRow) -> Value {
    let a = &row.account;
    let base = format!("{API}/Accounts/{}", a.sid);
    let sub = |name: &str| format!("{base}/{name}.json");
    json!({
        "auth_token": a.auth_token,
        "date_created": date(row.created),
        "date_updated": date(row.created),
        "friendly_name": a.friendly_name,
        "owner_account_sid": a.owner_account_sid,
        "sid": a.sid,
        "status": "active",
        "subresource_uris": {
            "available_phone_numbers": sub("AvailablePhoneNumbers"),
            "calls": sub("Calls"),
            "conferences": sub("Conferences"),
            "incoming_phone_numbers": sub("IncomingPhoneNumbers"),
            "notifications": sub("Notifications"),
            "outgoing_caller_ids": sub("OutgoingCallerIds"),
            "recordings": sub("Recordings"),
            "transcriptions": sub("Transcriptions"),
            "addresses": sub("Addresses"),
            "signing_keys": sub("SigningKeys"),
            "connect_apps": sub("ConnectApps"),
            "sip": sub("SIP"),
            "authorized_connect_apps": sub("AuthorizedConnectApps"),
            "usage": sub("Usage"),
            "keys": sub("Keys"),
            "applications": sub("Applications"),
            "short_codes": sub("SMS/ShortCodes"),
            "queues": sub("Queues"),
            "messages": sub("Messages"),
            "balance": sub("Balance"),
        },
        "type": "Full",
        "uri": format!("{base}.json"),
    })
}

/// Where a pool number is, for the fields a search result carries besides the number.
struct Place {
    lata: &'static str,
    rate_center: String,
    latitude: &'static str,
    longitude: &'static str,
    postal_code: &'static str,
}

/// Plausible geography for the places the seeds use; anywhere else gets neutral values.
fn place(locality: &str, region: &str) -> Place {
    let known = |lata, rate_center: &str, latitude, longitude, postal_code| Place {
        lata,
        rate_center: rate_center.to_string(),
        latitude,
        longitude,
        postal_code,
    };
    match (locality, region) {
        ("San Francisco", "CA") => known("722", "SNFC CNTL", "37.774900", "-122.419400", "94103"),
        ("New York", "NY") => known("132", "NWYRCYZN01", "40.712800", "-74.006000", "10001"),
        _ => Place {
            lata: "",
            rate_center: locality.to_ascii_uppercase(),
            latitude: "0.000000",
            longitude: "0.000000",
            postal_code: "",
        },
    }
}

/// An entry of `available_phone_numbers`. Capability keys are lowercase as in the spec's
/// examples (which have no `fax` here; it is added, `false`, as on IncomingPhoneNumber). Twilio's
/// own Java SDK reads `MMS`/`SMS` in upper case, so a client had better accept both spellings.
/// Latitude and longitude are strings, as in the examples, although the schema says `number`.
pub(super) fn available(n: &AvailableNumber) -> Value {
    let place = place(&n.locality, &n.region);
    json!({
        "address_requirements": "none",
        "beta": false,
        "capabilities": {"mms": true, "sms": true, "voice": true, "fax": false},
        "friendly_name": format_national(&n.phone_number),
        "iso_country": "US",
        "lata": place.lata,
        "latitude": place.latitude,
        "locality": n.locality,
        "longitude": place.longitude,
        "phone_number": n.phone_number,
        "postal_code": place.postal_code,
        "rate_center": place.rate_center,
        "region": n.region,
    })
}

/// An IncomingPhoneNumber. Unset URLs and application SIDs follow the spec's list example:
/// `voice_url`/`voice_fallback_url` are `null`, the SMS ones `""`.
pub(super) fn incoming(row: &NumberRow) -> Value {
    let n = &row.number;
    json!({
        "account_sid": n.account_sid,
        "address_requirements": "none",
        "address_sid": null,
        "api_version": "2010-04-01",
        "beta": false,
        "capabilities": {"voice": true, "sms": true, "mms": true, "fax": false},
        "date_created": date(row.created),
        "date_updated": date(row.updated),
        "emergency_status": "Inactive",
        "emergency_address_sid": null,
        "emergency_address_status": "unregistered",
        "friendly_name": n.friendly_name,
        "identity_sid": null,
        "origin": "twilio",
        "phone_number": n.phone_number,
        "sid": n.sid,
        "sms_application_sid": "",
        "sms_fallback_method": "POST",
        "sms_fallback_url": "",
        "sms_method": "POST",
        "sms_url": "",
        "status_callback": "",
        "status_callback_method": "POST",
        "trunk_sid": null,
        "uri": format!("{API}/Accounts/{}/IncomingPhoneNumbers/{}.json", n.account_sid, n.sid),
        "voice_application_sid": "",
        "voice_caller_id_lookup": false,
        "voice_fallback_method": "POST",
        "voice_fallback_url": null,
        "voice_method": n.voice_method,
        "voice_url": n.voice_url,
        "bundle_sid": null,
        "voice_receive_mode": "voice",
        "status": "in-use",
        "type": "local",
    })
}

/// One page of a list resource and the links around it.
pub(super) struct Page<'a> {
    /// The list's path, e.g. `/2010-04-01/Accounts/AC…/IncomingPhoneNumbers.json`.
    pub path: &'a str,
    /// The filters the client sent, repeated in every link so that following one keeps them.
    pub filters: Vec<(&'a str, String)>,
    pub page: usize,
    pub page_size: usize,
    /// Offset of the page's first item in the whole filtered list.
    pub start: usize,
    /// The token of the request, echoed in `uri`.
    pub token: Option<String>,
    /// The token that continues after this page; `None` on the last page.
    pub next_token: Option<String>,
}

impl Page<'_> {
    fn link(&self, page: usize, token: Option<&str>) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.filters {
            query.append_pair(name, value);
        }
        query.append_pair("PageSize", &self.page_size.to_string());
        query.append_pair("Page", &page.to_string());
        if let Some(token) = token {
            query.append_pair("PageToken", token);
        }
        format!("{}?{}", self.path, query.finish())
    }

    /// The list envelope around `items` under `key`. Links are relative to the host, as
    /// Twilio's are (they start with `/2010-04-01/`).
    pub fn envelope(&self, key: &str, items: Vec<Value>) -> Value {
        let end = (self.start + items.len()).saturating_sub(1).max(self.start);
        let next = self.next_token.as_deref().map(|token| self.link(self.page + 1, Some(token)));
        let previous = self.page.checked_sub(1).map(|page| self.link(page, None));
        let mut envelope = json!({
            "end": end,
            "first_page_uri": self.link(0, None),
            "next_page_uri": next,
            "page": self.page,
            "page_size": self.page_size,
            "previous_page_uri": previous,
            "start": self.start,
            "uri": self.link(self.page, self.token.as_deref()),
        });
        envelope[key] = Value::Array(items);
        envelope
    }
}
