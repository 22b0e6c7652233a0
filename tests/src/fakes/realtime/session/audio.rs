//! `session.audio` of a `session.update`: formats (`RealtimeAudioFormats`), noise reduction,
//! turn detection (`RealtimeTurnDetection`, per type), voice and speed.

use serde_json::{Map, Value};

use super::{number, object, only};
use crate::fakes::realtime::events::{Limit, Rejection};

const INPUT_FIELDS: [&str; 4] = ["format", "transcription", "noise_reduction", "turn_detection"];
const OUTPUT_FIELDS: [&str; 3] = ["format", "voice", "speed"];
/// The members of a Server VAD turn detection.
const SERVER_VAD_FIELDS: [&str; 7] = [
    "type",
    "threshold",
    "prefix_padding_ms",
    "silence_duration_ms",
    "idle_timeout_ms",
    "create_response",
    "interrupt_response",
];
/// The members of a Semantic VAD turn detection.
const SEMANTIC_VAD_FIELDS: [&str; 4] =
    ["type", "eagerness", "create_response", "interrupt_response"];
const EAGERNESS: [&str; 4] = ["low", "medium", "high", "auto"];

/// Checks `session.audio`. `voices` are the voice names the fake offers; `voice_locked` is the
/// current voice once the model has spoken (it cannot change after that).
pub(super) fn validate(
    audio: &Value,
    voices: &[String],
    voice_locked: Option<&Value>,
) -> Result<(), Rejection> {
    let audio = object(audio, "session.audio")?;
    only(audio, &["input", "output"], "session.audio")?;
    if let Some(input) = audio.get("input") {
        let input = object(input, "session.audio.input")?;
        only(input, &INPUT_FIELDS, "session.audio.input")?;
        if let Some(format) = input.get("format") {
            validate_format(format, "session.audio.input.format")?;
        }
        if let Some(detection) = input.get("turn_detection").filter(|v| !v.is_null()) {
            turn_detection(detection, "session.audio.input.turn_detection")?;
        }
        if let Some(reduction) = input.get("noise_reduction").filter(|v| !v.is_null()) {
            let param = "session.audio.input.noise_reduction";
            let fields = object(reduction, param)?;
            only(fields, &["type"], param)?;
            if !matches!(
                fields.get("type").and_then(Value::as_str),
                Some("near_field" | "far_field")
            ) {
                return Err(Rejection::invalid(
                    &format!("{param}.type"),
                    "Invalid value. Supported values are: 'near_field' and 'far_field'.",
                ));
            }
        }
    }
    if let Some(output) = audio.get("output") {
        let output = object(output, "session.audio.output")?;
        only(output, &OUTPUT_FIELDS, "session.audio.output")?;
        if let Some(format) = output.get("format") {
            validate_format(format, "session.audio.output.format")?;
        }
        if let Some(voice) = output.get("voice") {
            validate_voice(voice, voices, voice_locked)?;
        }
        if let Some(speed) = output.get("speed") {
            let param = "session.audio.output.speed";
            let value =
                speed.as_f64().ok_or_else(|| Rejection::wrong_type(param, "a number", speed))?;
            if !(0.25..=1.5).contains(&value) {
                return Err(Rejection::invalid(
                    param,
                    format!(
                        "Invalid 'session.audio.output.speed': {value} is not between 0.25 and 1.5."
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A `RealtimeAudioFormats`: `{type: "audio/pcm", rate: 24000}`, `{type: "audio/pcmu"}` or
/// `{type: "audio/pcma"}`.
fn validate_format(format: &Value, param: &str) -> Result<(), Rejection> {
    let fields = object(format, param)?;
    match fields.get("type").and_then(Value::as_str) {
        Some("audio/pcm") => {
            only(fields, &["type", "rate"], param)?;
            match fields.get("rate") {
                None => Ok(()),
                Some(rate) if rate == 24000 => Ok(()),
                Some(rate) => Err(Rejection::invalid(
                    &format!("{param}.rate"),
                    format!("Invalid value: {rate}. Supported values are: 24000."),
                )),
            }
        }
        Some("audio/pcmu" | "audio/pcma") => only(fields, &["type"], param),
        Some(other) => Err(Rejection::invalid(
            &format!("{param}.type"),
            format!(
                "Invalid value: '{other}'. Supported values are: 'audio/pcm', 'audio/pcmu' and \
                 'audio/pcma'."
            ),
        )),
        None => Err(Rejection::missing(&format!("{param}.type"))),
    }
}

/// A `RealtimeTurnDetection`: Server VAD or Semantic VAD, each with its own members.
fn turn_detection(detection: &Value, param: &str) -> Result<(), Rejection> {
    let fields = object(detection, param)?;
    match fields.get("type").and_then(Value::as_str) {
        Some("server_vad") => {
            only(fields, &SERVER_VAD_FIELDS, param)?;
            if let Some(threshold) = fields.get("threshold") {
                number(threshold, &format!("{param}.threshold"), 0.0, 1.0)?;
            }
            for name in ["prefix_padding_ms", "silence_duration_ms"] {
                if let Some(ms) = fields.get(name) {
                    integer_at_least(ms, &format!("{param}.{name}"), 0)?;
                }
            }
            if let Some(idle) = fields.get("idle_timeout_ms").filter(|v| !v.is_null()) {
                let at = format!("{param}.idle_timeout_ms");
                let ms = integer_at_least(idle, &at, 5000)?;
                if ms > 30000 {
                    return Err(Rejection::out_of_range(&at, true, Limit::Max(30000.0), ms as f64));
                }
            }
        }
        Some("semantic_vad") => {
            only(fields, &SEMANTIC_VAD_FIELDS, param)?;
            let eagerness = fields.get("eagerness");
            if let Some(eagerness) =
                eagerness.filter(|e| !e.as_str().is_some_and(|e| EAGERNESS.contains(&e)))
            {
                return Err(Rejection::invalid(
                    &format!("{param}.eagerness"),
                    format!(
                        "Invalid value: {eagerness}. Supported values are: 'low', 'medium', \
                         'high' and 'auto'."
                    ),
                ));
            }
        }
        _ => {
            return Err(Rejection::invalid(
                &format!("{param}.type"),
                "Invalid value. Supported values are: 'server_vad' and 'semantic_vad'.",
            ));
        }
    }
    booleans(fields, param, &["create_response", "interrupt_response"])
}

/// The members `names` of `fields`, where present, are booleans.
fn booleans(fields: &Map<String, Value>, param: &str, names: &[&str]) -> Result<(), Rejection> {
    for name in names {
        if let Some(value) = fields.get(*name).filter(|v| !v.is_boolean()) {
            return Err(Rejection::wrong_type(&format!("{param}.{name}"), "a boolean", value));
        }
    }
    Ok(())
}

/// An integer no smaller than `min`.
fn integer_at_least(value: &Value, param: &str, min: i64) -> Result<i64, Rejection> {
    let n = value.as_i64().ok_or_else(|| Rejection::wrong_type(param, "an integer", value))?;
    if n < min {
        return Err(Rejection::out_of_range(param, true, Limit::Min(min as f64), n as f64));
    }
    Ok(n)
}

/// A voice the fake offers, or a custom voice `{id}`; the same as before once the model spoke.
fn validate_voice(
    voice: &Value,
    voices: &[String],
    voice_locked: Option<&Value>,
) -> Result<(), Rejection> {
    let param = "session.audio.output.voice";
    let known = match voice {
        Value::String(v) => voices.contains(v),
        Value::Object(custom) => custom.get("id").is_some_and(Value::is_string),
        _ => return Err(Rejection::wrong_type(param, "a string", voice)),
    };
    if !known {
        let offered: Vec<String> = voices.iter().map(|v| format!("'{v}'")).collect();
        return Err(Rejection::invalid(
            param,
            format!("Invalid value: {voice}. Supported values are: {}.", offered.join(", ")),
        ));
    }
    if voice_locked.is_some_and(|current| current != voice) {
        return Err(Rejection::invalid(
            param,
            "Cannot update a conversation's voice if assistant audio is present.",
        ));
    }
    Ok(())
}
