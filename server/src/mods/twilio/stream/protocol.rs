//! Twilio Media Streams messages (see the team's protocol notes). Twilio sends numbers as
//! strings; only what Loquent reads is modelled, and unknown events are ignored.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "event", rename_all = "lowercase")]
pub enum Inbound {
    Connected,
    Start { start: Start },
    Media { media: Media },
    Mark { mark: MarkName },
    Stop,
    Dtmf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Start {
    pub account_sid: String,
    pub call_sid: String,
    pub stream_sid: String,
    #[serde(default)]
    pub custom_parameters: HashMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Media {
    /// Base64 µ-law, 8 kHz mono.
    pub payload: String,
    #[serde(default)]
    pub track: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MarkName {
    pub name: String,
}

/// Parses a text frame; `None` for events Loquent has no use for (or doesn't know).
pub fn parse(text: &str) -> Option<Inbound> {
    serde_json::from_str(text).ok()
}
