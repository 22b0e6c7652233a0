//! The HTTP side. Every request lands in [`handle`], which goes through the steps in Twilio's
//! order: record it, serve a planned failure, authenticate, find the resource, check the body
//! encoding and the account in the path, then act.

use std::sync::{Mutex, MutexGuard, PoisonError};

use actix_web::http::StatusCode;
use actix_web::http::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use base64::Engine;
use chrono::Utc;
use serde_json::Value;

use super::json::{self, API, Page};
use super::state::{NumberRow, NumberUpdate, Purchase, RecordedRequest, State, TwilioError};

type Pairs = [(String, String)];

/// A poisoned lock only means a test panicked while holding it; the state is still usable.
pub(super) fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The request, decoded once: what the steps below need and what `requests()` shows.
struct Call {
    method: String,
    path: String,
    raw_query: String,
    query: Vec<(String, String)>,
    body: Body,
    /// The Basic-auth pair, when the header is there and decodes.
    credentials: Option<(String, String)>,
}

enum Body {
    Form(Vec<(String, String)>),
    /// Anything but a form, described for the error message.
    Other(String),
}

/// Status and JSON body; `None` for 204.
type Reply = (u16, Option<Value>);

pub(super) async fn handle(
    req: HttpRequest,
    body: Bytes,
    state: web::Data<Mutex<State>>,
) -> HttpResponse {
    let latency = lock(&state).latency;
    let response = answer(&req, &body, &state);
    // Recorded and acted on at once; answered only after the latency, as a slow API would.
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    response
}

fn answer(req: &HttpRequest, body: &Bytes, state: &Mutex<State>) -> HttpResponse {
    let call = decode(req, body);
    let reply = {
        let mut state = lock(state);
        state.requests.push(RecordedRequest {
            method: call.method.clone(),
            path: call.path.clone(),
            query: call.raw_query.clone(),
            form: match &call.body {
                Body::Form(pairs) => pairs.clone(),
                Body::Other(_) => Vec::new(),
            },
            auth_user: call.credentials.as_ref().map(|(user, _)| user.clone()),
        });
        if let Some(update) = call_update(&mut state, &call) {
            return match update {
                Ok(json) => render((200, Some(json))),
                Err(e) => render((e.status, Some(json::error(&e)))),
            };
        }
        if let Some(media) = recording_media(&mut state, &call) {
            return match media {
                Ok((content_type, audio)) => {
                    HttpResponse::Ok().content_type(content_type).body(audio)
                }
                Err(e) => render((e.status, Some(json::error(&e)))),
            };
        }
        respond(&mut state, &call).unwrap_or_else(|e| (e.status, Some(json::error(&e))))
    };
    render(reply)
}

/// `POST /Accounts/{A}/Calls/{CA}.json`: changes a live call. Recorded for the tests; answers
/// with the call resource (Twilio's shape, trimmed).
fn call_update(state: &mut State, call: &Call) -> Option<Result<Value, TwilioError>> {
    let rest = call.path.strip_prefix(API)?.strip_prefix('/')?;
    let ["Accounts", account, "Calls", file] = rest.split('/').collect::<Vec<_>>()[..] else {
        return None;
    };
    let call_sid = file.strip_suffix(".json")?;
    if call.method != "POST" {
        return None;
    }
    Some((|| {
        if let Some(error) = state.take_failure(&call.method, &call.path) {
            return Err(error);
        }
        let (user, token) = call.credentials.as_ref().ok_or_else(TwilioError::authenticate)?;
        let me = state
            .authenticate(user, token)
            .ok_or_else(TwilioError::authenticate)?
            .account
            .sid
            .clone();
        if !state.may_act_on(&me, account) {
            return Err(TwilioError::authenticate());
        }
        let Body::Form(form) = &call.body else {
            return Err(TwilioError::bad_request(
                20001,
                "The request body must be application/x-www-form-urlencoded",
            ));
        };
        let status = form
            .iter()
            .find(|(k, _)| k == "Status")
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| "in-progress".into());
        state.call_updates.push(super::state::CallUpdate {
            account_sid: account.to_string(),
            call_sid: call_sid.to_string(),
            form: form.clone(),
        });
        Ok(serde_json::json!({
            "sid": call_sid, "account_sid": account, "status": status,
            "uri": format!("{API}/Accounts/{account}/Calls/{call_sid}.json")
        }))
    })())
}

