//! The bodies OpenAI answers with, shaped after `openai_openapi.yaml`: `ErrorResponse`,
//! `CreateChatCompletionResponse` and the transcription objects.

use serde_json::{Value, json};

use super::state::OpenAiError;

pub(super) const API: &str = "/v1";

/// A rough token count, as the usage fields need one: about four characters a token.
pub(super) fn tokens(text: &str) -> u64 {
    let chars = u64::try_from(text.chars().count()).unwrap_or(u64::MAX);
    chars.div_ceil(4).max(1)
}

/// The audio's length in seconds, guessed from its size as 8 kHz 16-bit mono PCM (what
/// Twilio records), at least a tenth of a second.
pub(super) fn duration(audio_bytes: usize) -> f64 {
    let seconds = u32::try_from(audio_bytes).map_or(f64::MAX, f64::from) / 16_000.0;
    (seconds * 100.0).round().max(10.0) / 100.0
}

pub(super) fn error(error: &OpenAiError) -> Value {
    json!({
        "error": {
            "message": error.message,
            "type": error.kind,
            "param": error.param,
            "code": error.code,
        }
    })
}

/// A `chat.completion` with one choice whose assistant message says `content`.
pub(super) fn chat_completion(model: &str, content: &str, prompt_tokens: u64) -> Value {
    let completion_tokens = tokens(content);
    json!({
        "id": format!("chatcmpl-{}", uuid::Uuid::new_v4().simple()),
        "object": "chat.completion",
        "created": chrono::Utc::now().timestamp(),
        "model": model,
        "choices": [{
            "index": 0,
            "message": {
                "role": "assistant",
                "content": content,
                "refusal": null,
                "annotations": [],
            },
            "logprobs": null,
            "finish_reason": "stop",
        }],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        },
        "service_tier": "default",
        "system_fingerprint": "fp_fake",
    })
}

/// `whisper-1` bills by duration, the `gpt-4o-*` models by tokens.
fn transcription_usage(model: &str, text: &str, audio_bytes: usize) -> Value {
    let seconds = duration(audio_bytes);
    if model == "whisper-1" || model.ends_with("-diarize") {
        json!({"type": "duration", "seconds": seconds.ceil()})
    } else {
        let audio_tokens = u64::try_from(audio_bytes / 1_600).unwrap_or(u64::MAX).max(1);
        let output_tokens = tokens(text);
        json!({
            "type": "tokens",
            "input_tokens": audio_tokens,
            "input_token_details": {"text_tokens": 0, "audio_tokens": audio_tokens},
            "output_tokens": output_tokens,
            "total_tokens": audio_tokens + output_tokens,
        })
    }
}

/// `CreateTranscriptionResponseJson`.
pub(super) fn transcription(model: &str, text: &str, audio_bytes: usize) -> Value {
    json!({"text": text, "usage": transcription_usage(model, text, audio_bytes)})
}

/// `CreateTranscriptionResponseVerboseJson` (whisper-1), one segment for the whole text.
pub(super) fn transcription_verbose(text: &str, audio_bytes: usize, language: &str) -> Value {
    let seconds = duration(audio_bytes);
    json!({
        "task": "transcribe",
        "language": language,
        "duration": seconds,
        "text": text,
        "segments": [{
            "id": 0,
            "seek": 0,
            "start": 0.0,
            "end": seconds,
            "text": text,
            "tokens": [],
            "temperature": 0.0,
            "avg_logprob": -0.2,
            "compression_ratio": 1.0,
            "no_speech_prob": 0.0,
        }],
        "usage": {"type": "duration", "seconds": seconds.ceil()},
    })
}

/// `CreateTranscriptionResponseDiarizedJson`, one speaker saying everything.
pub(super) fn transcription_diarized(text: &str, audio_bytes: usize) -> Value {
    let seconds = duration(audio_bytes);
    json!({
        "task": "transcribe",
        "duration": seconds,
        "text": text,
        "segments": [{
            "type": "transcript.text.segment",
            "id": "seg_001",
            "start": 0.0,
            "end": seconds,
            "text": text,
            "speaker": "A",
        }],
        "usage": {"type": "duration", "seconds": seconds.ceil()},
    })
}

/// `HH:MM:SS` and milliseconds after `separator` (`,` for SRT, `.` for WebVTT).
fn timestamp(seconds: f64, separator: char) -> String {
    // Whole milliseconds of a guessed duration; far inside u64.
    let millis = (seconds * 1000.0).round() as u64;
    let (h, m, s, ms) =
        (millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60, millis % 1000);
    format!("{h:02}:{m:02}:{s:02}{separator}{ms:03}")
}

pub(super) fn subtitles(format: &str, text: &str, audio_bytes: usize) -> String {
    let seconds = duration(audio_bytes);
    if format == "srt" {
        let end = timestamp(seconds, ',');
        format!("1\n00:00:00,000 --> {end}\n{text}\n\n")
    } else {
        let end = timestamp(seconds, '.');
        format!("WEBVTT\n\n00:00:00.000 --> {end}\n{text}\n\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_durations_and_formats_timestamps() {
        assert!((duration(32_000) - 2.0).abs() < f64::EPSILON);
        assert!((duration(10) - 0.1).abs() < f64::EPSILON);
        assert_eq!(timestamp(3_725.5, ','), "01:02:05,500");
        assert_eq!(tokens("abcde"), 2);
        assert_eq!(tokens(""), 1);
    }
}
