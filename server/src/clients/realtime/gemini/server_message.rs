//! Gemini's server messages (`BidiGenerateContentServerMessage`), only what Loquent reads, typed
//! and borrowing: model audio arrives many times a second, and is read without building a JSON
//! tree or copying its base64. Proto JSON may spell members either way (`serverContent`,
//! `server_content`); both are read.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;

#[derive(Debug, Default, Deserialize)]
pub(super) struct ServerMessage<'a> {
    #[serde(rename = "serverContent", alias = "server_content", borrow, default)]
    pub server_content: Option<ServerContent<'a>>,
    #[serde(rename = "toolCall", alias = "tool_call", default)]
    pub tool_call: Option<ToolCall>,
    #[serde(rename = "toolCallCancellation", alias = "tool_call_cancellation", default)]
    pub tool_call_cancellation: Option<Cancellation>,
    #[serde(rename = "sessionResumptionUpdate", alias = "session_resumption_update", default)]
    pub session_resumption_update: Option<ResumptionUpdate>,
    #[serde(rename = "goAway", alias = "go_away", default)]
    pub go_away: Option<GoAway>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ServerContent<'a> {
    #[serde(rename = "modelTurn", alias = "model_turn", borrow, default)]
    pub model_turn: Option<ModelTurn<'a>>,
    #[serde(default)]
    pub interrupted: bool,
    #[serde(rename = "generationComplete", alias = "generation_complete", default)]
    pub generation_complete: bool,
    #[serde(rename = "turnComplete", alias = "turn_complete", default)]
    pub turn_complete: bool,
    #[serde(rename = "inputTranscription", alias = "input_transcription", default)]
    pub input_transcription: Option<Transcription>,
    #[serde(rename = "outputTranscription", alias = "output_transcription", default)]
    pub output_transcription: Option<Transcription>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ModelTurn<'a> {
    #[serde(borrow, default)]
    pub parts: Vec<Part<'a>>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Part<'a> {
    #[serde(rename = "inlineData", alias = "inline_data", borrow, default)]
    pub inline_data: Option<Blob<'a>>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Blob<'a> {
    /// Base64 PCM16LE at 24 kHz.
    #[serde(borrow, default)]
    pub data: Cow<'a, str>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Transcription {
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ToolCall {
    #[serde(rename = "functionCalls", alias = "function_calls", default)]
    pub function_calls: Vec<FunctionCall>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct FunctionCall {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// A JSON object (OpenAI's arguments are a string; Gemini's are not).
    #[serde(default)]
    pub args: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Cancellation {
    #[serde(default)]
    pub ids: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ResumptionUpdate {
    #[serde(rename = "newHandle", alias = "new_handle", default)]
    pub new_handle: Option<String>,
    #[serde(default)]
    pub resumable: bool,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct GoAway {
    #[serde(rename = "timeLeft", alias = "time_left", default)]
    pub time_left: Option<String>,
}

/// The server message in a frame (Gemini sends binary frames; text frames are read too).
/// `None` for anything that is not one.
pub(super) fn parse(message: &Message) -> Option<ServerMessage<'_>> {
    match message {
        Message::Binary(bytes) => serde_json::from_slice(bytes).ok(),
        Message::Text(text) => serde_json::from_str(text).ok(),
        _ => None,
    }
}
