//! The GA session: its defaults (what `session.created` carries), the checks a `session.update`
//! must pass (`RealtimeSessionCreateRequestGA`: `type: "realtime"` required, no beta field names,
//! `RealtimeAudioFormats`…), and how an accepted update changes the effective session.

use serde_json::{Map, Value, json};

use super::events::Rejection;

/// The members of a GA realtime session (`RealtimeSessionCreateRequestGA`).
const SESSION_FIELDS: [&str; 14] = [
    "type",
    "output_modalities",
    "model",
    "instructions",
    "audio",
    "include",
    "tracing",
    "tools",
    "tool_choice",
    "parallel_tool_calls",
    "reasoning",
    "max_output_tokens",
    "truncation",
    "prompt",
];
const INPUT_FIELDS: [&str; 4] = ["format", "transcription", "noise_reduction", "turn_detection"];
const OUTPUT_FIELDS: [&str; 3] = ["format", "voice", "speed"];
const TOOL_FIELDS: [&str; 4] = ["type", "name", "description", "parameters"];
const VOICES: [&str; 10] =
    ["alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar"];

/// The session a new connection starts with (the spec's `session.created` example: 24 kHz PCM,
/// server VAD, voice `marin`).
pub(super) fn initial(id: &str, model: &str) -> Value {
    let pcm = json!({"type": "audio/pcm", "rate": 24000});
    json!({
        "type": "realtime",
        "object": "realtime.session",
        "id": id,
        "model": model,
        "output_modalities": ["audio"],
        "instructions": "",
        "tools": [],
        "tool_choice": "auto",
        "max_output_tokens": "inf",
        "tracing": null,
        "prompt": null,
        "expires_at": chrono::Utc::now().timestamp() + 3600,
        "audio": {
            "input": {
                "format": pcm,
                "transcription": null,
                "noise_reduction": null,
                "turn_detection": {
                    "type": "server_vad", "threshold": 0.5, "prefix_padding_ms": 300,
                    "silence_duration_ms": 200, "idle_timeout_ms": null,
                    "create_response": true, "interrupt_response": true,
                },
            },
            "output": {"format": pcm, "voice": "marin", "speed": 1.0},
        },
        "include": null,
    })
}

/// Bytes per millisecond of audio in `format` (a `RealtimeAudioFormats`): 48 for 24 kHz 16-bit
/// PCM, 8 for G.711 (µ-law or A-law, 8 kHz).
pub(super) fn bytes_per_ms(format: &Value) -> usize {
    if format["type"] == "audio/pcm" { 48 } else { 8 }
}

/// Checks the `session` of a `session.update`. `voice_locked` is the current voice once the
/// model has spoken (it cannot change after that).
pub(super) fn validate(
    session: Option<&Value>,
    voice_locked: Option<&Value>,
) -> Result<(), Rejection> {
    let session = session.ok_or_else(|| Rejection::missing("session"))?;
    let fields = object(session, "session")?;
    match fields.get("type") {
        None => return Err(Rejection::missing("session.type")),
        Some(Value::String(t)) if t == "realtime" => {}
        Some(Value::String(t)) if t == "transcription" => {
            return Err(Rejection::invalid(
                "session.type",
                "The fake serves realtime sessions only, not 'transcription'.",
            ));
        }
        Some(other) => {
            return Err(Rejection::invalid(
                "session.type",
                format!(
                    "Invalid value: {other}. Supported values are: 'realtime' and 'transcription'."
                ),
            ));
        }
    }
    only(fields, &SESSION_FIELDS, "session")?;

    if let Some(instructions) = fields.get("instructions") {
        string(instructions, "session.instructions")?;
    }
    if let Some(modalities) = fields.get("output_modalities") {
        let param = "session.output_modalities";
        let list = modalities
            .as_array()
            .ok_or_else(|| Rejection::wrong_type(param, "an array", modalities))?;
        if list.len() != 1 || !matches!(list[0].as_str(), Some("audio" | "text")) {
            return Err(Rejection::invalid(
                param,
                "Invalid value: output_modalities must be exactly one of ['audio'] or ['text'].",
            ));
        }
    }
    if let Some(audio) = fields.get("audio") {
        validate_audio(audio, voice_locked)?;
    }
    if let Some(tools) = fields.get("tools") {
        validate_tools(tools)?;
    }
    Ok(())
}

