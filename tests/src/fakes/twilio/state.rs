//! What the fake Twilio remembers, and the rules that change it. No HTTP in here: the routes
//! translate requests into these calls, so the rules can be read (and changed) in one place.

use chrono::{DateTime, Utc};

/// A Twilio account: a top-level one (its own owner) or a subaccount (owned by its parent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub sid: String,
    pub auth_token: String,
    pub owner_account_sid: String,
    pub friendly_name: String,
}

/// A phone number an account owns (Twilio's IncomingPhoneNumber).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingNumber {
    pub sid: String,
    pub account_sid: String,
    pub phone_number: String,
    pub friendly_name: String,
    pub voice_url: Option<String>,
    pub voice_method: Option<String>,
}

/// One request as the fake received it, before any answer was decided.
/// A change to a live call: `Status=completed` (hang up) or `Twiml=` (e.g. a transfer's `<Dial>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallUpdate {
    pub account_sid: String,
    pub call_sid: String,
    pub form: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// The raw query string, without the `?`.
    pub query: String,
    /// The decoded `application/x-www-form-urlencoded` body; empty for any other body.
    pub form: Vec<(String, String)>,
    /// The Basic-auth username (an AccountSid), whether or not the password was right.
    pub auth_user: Option<String>,
}

impl RecordedRequest {
    /// Whether the request could have changed something at Twilio (and so cost money or state).
    pub fn is_write(&self) -> bool {
        matches!(self.method.as_str(), "POST" | "PUT" | "DELETE")
    }
}

/// A recording's media as the test gave it: the MP3, and optionally the PCM a `.wav` renders
/// (the fake encodes no MP3 and decodes none, so each format comes from the test).
pub struct StoredRecording {
    pub mp3: Vec<u8>,
    /// Sample rate and channels (one sample list each); two for a dual-channel recording.
    pub pcm: Option<(u32, Vec<Vec<i16>>)>,
}

impl StoredRecording {
    /// How many channels the recording was made with.
    pub fn channels(&self) -> usize {
        self.pcm.as_ref().map_or(1, |(_, channels)| channels.len())
    }
}

/// A Twilio error answer: HTTP status plus Twilio's own error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwilioError {
    pub status: u16,
    pub code: u32,
    pub message: String,
}

impl TwilioError {
    pub fn new(status: u16, code: u32, message: impl Into<String>) -> TwilioError {
        TwilioError { status, code, message: message.into() }
    }

    /// Twilio's answer to missing or wrong credentials, and to an account one may not act on.
    pub fn authenticate() -> TwilioError {
        TwilioError::new(401, 20003, "Authenticate")
    }

    pub fn not_found(path: &str) -> TwilioError {
        TwilioError::new(404, 20404, format!("The requested resource {path} was not found"))
    }

    pub fn bad_request(code: u32, message: impl Into<String>) -> TwilioError {
        TwilioError::new(400, code, message)
    }
}

pub(super) struct AccountRow {
    pub account: Account,
    pub created: DateTime<Utc>,
}

/// A number in the pool that AvailablePhoneNumbers searches and IncomingPhoneNumbers buys from.
#[derive(Debug, Clone)]
pub(super) struct AvailableNumber {
    pub phone_number: String,
    pub locality: String,
    pub region: String,
}

impl AvailableNumber {
    /// The three digits after `+1`, for NANP numbers.
    pub fn area_code(&self) -> Option<&str> {
        area_code(&self.phone_number)
    }
}

pub(super) struct NumberRow {
    pub number: IncomingNumber,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
}

struct Failure {
    method: String,
    path_suffix: String,
    error: TwilioError,
}

/// What a purchase asks for: a given number, or any available one in an area code.
pub(super) struct Purchase {
    pub phone_number: Option<String>,
    pub area_code: Option<String>,
    pub friendly_name: Option<String>,
    pub voice_url: Option<String>,
    pub voice_method: Option<String>,
}

/// The fields an update may change; `None` leaves a field as it is.
pub(super) struct NumberUpdate {
    pub friendly_name: Option<String>,
    /// `Some("")` clears the voice URL, as on Twilio.
    pub voice_url: Option<String>,
    pub voice_method: Option<String>,
}

#[derive(Default)]
pub(super) struct State {
    pub accounts: Vec<AccountRow>,
    pub available: Vec<AvailableNumber>,
    pub numbers: Vec<NumberRow>,
    pub requests: Vec<RecordedRequest>,
    /// Recordings by (account SID, recording SID): what `…/Recordings/{RE}.mp3|.wav` serve.
    pub recordings: std::collections::HashMap<(String, String), StoredRecording>,
    /// Live-call updates received (`POST …/Calls/{CA}.json`): hang-ups and redirects.
    pub call_updates: Vec<CallUpdate>,
    /// TwiML Applications and API Keys.
    pub voice_apps: super::voice_apps::VoiceApps,
    /// How long every answer takes (Twilio's REST API answers in a few hundred milliseconds).
    pub latency: std::time::Duration,
    failures: Vec<Failure>,
}

