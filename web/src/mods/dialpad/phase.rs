//! Where the dial pad's call stands, from what the Voice SDK reports, and how that reads.

/// What the phone (`web/js/voice.mjs`) reports: its `{ kind, reason, code }` events.
#[derive(Debug, Clone, PartialEq)]
pub enum PhoneEvent {
    Connecting,
    Ringing,
    InCall,
    Ended,
    Failed {
        reason: String,
        code: Option<u32>,
    },
    Muted(bool),
    /// A token for the call in progress couldn't be refreshed (the call goes on).
    TokenFailed(String),
}

impl PhoneEvent {
    pub fn parse(kind: &str, reason: Option<String>, code: Option<u32>) -> Option<PhoneEvent> {
        Some(match kind {
            "connecting" => PhoneEvent::Connecting,
            "ringing" => PhoneEvent::Ringing,
            "in-call" => PhoneEvent::InCall,
            "ended" => PhoneEvent::Ended,
            "failed" => PhoneEvent::Failed { reason: reason.unwrap_or_default(), code },
            "muted" => PhoneEvent::Muted(true),
            "unmuted" => PhoneEvent::Muted(false),
            "token-failed" => PhoneEvent::TokenFailed(reason.unwrap_or_default()),
            _ => return None,
        })
    }
}

/// The dial pad's call, from opening the pad to the end of a call.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Fetching the SDK and a token.
    Preparing,
    /// Browser calling can't be used here (no Twilio account, the SDK couldn't be fetched): why.
    Unavailable(String),
    Ready,
    Connecting,
    Ringing,
    /// Talking since `since` (milliseconds, `Date.now()`).
    InCall {
        since: f64,
    },
    /// The last call ended after `lasted` seconds (`None`: it never connected).
    Ended {
        lasted: Option<u32>,
    },
    Failed {
        reason: String,
        code: Option<u32>,
    },
}

impl Phase {
    /// The phase after `event`, at `now` (milliseconds).
    pub fn after(&self, event: &PhoneEvent, now: f64) -> Phase {
        match event {
            PhoneEvent::Connecting => Phase::Connecting,
            PhoneEvent::Ringing => Phase::Ringing,
            PhoneEvent::InCall => match self {
                Phase::InCall { since } => Phase::InCall { since: *since },
                _ => Phase::InCall { since: now },
            },
            PhoneEvent::Ended => Phase::Ended {
                lasted: match self {
                    Phase::InCall { since } => Some(seconds_between(*since, now)),
                    _ => None,
                },
            },
            PhoneEvent::Failed { reason, code } => {
                Phase::Failed { reason: reason.clone(), code: *code }
            }
            PhoneEvent::Muted(_) | PhoneEvent::TokenFailed(_) => self.clone(),
        }
    }

    /// A call is being placed or going on: hang up is what the pad offers.
    pub fn on_call(&self) -> bool {
        matches!(self, Phase::Connecting | Phase::Ringing | Phase::InCall { .. })
    }

    /// The status in words, as the pad shows it; `now` (milliseconds) runs the call's timer.
    pub fn words(&self, now: f64) -> String {
        match self {
            Phase::Preparing => "Getting ready…".to_owned(),
            Phase::Unavailable(_) => "Calling isn't available".to_owned(),
            Phase::Ready => "Ready to call".to_owned(),
            Phase::Connecting => "Connecting…".to_owned(),
            Phase::Ringing => "Ringing…".to_owned(),
            Phase::InCall { since } => format!("In call · {}", clock(seconds_between(*since, now))),
            Phase::Ended { lasted: Some(secs) } => format!("Call ended · {}", clock(*secs)),
            Phase::Ended { lasted: None } => "Call ended".to_owned(),
            Phase::Failed { .. } => "Call failed".to_owned(),
        }
    }

    /// Why, when the phase has a reason to give.
    pub fn reason(&self) -> Option<String> {
        match self {
            Phase::Unavailable(why) => Some(why.clone()),
            Phase::Failed { reason, code: Some(code) } => {
                Some(format!("{} (Twilio error {code}).", sentence(reason).trim_end_matches('.')))
            }
            Phase::Failed { reason, code: None } => Some(sentence(reason)),
            _ => None,
        }
    }