fn validate_audio(audio: &Value, voice_locked: Option<&Value>) -> Result<(), Rejection> {
    let audio = object(audio, "session.audio")?;
    only(audio, &["input", "output"], "session.audio")?;
    if let Some(input) = audio.get("input") {
        let input = object(input, "session.audio.input")?;
        only(input, &INPUT_FIELDS, "session.audio.input")?;
        if let Some(format) = input.get("format") {
            validate_format(format, "session.audio.input.format")?;
        }
        if let Some(detection) = input.get("turn_detection").filter(|v| !v.is_null()) {
            let param = "session.audio.input.turn_detection";
            let kind = object(detection, param)?.get("type");
            if !matches!(kind.and_then(Value::as_str), Some("server_vad" | "semantic_vad")) {
                return Err(Rejection::invalid(
                    &format!("{param}.type"),
                    "Invalid value. Supported values are: 'server_vad' and 'semantic_vad'.",
                ));
            }
        }
        if let Some(reduction) = input.get("noise_reduction").filter(|v| !v.is_null()) {
            let param = "session.audio.input.noise_reduction";
            let kind = object(reduction, param)?.get("type");
            if !matches!(kind.and_then(Value::as_str), Some("near_field" | "far_field")) {
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
            let param = "session.audio.output.voice";
            let known = match voice {
                Value::String(v) => VOICES.contains(&v.as_str()),
                Value::Object(custom) => custom.get("id").is_some_and(Value::is_string),
                _ => return Err(Rejection::wrong_type(param, "a string", voice)),
            };
            if !known {
                return Err(Rejection::invalid(param, format!("Invalid value: {voice}.")));
            }
            if voice_locked.is_some_and(|current| current != voice) {
                return Err(Rejection::invalid(
                    param,
                    "Cannot update a conversation's voice if assistant audio is present.",
                ));
            }
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
        Some("audio/pcm") => match fields.get("rate") {
            None => Ok(()),
            Some(rate) if rate == 24000 => Ok(()),
            Some(rate) => Err(Rejection::invalid(
                &format!("{param}.rate"),
                format!("Invalid value: {rate}. Supported values are: 24000."),
            )),
        },
        Some("audio/pcmu" | "audio/pcma") => Ok(()),
        Some(other) => Err(Rejection::invalid(
            &format!("{param}.type"),
            format!(
                "Invalid value: '{other}'. Supported values are: 'audio/pcm', 'audio/pcmu' and 'audio/pcma'."
            ),
        )),
        None => Err(Rejection::missing(&format!("{param}.type"))),
    }
}

fn validate_tools(tools: &Value) -> Result<(), Rejection> {
    let list = tools
        .as_array()
        .ok_or_else(|| Rejection::wrong_type("session.tools", "an array", tools))?;
    for (i, tool) in list.iter().enumerate() {
        let param = format!("session.tools[{i}]");
        let fields = object(tool, &param)?;
        only(fields, &TOOL_FIELDS, &param)?;
        if fields.get("type").and_then(Value::as_str) != Some("function") {
            return Err(Rejection::invalid(
                &format!("{param}.type"),
                "Invalid value. Supported values are: 'function' and 'mcp'.",
            ));
        }
        match fields.get("name") {
            Some(Value::String(_)) => {}
            Some(other) => {
                return Err(Rejection::wrong_type(&format!("{param}.name"), "a string", other));
            }
            None => return Err(Rejection::missing(&format!("{param}.name"))),
        }
    }
    Ok(())
}

/// Applies an accepted update: the fields present replace the effective ones, and within
/// `audio.input` / `audio.output` each field present replaces its own.
pub(super) fn merge(effective: &mut Value, update: &Value) {
    let Some(update) = update.as_object() else { return };
    for (key, value) in update {
        if key == "audio" {
            for side in ["input", "output"] {
                for (field, v) in value.get(side).and_then(Value::as_object).into_iter().flatten() {
                    effective["audio"][side][field.as_str()] = v.clone();
                }
            }
        } else {
            effective[key.as_str()] = value.clone();
        }
    }
}

fn object<'a>(value: &'a Value, param: &str) -> Result<&'a Map<String, Value>, Rejection> {
    value.as_object().ok_or_else(|| Rejection::wrong_type(param, "an object", value))
}

fn string<'a>(value: &'a Value, param: &str) -> Result<&'a str, Rejection> {
    value.as_str().ok_or_else(|| Rejection::wrong_type(param, "a string", value))
}

/// Refuses the first member of `fields` not in `allowed`, as OpenAI does (`unknown_parameter`).
fn only(fields: &Map<String, Value>, allowed: &[&str], prefix: &str) -> Result<(), Rejection> {
    match fields.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(unknown) => Err(Rejection::unknown(&format!("{prefix}.{unknown}"))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod unit {
    use serde_json::json;

    use super::*;

    #[test]
    fn merge_replaces_audio_fields_one_by_one() {
        let mut effective = initial("sess_1", "gpt-realtime");
        let update = json!({"type": "realtime", "instructions": "Be brief.",
            "audio": {"output": {"format": {"type": "audio/pcmu"}},
                      "input": {"turn_detection": null}}});
        merge(&mut effective, &update);
        assert_eq!(effective["instructions"], "Be brief.");
        assert_eq!(effective["audio"]["output"]["format"], json!({"type": "audio/pcmu"}));
        assert_eq!(effective["audio"]["output"]["voice"], "marin");
        assert_eq!(effective["audio"]["input"]["turn_detection"], Value::Null);
        assert_eq!(effective["audio"]["input"]["format"]["type"], "audio/pcm");
    }

    #[test]
    fn validate_follows_the_ga_schema() {
        let code = |s: Value| validate(Some(&s), None).err().map(|r| (r.code, r.param));
        let ok =
            json!({"type": "realtime", "audio": {"input": {"format": {"type": "audio/pcmu"}}}});
        assert_eq!(code(ok), None);
        assert_eq!(
            code(json!({"type": "realtime", "voice": "alloy"})),
            Some(("unknown_parameter", Some("session.voice".into())))
        );
        assert_eq!(
            code(
                json!({"type": "realtime", "audio": {"output": {"format": {"type": "g711_ulaw"}}}})
            ),
            Some(("invalid_value", Some("session.audio.output.format.type".into())))
        );
        assert_eq!(
            code(json!({"type": "realtime", "audio": {"output": {"speed": 2}}})),
            Some(("invalid_value", Some("session.audio.output.speed".into())))
        );
        assert_eq!(
            code(
                json!({"type": "realtime", "tools": [{"type": "function", "name": "f", "meta": 1}]})
            ),
            Some(("unknown_parameter", Some("session.tools[0].meta".into())))
        );
        let voice = json!({"type": "realtime", "audio": {"output": {"voice": "ash"}}});
        assert!(validate(Some(&voice), Some(&json!("marin"))).is_err());
        assert!(validate(Some(&voice), Some(&json!("ash"))).is_ok());
    }
}