/// `GET /Accounts/{A}/Recordings/{RE}.mp3` or `.wav`: a recording's audio (binary, so outside
/// the JSON router), with its content type. `RequestedChannels` (1 or 2; by default as
/// recorded) downmixes a dual-channel recording's WAV to mono, or keeps its two channels; two
/// of a mono recording is Twilio's error 16113. `None` for any other request.
fn recording_media(
    state: &mut State,
    call: &Call,
) -> Option<Result<(&'static str, Vec<u8>), TwilioError>> {
    let rest = call.path.strip_prefix(API)?.strip_prefix('/')?;
    let ["Accounts", account, "Recordings", file] = rest.split('/').collect::<Vec<_>>()[..] else {
        return None;
    };
    let (sid, wav) = match file.rsplit_once('.')? {
        (sid, "mp3") => (sid, false),
        (sid, "wav") => (sid, true),
        _ => return None,
    };
    if call.method != "GET" {
        return None;
    }
    Some((|| {
        if let Some(error) = state.take_failure(&call.method, &call.path) {
            return Err(error);
        }
        let (user, token) = call.credentials.as_ref().ok_or_else(TwilioError::authenticate)?;
        let me = state
            .authenticate(user, token)
            .ok_or_else(TwilioError::authenticate)?
            .account
            .sid
            .clone();
        if !state.may_act_on(&me, account) {
            return Err(TwilioError::authenticate());
        }
        let recording = state
            .recordings
            .get(&(account.to_string(), sid.to_string()))
            .ok_or_else(|| TwilioError::not_found(&call.path))?;
        let requested = match param(&call.query, "RequestedChannels") {
            None => recording.channels(),
            Some("1") => 1,
            Some("2") => 2,
            Some(other) => {
                return Err(TwilioError::bad_request(
                    20001,
                    format!("Invalid RequestedChannels {other:?}: must be 1 or 2"),
                ));
            }
        };
        if requested > recording.channels() {
            return Err(TwilioError::bad_request(
                16113,
                "Cannot download a dual-channel presentation of a mono recording",
            ));
        }
        if !wav {
            return Ok(("audio/mpeg", recording.mp3.clone()));
        }
        let Some((rate, channels)) = &recording.pcm else {
            return Err(TwilioError::new(
                500,
                20500,
                "The fake holds this recording as MP3 only: add it with add_recording_with_wav",
            ));
        };
        let audio = if requested == channels.len() {
            let refs: Vec<&[i16]> = channels.iter().map(Vec::as_slice).collect();
            crate::audio::wav(&refs, *rate)
        } else {
            crate::audio::wav(&[&downmix(channels)], *rate)
        };
        Ok(("audio/x-wav", audio))
    })())
}

/// The channels mixed into one, as Twilio renders a dual-channel recording asked for one.
fn downmix(channels: &[Vec<i16>]) -> Vec<i16> {
    let len = channels.first().map_or(0, Vec::len);
    (0..len)
        .map(|i| {
            let sum: i32 = channels.iter().map(|c| i32::from(c[i])).sum();
            (sum / channels.len() as i32) as i16
        })
        .collect()
}

fn decode(req: &HttpRequest, body: &Bytes) -> Call {
    let content_type = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let is_form = content_type.is_some_and(|ct| {
        ct.split(';').next().is_some_and(|mime| {
            mime.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
    });
    // A body-less request without a Content-Type is an empty form: there is nothing mis-encoded.
    let body = match (is_form, content_type) {
        (true, _) => Body::Form(form_urlencoded::parse(body).into_owned().collect()),
        (false, None) if body.is_empty() => Body::Form(Vec::new()),
        (false, Some(ct)) => Body::Other(ct.to_string()),
        (false, None) => Body::Other("a body without Content-Type".to_string()),
    };
    let credentials = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64.trim()).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|pair| pair.split_once(':').map(|(u, p)| (u.to_string(), p.to_string())));
    Call {
        method: req.method().as_str().to_string(),
        path: req.path().to_string(),
        raw_query: req.query_string().to_string(),
        query: form_urlencoded::parse(req.query_string().as_bytes()).into_owned().collect(),
        body,
        credentials,
    }
}

fn render((status, body): Reply) -> HttpResponse {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = HttpResponse::build(status);
    response.insert_header(("Twilio-Request-Id", super::state::new_sid("RQ")));
    if status == StatusCode::UNAUTHORIZED {
        response.insert_header((WWW_AUTHENTICATE, "Basic realm=\"Twilio API\""));
    }
    match body {
        Some(body) => {
            response.content_type("application/json; charset=utf-8").body(body.to_string())
        }
        None => response.finish(),
    }
}