    /// Something went wrong (the status reads as an alert).
    pub fn is_trouble(&self) -> bool {
        matches!(self, Phase::Unavailable(_) | Phase::Failed { .. })
    }
}

/// Why Loquent gave no access token (the envelope's code and message), in words for the person
/// at the dial pad.
pub fn why_no_token(code: &str, message: &str) -> String {
    match code {
        "twilio_not_configured" => {
            "Connect a Twilio account in Settings → Telephony to call from the browser.".to_owned()
        }
        "forbidden" => "Your role can't place calls. Ask an admin of your organization.".to_owned(),
        _ => format!("Loquent couldn't get you ready to call: {message}"),
    }
}

fn seconds_between(since: f64, now: f64) -> u32 {
    // Whole seconds of a call: far inside u32, and never negative.
    ((now - since).max(0.0) / 1000.0).floor() as u32
}

/// "0:07", "12:34", "1:02:03".
pub fn clock(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") }
}

/// The SDK's explanations start in lower case at times and end without a full stop.
fn sentence(text: &str) -> String {
    let text = text.trim().trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => "The call couldn't be placed.".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_goes_connecting_ringing_in_call_ended_with_its_length() {
        let phase = Phase::Ready.after(&PhoneEvent::Connecting, 0.0);
        assert_eq!(phase.words(0.0), "Connecting…");
        let phase = phase.after(&PhoneEvent::Ringing, 500.0);
        assert_eq!(phase.words(500.0), "Ringing…");
        let phase = phase.after(&PhoneEvent::InCall, 2_000.0);
        assert_eq!(phase.words(9_500.0), "In call · 0:07");
        assert!(phase.on_call());
        let again = phase.after(&PhoneEvent::Muted(true), 3_000.0);
        assert_eq!(again, phase, "muting doesn't restart the timer");
        let ended = phase.after(&PhoneEvent::Ended, 62_000.0);
        assert_eq!(ended, Phase::Ended { lasted: Some(60) });
        assert_eq!(ended.words(99_000.0), "Call ended · 1:00");
        assert!(!ended.on_call());
    }

    #[test]
    fn a_failure_reads_with_the_sdk_reason_and_code() {
        let event = PhoneEvent::parse(
            "failed",
            Some("A connection error occurred during the call".into()),
            Some(31005),
        )
        .unwrap_or(PhoneEvent::Ended);
        let phase = Phase::Connecting.after(&event, 0.0);
        assert_eq!(phase.words(0.0), "Call failed");
        assert_eq!(
            phase.reason().as_deref(),
            Some("A connection error occurred during the call (Twilio error 31005).")
        );
        assert!(phase.is_trouble() && !phase.on_call());
        let hung_up_while_connecting = Phase::Connecting.after(&PhoneEvent::Ended, 10.0);
        assert_eq!(hung_up_while_connecting.words(10.0), "Call ended");
    }

    #[test]
    fn events_parse_from_the_phone() {
        assert_eq!(PhoneEvent::parse("in-call", None, None), Some(PhoneEvent::InCall));
        assert_eq!(PhoneEvent::parse("unmuted", None, None), Some(PhoneEvent::Muted(false)));
        assert_eq!(PhoneEvent::parse("surprise", None, None), None);
    }

    #[test]
    fn no_token_reads_as_what_to_do() {
        assert!(why_no_token("twilio_not_configured", "x").starts_with("Connect a Twilio account"));
        assert!(why_no_token("forbidden", "x").contains("Ask an admin"));
        assert_eq!(
            why_no_token("twilio_error", "Twilio refused: quota"),
            "Loquent couldn't get you ready to call: Twilio refused: quota"
        );
    }

    #[test]
    fn clocks() {
        assert_eq!(clock(7), "0:07");
        assert_eq!(clock(754), "12:34");
        assert_eq!(clock(3_723), "1:02:03");
    }
}
