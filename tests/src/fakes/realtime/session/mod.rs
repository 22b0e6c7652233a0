//! The GA session: its defaults (what `session.created` carries), the checks a `session.update`
//! must pass (`RealtimeSessionCreateRequestGA`: `type: "realtime"` required, no beta field names,
//! `RealtimeAudioFormats`…), and how an accepted update changes the effective session.

use serde_json::{Map, Value, json};

mod audio;
mod tools;

use super::events::{Limit, Rejection};

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

/// Checks the `session` of a `session.update`. `voices` are the voice names the fake offers;
/// `voice_locked` is the current voice once the model has spoken (it cannot change after that).
pub(super) fn validate(
    session: Option<&Value>,
    voice_locked: Option<&Value>,
    voices: &[String],
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
        audio::validate(audio, voices, voice_locked)?;
    }
    if let Some(tools) = fields.get("tools") {
        tools::validate_tools(tools)?;
    }
    if let Some(choice) = fields.get("tool_choice") {
        tools::validate_tool_choice(choice)?;
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

/// A number between `min` and `max`, inclusive.
fn number(value: &Value, param: &str, min: f64, max: f64) -> Result<f64, Rejection> {
    let n = value.as_f64().ok_or_else(|| Rejection::wrong_type(param, "a number", value))?;
    if n < min {
        return Err(Rejection::out_of_range(param, false, Limit::Min(min), n));
    }
    if n > max {
        return Err(Rejection::out_of_range(param, false, Limit::Max(max), n));
    }
    Ok(n)
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
    use crate::fakes::realtime::state::VOICES;

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

    fn voices() -> Vec<String> {
        VOICES.iter().map(|v| v.to_string()).collect()
    }

    /// The code and param of the rejection of `session`, if any.
    fn refusal(session: Value) -> Option<(&'static str, Option<String>)> {
        validate(Some(&session), None, &voices()).err().map(|r| (r.code, r.param))
    }

    fn refused(code: &'static str, param: &str) -> Option<(&'static str, Option<String>)> {
        Some((code, Some(param.to_string())))
    }

    #[test]
    fn validate_follows_the_ga_schema() {
        let ok =
            json!({"type": "realtime", "audio": {"input": {"format": {"type": "audio/pcmu"}}}});
        assert_eq!(refusal(ok), None);
        assert_eq!(
            refusal(json!({"type": "realtime", "voice": "alloy"})),
            refused("unknown_parameter", "session.voice")
        );
        assert_eq!(
            refusal(
                json!({"type": "realtime", "audio": {"output": {"format": {"type": "g711_ulaw"}}}})
            ),
            refused("invalid_value", "session.audio.output.format.type")
        );
        assert_eq!(
            refusal(json!({"type": "realtime", "audio": {"output": {"speed": 2}}})),
            refused("invalid_value", "session.audio.output.speed")
        );
        assert_eq!(
            refusal(
                json!({"type": "realtime", "tools": [{"type": "function", "name": "f", "meta": 1}]})
            ),
            refused("unknown_parameter", "session.tools[0].meta")
        );
        assert_eq!(
            refusal(json!({"type": "realtime", "output_modalities": ["audio", "text"]})),
            refused("invalid_value", "session.output_modalities")
        );
        let voice = json!({"type": "realtime", "audio": {"output": {"voice": "ash"}}});
        assert!(validate(Some(&voice), Some(&json!("marin")), &voices()).is_err());
        assert!(validate(Some(&voice), Some(&json!("ash")), &voices()).is_ok());
    }

    fn with_turn_detection(detection: Value) -> Value {
        json!({"type": "realtime", "audio": {"input": {"turn_detection": detection}}})
    }

    #[test]
    fn turn_detection_is_checked_per_type() {
        let param = "session.audio.input.turn_detection";
        let server = json!({"type": "server_vad", "threshold": 0.6, "prefix_padding_ms": 300,
            "silence_duration_ms": 500, "idle_timeout_ms": null, "create_response": true,
            "interrupt_response": false});
        assert_eq!(refusal(with_turn_detection(server)), None);
        let semantic = json!({"type": "semantic_vad", "eagerness": "high",
                              "create_response": false, "interrupt_response": true});
        assert_eq!(refusal(with_turn_detection(semantic)), None);
        assert_eq!(refusal(with_turn_detection(Value::Null)), None);

        let eager_server = json!({"type": "server_vad", "eagerness": "high"});
        assert_eq!(
            refusal(with_turn_detection(eager_server)),
            refused("unknown_parameter", &format!("{param}.eagerness"))
        );
        let quiet_semantic = json!({"type": "semantic_vad", "silence_duration_ms": 200});
        assert_eq!(
            refusal(with_turn_detection(quiet_semantic)),
            refused("unknown_parameter", &format!("{param}.silence_duration_ms"))
        );
        assert_eq!(
            refusal(with_turn_detection(json!({"type": "semantic_vad", "eagerness": "eager"}))),
            refused("invalid_value", &format!("{param}.eagerness"))
        );
        assert_eq!(
            refusal(with_turn_detection(json!({"type": "server_vad", "threshold": 1.5}))),
            refused("decimal_above_max_value", &format!("{param}.threshold"))
        );
        assert_eq!(
            refusal(with_turn_detection(json!({"type": "server_vad", "idle_timeout_ms": 1000}))),
            refused("integer_below_min_value", &format!("{param}.idle_timeout_ms"))
        );
        assert_eq!(
            refusal(with_turn_detection(json!({"type": "server_vad", "silence_duration_ms": "5"}))),
            refused("invalid_type", &format!("{param}.silence_duration_ms"))
        );
        assert_eq!(
            refusal(with_turn_detection(json!({"type": "semantic_vad", "create_response": 1}))),
            refused("invalid_type", &format!("{param}.create_response"))
        );
        assert_eq!(
            refusal(with_turn_detection(json!({"type": "vad"}))),
            refused("invalid_value", &format!("{param}.type"))
        );
    }

    #[test]
    fn noise_reduction_tool_choice_and_tools_are_checked() {
        let reduction =
            |r: Value| json!({"type": "realtime", "audio": {"input": {"noise_reduction": r}}});
        assert_eq!(refusal(reduction(json!({"type": "far_field"}))), None);
        assert_eq!(
            refusal(reduction(json!({"type": "loud"}))),
            refused("invalid_value", "session.audio.input.noise_reduction.type")
        );

        let choice = |c: Value| json!({"type": "realtime", "tool_choice": c});
        for ok in [
            json!("auto"),
            json!("none"),
            json!("required"),
            json!({"type": "function", "name": "transfer_call"}),
        ] {
            assert_eq!(refusal(choice(ok.clone())), None, "{ok}");
        }
        assert_eq!(refusal(choice(json!("any"))), refused("invalid_value", "session.tool_choice"));
        assert_eq!(
            refusal(choice(json!({"type": "function"}))),
            refused("missing_required_parameter", "session.tool_choice.name")
        );

        let tool = |parameters: Value| {
            json!({"type": "realtime",
                   "tools": [{"type": "function", "name": "f", "parameters": parameters}]})
        };
        let schema = json!({"type": "object", "properties": {}, "additionalProperties": false});
        assert_eq!(refusal(tool(schema)), None);
        assert_eq!(
            refusal(tool(json!({"type": "string"}))),
            refused("invalid_function_parameters", "session.tools[0].parameters")
        );
        assert_eq!(
            refusal(tool(json!({"properties": {}}))),
            refused("invalid_function_parameters", "session.tools[0].parameters")
        );
        assert_eq!(
            refusal(tool(json!("object"))),
            refused("invalid_type", "session.tools[0].parameters")
        );
        let spaced =
            json!({"type": "realtime", "tools": [{"type": "function", "name": "book it"}]});
        assert_eq!(refusal(spaced), refused("invalid_value", "session.tools[0].name"));
    }

    #[test]
    fn the_voice_must_be_one_the_fake_offers() {
        let session = json!({"type": "realtime", "audio": {"output": {"voice": "marin"}}});
        assert!(validate(Some(&session), None, &voices()).is_ok());
        let only_ash = ["ash".to_string()];
        let refusal = validate(Some(&session), None, &only_ash).expect_err("refused");
        assert_eq!(refusal.code, "invalid_value");
        assert_eq!(refusal.param.as_deref(), Some("session.audio.output.voice"));
        assert!(refusal.message.contains("'ash'"), "{}", refusal.message);
        let custom = json!({"type": "realtime", "audio": {"output": {"voice": {"id": "voice_1"}}}});
        assert!(validate(Some(&custom), None, &only_ash).is_ok());
    }
}
