//! The server messages the fake sends (`BidiGenerateContentServerMessage`, camelCase as the
//! service writes them; see `shared/protocols/gemini-live-notes.md`), and the field lookup that
//! accepts both proto-JSON spellings of a client message's keys.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};

/// The MIME type of the model's audio: raw PCM16LE mono at 24 kHz.
pub(super) const OUTPUT_MIME: &str = "audio/pcm;rate=24000";

/// A member of a client message by its camelCase name, or by its snake_case one (proto JSON
/// accepts both; the Python SDK mixes them).
pub(super) fn field<'a>(value: &'a Value, camel: &str) -> Option<&'a Value> {
    let object = value.as_object()?;
    object.get(camel).or_else(|| object.get(&snake_case(camel)))
}

/// `mimeType` → `mime_type`.
pub(super) fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `mime_type` → `mimeType`.
pub(super) fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A function call ID, shaped like the service's (`function-call-` and digits).
pub(super) fn new_call_id() -> String {
    let n = uuid::Uuid::new_v4().as_u128() % 10u128.pow(19);
    format!("function-call-{n:019}")
}

pub(super) fn setup_complete() -> Value {
    json!({"setupComplete": {}})
}

/// One chunk of model speech.
pub(super) fn audio_chunk(pcm: &[u8]) -> Value {
    json!({"serverContent": {"modelTurn": {"parts": [
        {"inlineData": {"mimeType": OUTPUT_MIME, "data": BASE64.encode(pcm)}}
    ]}}})
}

/// What the model said, as text (sent when `setup.outputAudioTranscription` was set).
pub(super) fn output_transcription(text: &str) -> Value {
    json!({"serverContent": {"outputTranscription": {"text": text}}})
}

/// What the caller said, as text (`setup.inputAudioTranscription`).
pub(super) fn input_transcription(text: &str) -> Value {
    json!({"serverContent": {"inputTranscription": {"text": text}}})
}

pub(super) fn generation_complete() -> Value {
    json!({"serverContent": {"generationComplete": true}})
}

/// The end of the model's turn; the service puts the turn's `usageMetadata` beside it.
pub(super) fn turn_complete(usage: Value) -> Value {
    json!({"serverContent": {"turnComplete": true}, "usageMetadata": usage})
}

pub(super) fn interrupted() -> Value {
    json!({"serverContent": {"interrupted": true}})
}

pub(super) fn tool_call(id: &str, name: &str, args: &Value) -> Value {
    json!({"toolCall": {"functionCalls": [{"id": id, "name": name, "args": args}]}})
}

pub(super) fn tool_call_cancellation(ids: &[String]) -> Value {
    json!({"toolCallCancellation": {"ids": ids}})
}

pub(super) fn go_away(time_left: &str) -> Value {
    json!({"goAway": {"timeLeft": time_left}})
}

/// A protobuf `Duration` as JSON writes it: seconds with 0, 3, 6 or 9 decimals, then `s`
/// (`"1s"`, `"0.500s"`).
pub(super) fn duration(d: Duration) -> String {
    let (secs, nanos) = (d.as_secs(), d.subsec_nanos());
    match nanos {
        0 => format!("{secs}s"),
        n if n % 1_000_000 == 0 => format!("{secs}.{:03}s", n / 1_000_000),
        n if n % 1_000 == 0 => format!("{secs}.{:06}s", n / 1_000),
        n => format!("{secs}.{n:09}s"),
    }
}

/// An opaque session resumption handle.
pub(super) fn new_handle() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

/// The session can be resumed from here with `handle`.
pub(super) fn session_resumption_update(handle: &str) -> Value {
    json!({"sessionResumptionUpdate": {"newHandle": handle, "resumable": true}})
}

/// `usageMetadata` for a turn: audio costs 32 tokens per second each way.
pub(super) fn usage(input_audio_ms: usize, output_audio_ms: usize) -> Value {
    let prompt = input_audio_ms * 32 / 1000;
    let response = output_audio_ms * 32 / 1000;
    json!({
        "promptTokenCount": prompt,
        "responseTokenCount": response,
        "totalTokenCount": prompt + response,
        "promptTokensDetails": [{"modality": "AUDIO", "tokenCount": prompt}],
        "responseTokensDetails": [{"modality": "AUDIO", "tokenCount": response}],
    })
}

/// Google's error body for a refused upgrade.
pub(super) fn error_body(code: u16, status: &str, message: &str, reason: Option<&str>) -> Value {
    let details: Vec<Value> = reason
        .map(|reason| {
            json!({"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason,
                   "domain": "googleapis.com",
                   "metadata": {"service": "generativelanguage.googleapis.com"}})
        })
        .into_iter()
        .collect();
    json!({"error": {"code": code, "message": message, "status": status, "details": details}})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_are_found() {
        let v = json!({"mime_type": "a", "realtimeInput": 1});
        assert_eq!(field(&v, "mimeType"), Some(&json!("a")));
        assert_eq!(field(&v, "realtimeInput"), Some(&json!(1)));
        assert_eq!(snake_case("functionResponses"), "function_responses");
        assert_eq!(camel_case("tool_response"), "toolResponse");
        assert_eq!(camel_case("toolResponse"), "toolResponse");
        assert!(new_call_id().starts_with("function-call-"));
    }

    #[test]
    fn durations_are_written_as_protobuf_json() {
        assert_eq!(duration(Duration::from_secs(1)), "1s");
        assert_eq!(duration(Duration::from_millis(500)), "0.500s");
        assert_eq!(duration(Duration::from_micros(1_500_001)), "1.500001s");
        assert_eq!(duration(Duration::from_nanos(7)), "0.000000007s");
        assert_ne!(new_handle(), new_handle());
    }
}