/// A fresh SID: two-letter prefix and 32 hex digits, the shape of every Twilio SID.
pub(super) fn new_sid(prefix: &str) -> String {
    format!("{prefix}{}", uuid::Uuid::new_v4().simple())
}

/// The area code of a `+1NPANXXXXXX` number.
pub(super) fn area_code(phone_number: &str) -> Option<&str> {
    let digits = phone_number.strip_prefix("+1")?;
    (digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| &digits[..3])
}

/// How Twilio names a number by default: `+14155550123` → `(415) 555-0123`.
pub(super) fn format_national(phone_number: &str) -> String {
    match area_code(phone_number) {
        Some(npa) => format!("({npa}) {}-{}", &phone_number[5..8], &phone_number[8..]),
        None => phone_number.to_string(),
    }
}

/// Twilio's `PhoneNumber` list filter: a partial number matches anywhere, `*` stands for any digit.
fn phone_matches(pattern: &str, phone_number: &str) -> bool {
    let pattern = pattern.as_bytes();
    let number = phone_number.as_bytes();
    number.len() >= pattern.len()
        && number.windows(pattern.len()).any(|window| {
            window.iter().zip(pattern).all(|(n, p)| (*p == b'*' && n.is_ascii_digit()) || n == p)
        })
}

impl State {
    /// Creates an account; `owner` is `None` for a top-level account, which owns itself.
    pub fn create_account(&mut self, owner: Option<&str>, friendly_name: String) -> &AccountRow {
        let sid = new_sid("AC");
        let account = Account {
            owner_account_sid: owner.map_or_else(|| sid.clone(), str::to_string),
            sid,
            auth_token: uuid::Uuid::new_v4().simple().to_string(),
            friendly_name,
        };
        self.accounts.push(AccountRow { account, created: Utc::now() });
        let last = self.accounts.len() - 1;
        &self.accounts[last]
    }

    pub fn account(&self, sid: &str) -> Option<&AccountRow> {
        self.accounts.iter().find(|row| row.account.sid == sid)
    }

    /// The account whose SID and auth token these are.
    pub fn authenticate(&self, sid: &str, token: &str) -> Option<&AccountRow> {
        self.account(sid).filter(|row| row.account.auth_token == token)
    }

    /// An account may act on itself and, as on Twilio, its parent may act on it too.
    pub fn may_act_on(&self, actor_sid: &str, target_sid: &str) -> bool {
        self.account(target_sid).is_some_and(|row| {
            row.account.sid == actor_sid || row.account.owner_account_sid == actor_sid
        })
    }

    /// The pool's numbers in `area_code` (or all of them), in the order they were added. The pool
    /// only holds US numbers, so another country finds nothing, which Twilio answers with 200.
    pub fn search_local(&self, country: &str, area_code: Option<&str>) -> Vec<&AvailableNumber> {
        if !country.eq_ignore_ascii_case("US") {
            return Vec::new();
        }
        self.available
            .iter()
            .filter(|n| area_code.is_none_or(|wanted| n.area_code() == Some(wanted)))
            .collect()
    }

    /// Adds a number to `account_sid` without going through the pool (a number it already had).
    pub fn add_number(
        &mut self,
        account_sid: &str,
        phone_number: &str,
        friendly_name: &str,
        voice_url: Option<&str>,
    ) -> &NumberRow {
        self.insert_number(account_sid, phone_number, friendly_name, voice_url, "POST")
    }

    fn insert_number(
        &mut self,
        account_sid: &str,
        phone_number: &str,
        friendly_name: &str,
        voice_url: Option<&str>,
        voice_method: &str,
    ) -> &NumberRow {
        // A number has one owner: whatever path it arrives by, it leaves the pool.
        self.available.retain(|n| n.phone_number != phone_number);
        let now = Utc::now();
        self.numbers.push(NumberRow {
            number: IncomingNumber {
                sid: new_sid("PN"),
                account_sid: account_sid.to_string(),
                phone_number: phone_number.to_string(),
                friendly_name: friendly_name.to_string(),
                voice_url: voice_url.filter(|url| !url.is_empty()).map(str::to_string),
                voice_method: Some(voice_method.to_string()),
            },
            created: now,
            updated: now,
        });
        let last = self.numbers.len() - 1;
        &self.numbers[last]
    }

