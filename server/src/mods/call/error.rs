//! What can go wrong with calls, as the call module says it; [`ApiError`] is made from it only
//! at the handler edge.

use crate::audio::wav::WavError;
use crate::clients::llm::LlmError;
use crate::error::ApiError;
use crate::mods::contact::ContactError;

#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// Unknown id, or another organization's call.
    #[error("call not found")]
    NotFound,
    /// The call has ended (or is another organization's): a replayed request can't start it
    /// again.
    #[error("the call is over; it can't be started again")]
    Over,
    /// The caller couldn't be resolved to a contact.
    #[error("resolving the caller")]
    Caller(#[from] ContactError),
    #[error("call storage")]
    Database(#[from] diesel::result::Error),
    /// A transcript's turns that couldn't be written as JSON.
    #[error("writing the transcript's turns")]
    Turns(#[source] serde_json::Error),
}

impl From<CallError> for ApiError {
    fn from(err: CallError) -> Self {
        match err {
            CallError::NotFound | CallError::Over => ApiError::NotFound { resource: "call" },
            CallError::Caller(e) => e.into(),
            CallError::Database(e) => e.into(),
            other @ CallError::Turns(_) => ApiError::internal(other),
        }
    }
}

/// What can stop a per-channel transcript (the post-call job retries; no request sees these).
#[derive(Debug, thiserror::Error)]
pub enum TranscriptError {
    #[error("reading the recording's WAV")]
    Wav(#[from] WavError),
    #[error("the recording has {0} channels, not one per party")]
    Channels(usize),
    #[error("transcribing an utterance")]
    Transcription(#[from] LlmError),
}