/// The resources the fake knows, by path under `/2010-04-01`.
enum Route<'a> {
    Accounts,
    Account(&'a str),
    AvailableLocal { account: &'a str, country: &'a str },
    Numbers(&'a str),
    Number { account: &'a str, sid: &'a str },
    Applications(&'a str),
    Keys(&'a str),
}

impl<'a> Route<'a> {
    fn parse(path: &'a str) -> Option<Route<'a>> {
        let rest = path.strip_prefix(API)?.strip_prefix('/')?;
        let segments: Vec<&str> = rest.split('/').collect();
        let json = |segment: &'a str| segment.strip_suffix(".json").filter(|s| !s.is_empty());
        let route = match segments.as_slice() {
            ["Accounts.json"] => Route::Accounts,
            ["Accounts", sid] => Route::Account(json(sid)?),
            ["Accounts", account, "AvailablePhoneNumbers", country, "Local.json"] => {
                Route::AvailableLocal { account, country }
            }
            ["Accounts", account, "IncomingPhoneNumbers.json"] => Route::Numbers(account),
            ["Accounts", account, "IncomingPhoneNumbers", sid] => {
                Route::Number { account, sid: json(sid)? }
            }
            ["Accounts", account, "Applications.json"] => Route::Applications(account),
            ["Accounts", account, "Keys.json"] => Route::Keys(account),
            _ => return None,
        };
        Some(route)
    }

    /// The account in the path, which the caller must be allowed to act on.
    fn account(&self) -> Option<&'a str> {
        match *self {
            Route::Accounts => None,
            Route::Account(sid) => Some(sid),
            Route::AvailableLocal { account, .. }
            | Route::Numbers(account)
            | Route::Number { account, .. }
            | Route::Applications(account)
            | Route::Keys(account) => Some(account),
        }
    }
}

fn respond(state: &mut State, call: &Call) -> Result<Reply, TwilioError> {
    if let Some(error) = state.take_failure(&call.method, &call.path) {
        return Err(error);
    }
    let (user, token) = call.credentials.as_ref().ok_or_else(TwilioError::authenticate)?;
    let me = state.authenticate(user, token).ok_or_else(TwilioError::authenticate)?;
    let me = me.account.sid.clone();

    let not_found = || TwilioError::not_found(&call.path);
    let route = Route::parse(&call.path).ok_or_else(not_found)?;
    let form: &Pairs = match &call.body {
        Body::Form(pairs) => pairs,
        Body::Other(kind) if call.method == "POST" => {
            return Err(TwilioError::bad_request(
                20001,
                format!("The request body must be application/x-www-form-urlencoded, not {kind}"),
            ));
        }
        Body::Other(_) => &[],
    };
    // Twilio answers an account you may not use exactly as it answers bad credentials.
    if route.account().is_some_and(|account| !state.may_act_on(&me, account)) {
        return Err(TwilioError::authenticate());
    }

    let query = &call.query;
    match (call.method.as_str(), route) {
        ("POST", Route::Accounts) => Ok(create_subaccount(state, &me, form)),
        ("GET", Route::Account(sid)) => {
            let row = state.account(sid).ok_or_else(not_found)?;
            Ok((200, Some(json::account(row))))
        }
        ("GET", Route::AvailableLocal { country, .. }) => {
            search_local(state, &call.path, country, query)
        }
        ("GET", Route::Numbers(account)) => list_numbers(state, &call.path, account, query),
        ("POST", Route::Numbers(account)) => {
            let row = state.buy(account, purchase(form))?;
            Ok((201, Some(json::incoming(row))))
        }
        ("GET", Route::Number { account, sid }) => {
            let row = state.number(account, sid).ok_or_else(not_found)?;
            Ok((200, Some(json::incoming(row))))
        }
        ("POST", Route::Number { account, sid }) => {
            let update = NumberUpdate {
                friendly_name: param(form, "FriendlyName").map(str::to_string),
                voice_url: param(form, "VoiceUrl").map(str::to_string),
                voice_method: param(form, "VoiceMethod").map(str::to_string),
            };
            let row = state.update_number(account, sid, update)?.ok_or_else(not_found)?;
            Ok((200, Some(json::incoming(row))))
        }
        ("POST", Route::Applications(account)) => {
            Ok((201, Some(state.voice_apps.create_application(account, form)?)))
        }
        ("POST", Route::Keys(account)) => {
            Ok((201, Some(state.voice_apps.create_key(account, form)?)))
        }
        ("DELETE", Route::Number { account, sid }) => {
            if state.delete_number(account, sid) {
                Ok((204, None))
            } else {
                Err(not_found())
            }
        }
        _ => Err(not_found()),
    }
}

/// The first value of `name`; Twilio's parameter names are case-sensitive.
fn param<'a>(pairs: &'a Pairs, name: &str) -> Option<&'a str> {
    pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
}

fn create_subaccount(state: &mut State, owner: &str, form: &Pairs) -> Reply {
    let friendly_name = param(form, "FriendlyName").map_or_else(
        || format!("SubAccount Created at {}", Utc::now().format("%Y-%m-%d %I:%M %P")),
        str::to_string,
    );
    let row = state.create_account(Some(owner), friendly_name);
    (201, Some(json::account(row)))
}

fn purchase(form: &Pairs) -> Purchase {
    let get = |name| param(form, name).map(str::to_string);
    Purchase {
        phone_number: get("PhoneNumber"),
        area_code: get("AreaCode"),
        friendly_name: get("FriendlyName"),
        voice_url: get("VoiceUrl"),
        voice_method: get("VoiceMethod"),
    }
}

/// `Page` and `PageSize` as Twilio bounds them (PageSize 1–1000, default 50).
fn paging(query: &Pairs) -> Result<(usize, usize), TwilioError> {
    let number = |name: &str, default: usize, valid: fn(usize) -> bool| match param(query, name) {
        None => Ok(default),
        Some(raw) => raw
            .parse()
            .ok()
            .filter(|n| valid(*n))
            .ok_or_else(|| TwilioError::bad_request(20001, format!("Invalid {name}: {raw}"))),
    };
    let page_size = number("PageSize", 50, |n| (1..=1000).contains(&n))?;
    let page = number("Page", 0, |_| true)?;
    Ok((page, page_size))
}

/// The spec's examples answer this search with just `uri` and `available_phone_numbers`: no
/// paging fields, since a search is not a list one pages through. `PageSize` caps the results.
fn search_local(
    state: &State,
    path: &str,
    country: &str,
    query: &Pairs,
) -> Result<Reply, TwilioError> {
    let (_, page_size) = paging(query)?;
    let found = state.search_local(country, param(query, "AreaCode"));
    let items: Vec<Value> = found.into_iter().take(page_size).map(json::available).collect();
    Ok((200, Some(serde_json::json!({"available_phone_numbers": items, "uri": path}))))
}

/// A page of the account's numbers. Like Twilio, the next page's link carries a `PageToken`
/// (`PA` + the last SID shown), and a request with one continues after that SID; without one,
/// `Page` × `PageSize` is the offset.
fn list_numbers(
    state: &State,
    path: &str,
    account: &str,
    query: &Pairs,
) -> Result<Reply, TwilioError> {
    let (page, page_size) = paging(query)?;
    let phone_number = param(query, "PhoneNumber");
    let friendly_name = param(query, "FriendlyName");
    let rows = state.numbers_of(account, phone_number, friendly_name);
    let token = param(query, "PageToken");
    let after_token = token
        .and_then(|t| t.strip_prefix("PA"))
        .and_then(|sid| rows.iter().position(|row| row.number.sid == sid))
        .map(|index| index + 1);
    let start = after_token.unwrap_or_else(|| page.saturating_mul(page_size)).min(rows.len());
    let shown: Vec<&NumberRow> = rows.iter().skip(start).take(page_size).copied().collect();
    let next_token = shown
        .last()
        .filter(|_| start + shown.len() < rows.len())
        .map(|row| format!("PA{}", row.number.sid));

    let mut filters = Vec::new();
    if let Some(name) = friendly_name {
        filters.push(("FriendlyName", name.to_string()));
    }
    if let Some(number) = phone_number {
        filters.push(("PhoneNumber", number.to_string()));
    }
    let page = Page {
        path,
        filters,
        page,
        page_size,
        start,
        token: token.map(str::to_string),
        next_token,
    };
    let items = shown.into_iter().map(json::incoming).collect();
    Ok((200, Some(page.envelope("incoming_phone_numbers", items))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_known_paths_and_nothing_else() {
        let ac = "AC0123456789abcdef0123456789abcdef";
        assert!(matches!(Route::parse("/2010-04-01/Accounts.json"), Some(Route::Accounts)));
        assert!(matches!(
            Route::parse(&format!("/2010-04-01/Accounts/{ac}.json")),
            Some(Route::Account(sid)) if sid == ac
        ));
        assert!(matches!(
            Route::parse(&format!("/2010-04-01/Accounts/{ac}/AvailablePhoneNumbers/US/Local.json")),
            Some(Route::AvailableLocal { country: "US", .. })
        ));
        assert!(matches!(
            Route::parse(&format!("/2010-04-01/Accounts/{ac}/IncomingPhoneNumbers/PN1.json")),
            Some(Route::Number { sid: "PN1", .. })
        ));
        assert!(Route::parse("/2010-04-01/Accounts/.json").is_none());
        assert!(Route::parse(&format!("/2010-04-01/Accounts/{ac}/Calls.json")).is_none());
        assert!(Route::parse("/2010-04-01Accounts.json").is_none());
        assert!(Route::parse("/v1/Accounts.json").is_none());
    }
}