    /// Buys a number from the pool for `account_sid`, with Twilio's errors when it can't.
    pub fn buy(
        &mut self,
        account_sid: &str,
        purchase: Purchase,
    ) -> Result<&NumberRow, TwilioError> {
        let voice_method = purchase.voice_method.map(checked_method).transpose()?;
        let index = match (&purchase.phone_number, &purchase.area_code) {
            (Some(phone_number), _) => {
                self.available.iter().position(|n| &n.phone_number == phone_number).ok_or_else(
                    || TwilioError::bad_request(21422, "PhoneNumber requested is not available"),
                )?
            }
            (None, Some(area_code)) => self
                .available
                .iter()
                .position(|n| n.area_code() == Some(area_code.as_str()))
                .ok_or_else(|| {
                    TwilioError::bad_request(
                        21452,
                        format!("No phone numbers found in area code {area_code}"),
                    )
                })?,
            (None, None) => {
                return Err(TwilioError::bad_request(
                    21450,
                    "A 'PhoneNumber' or 'AreaCode' parameter is required to buy a phone number",
                ));
            }
        };
        let bought = self.available.remove(index);
        let friendly_name =
            purchase.friendly_name.unwrap_or_else(|| format_national(&bought.phone_number));
        Ok(self.insert_number(
            account_sid,
            &bought.phone_number,
            &friendly_name,
            purchase.voice_url.as_deref(),
            voice_method.as_deref().unwrap_or("POST"),
        ))
    }

    /// The numbers of `account_sid` matching the list filters, oldest first (a stable order
    /// keeps pages from shifting between requests).
    pub fn numbers_of(
        &self,
        account_sid: &str,
        phone_number: Option<&str>,
        friendly_name: Option<&str>,
    ) -> Vec<&NumberRow> {
        self.numbers
            .iter()
            .filter(|row| row.number.account_sid == account_sid)
            .filter(|row| phone_number.is_none_or(|p| phone_matches(p, &row.number.phone_number)))
            .filter(|row| friendly_name.is_none_or(|f| row.number.friendly_name == f))
            .collect()
    }

    pub fn number(&self, account_sid: &str, sid: &str) -> Option<&NumberRow> {
        self.numbers
            .iter()
            .find(|row| row.number.account_sid == account_sid && row.number.sid == sid)
    }

    fn number_mut(&mut self, account_sid: &str, sid: &str) -> Option<&mut NumberRow> {
        self.numbers
            .iter_mut()
            .find(|row| row.number.account_sid == account_sid && row.number.sid == sid)
    }

    /// Applies an update; `Ok(None)` when the account has no such number.
    pub fn update_number(
        &mut self,
        account_sid: &str,
        sid: &str,
        update: NumberUpdate,
    ) -> Result<Option<&NumberRow>, TwilioError> {
        let voice_method = update.voice_method.map(checked_method).transpose()?;
        let Some(row) = self.number_mut(account_sid, sid) else {
            return Ok(None);
        };
        if let Some(name) = update.friendly_name {
            row.number.friendly_name = name;
        }
        if let Some(url) = update.voice_url {
            row.number.voice_url = (!url.is_empty()).then_some(url);
        }
        if voice_method.is_some() {
            row.number.voice_method = voice_method;
        }
        row.updated = Utc::now();
        Ok(Some(row))
    }

    /// Releases a number (it does not go back to the pool: Twilio doesn't promise that either).
    pub fn delete_number(&mut self, account_sid: &str, sid: &str) -> bool {
        let before = self.numbers.len();
        self.numbers
            .retain(|row| !(row.number.account_sid == account_sid && row.number.sid == sid));
        self.numbers.len() != before
    }

    pub fn fail_next(&mut self, method: &str, path_suffix: &str, error: TwilioError) {
        self.failures.push(Failure {
            method: method.to_ascii_uppercase(),
            path_suffix: path_suffix.to_string(),
            error,
        });
    }

    /// The first planned failure this request matches, used up.
    pub fn take_failure(&mut self, method: &str, path: &str) -> Option<TwilioError> {
        let index = self.failures.iter().position(|f| {
            f.method.eq_ignore_ascii_case(method) && path.ends_with(f.path_suffix.as_str())
        })?;
        Some(self.failures.remove(index).error)
    }
}

/// Twilio accepts only GET and POST for webhook methods.
fn checked_method(method: String) -> Result<String, TwilioError> {
    let upper = method.to_ascii_uppercase();
    if upper == "GET" || upper == "POST" {
        Ok(upper)
    } else {
        Err(TwilioError::bad_request(
            21205,
            format!("VoiceMethod must be GET or POST, not {method}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_nanp_numbers_like_twilio() {
        assert_eq!(format_national("+14155550123"), "(415) 555-0123");
        assert_eq!(format_national("+442071838750"), "+442071838750");
        assert_eq!(area_code("+12125550100"), Some("212"));
        assert_eq!(area_code("+1212555010"), None);
    }

    #[test]
    fn phone_filter_matches_partial_numbers_and_wildcards() {
        assert!(phone_matches("+14155550101", "+14155550101"));
        assert!(phone_matches("5550101", "+14155550101"));
        assert!(phone_matches("415*55", "+14155550101"));
        assert!(!phone_matches("+12125550101", "+14155550101"));
        assert!(!phone_matches("*+", "+14155550101"));
    }
}
