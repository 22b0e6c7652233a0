//! Twilio Media Streams messages (see the team's protocol notes). Twilio sends numbers as
//! strings; only what Loquent reads is modelled, and unknown events are ignored.
//!
//! Media frames arrive fifty times a second per direction and call, so they are read and
//! written from borrowed parts: no JSON tree, and the audio is not copied on the way in.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// A message from Twilio, borrowing from its frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound<'a> {
    Start(Start),
    /// Caller audio: base64 µ-law, 8 kHz mono.
    Media(Cow<'a, str>),
    /// Twilio played everything before the mark of this name.
    Mark(Cow<'a, str>),
    Stop,
    /// `connected`, `dtmf` and anything Loquent has no use for.
    Other,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Start {
    pub account_sid: String,
    pub call_sid: String,
    pub stream_sid: String,
    #[serde(default)]
    pub custom_parameters: HashMap<String, String>,
}

/// Every event's fields in one flat shape; only the one its `event` names is present.
#[derive(Deserialize)]
struct Frame<'a> {
    #[serde(borrow)]
    event: Cow<'a, str>,
    #[serde(default)]
    start: Option<Start>,
    #[serde(default, borrow)]
    media: Option<Payload<'a>>,
    #[serde(default, borrow)]
    mark: Option<Name<'a>>,
}

#[derive(Deserialize, Serialize)]
struct Payload<'a> {
    #[serde(borrow)]
    payload: Cow<'a, str>,
}

#[derive(Deserialize, Serialize)]
struct Name<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
}

/// Parses a text frame; `None` when it is not a Twilio message at all.
pub fn parse(text: &str) -> Option<Inbound<'_>> {
    let frame: Frame = serde_json::from_str(text).ok()?;
    Some(match (&*frame.event, frame.start, frame.media, frame.mark) {
        ("start", Some(start), _, _) => Inbound::Start(start),
        ("media", _, Some(media), _) => Inbound::Media(media.payload),
        ("mark", _, _, Some(mark)) => Inbound::Mark(mark.name),
        ("stop", ..) => Inbound::Stop,
        _ => Inbound::Other,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Outbound<'a> {
    event: &'static str,
    stream_sid: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    media: Option<Payload<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mark: Option<Name<'a>>,
}

impl Outbound<'_> {
    fn render(&self) -> String {
        // Serialising strings and a derived struct cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Model audio for the caller (base64 µ-law 8 kHz).
pub fn media(stream_sid: &str, audio: &str) -> String {
    let payload = Payload { payload: Cow::Borrowed(audio) };
    Outbound { event: "media", stream_sid, media: Some(payload), mark: None }.render()
}

/// A mark: Twilio echoes it once everything sent before it has played.
pub fn mark(stream_sid: &str, name: &str) -> String {
    let name = Name { name: Cow::Borrowed(name) };
    Outbound { event: "mark", stream_sid, media: None, mark: Some(name) }.render()
}

/// Drops the audio Twilio has queued but not yet played (barge-in).
pub fn clear(stream_sid: &str) -> String {
    Outbound { event: "clear", stream_sid, media: None, mark: None }.render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_twilios_events() {
        let media = r#"{"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"1","timestamp":"5","payload":"/w=="},"streamSid":"MZ1"}"#;
        assert_eq!(parse(media), Some(Inbound::Media("/w==".into())));
        assert!(matches!(parse(media), Some(Inbound::Media(Cow::Borrowed(_)))), "not copied");
        let mark =
            r#"{"event":"mark","sequenceNumber":"4","streamSid":"MZ1","mark":{"name":"m7"}}"#;
        assert_eq!(parse(mark), Some(Inbound::Mark("m7".into())));
        let start = r#"{"event":"start","sequenceNumber":"1","start":{"accountSid":"AC1","callSid":"CA1","streamSid":"MZ1","tracks":["inbound"],"customParameters":{"from":"+1"}},"streamSid":"MZ1"}"#;
        let Some(Inbound::Start(s)) = parse(start) else { panic!("start") };
        assert_eq!((s.call_sid.as_str(), s.custom_parameters["from"].as_str()), ("CA1", "+1"));
        assert_eq!(parse(r#"{"event":"stop","streamSid":"MZ1"}"#), Some(Inbound::Stop));
        assert_eq!(parse(r#"{"event":"connected","protocol":"Call"}"#), Some(Inbound::Other));
        assert_eq!(parse(r#"{"event":"media"}"#), Some(Inbound::Other), "media without audio");
        assert_eq!(parse("not json"), None);
    }

    #[test]
    fn writes_twilios_events() {
        assert_eq!(
            media("MZ1", "/w=="),
            r#"{"event":"media","streamSid":"MZ1","media":{"payload":"/w=="}}"#
        );
        assert_eq!(mark("MZ1", "m1"), r#"{"event":"mark","streamSid":"MZ1","mark":{"name":"m1"}}"#);
        assert_eq!(clear("MZ1"), r#"{"event":"clear","streamSid":"MZ1"}"#);
        // Whatever a provider sends, Twilio gets valid JSON.
        let odd: serde_json::Value = serde_json::from_str(&media("MZ1", "a\"b")).expect("json");
        assert_eq!(odd["media"]["payload"], "a\"b");
    }
}
