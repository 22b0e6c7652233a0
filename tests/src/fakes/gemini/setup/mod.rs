//! The `setup` message (`BidiGenerateContentSetup`): the checks it must pass before the fake
//! answers `setupComplete` — as strict as the service's proto-JSON parser and its rules — and
//! what the tests read out of it. Either key spelling is accepted everywhere.

mod config;
mod proto;
mod schema;
mod tools;

use serde_json::Value;

use super::events::field;
use proto::{At, members, string};

pub(super) use proto::{Invalid, kind};

/// Checks a `setup` body; the error's text is the reason of the 1007 close.
pub(super) fn validate(setup: &Value) -> Result<(), Invalid> {
    let at = At::root("setup");
    let mut model = None;
    for member in members(setup, &at, "BidiGenerateContentSetup")? {
        let (value, at) = (member.value, &member.at);
        match member.name.as_str() {
            "model" => model = Some(string(value, at)?),
            "generationConfig" => config::generation_config(value, at)?,
            "systemInstruction" => config::content(value, at)?,
            "tools" => tools::tools(value, at)?,
            "realtimeInputConfig" => config::realtime_input_config(value, at)?,
            "sessionResumption" => config::session_resumption(value, at)?,
            "contextWindowCompression" => config::context_window_compression(value, at)?,
            "inputAudioTranscription" | "outputAudioTranscription" => {
                config::audio_transcription(value, at)?;
            }
            "proactivity" => config::proactivity(value, at)?,
            "historyConfig" => config::history_config(value, at)?,
            _ => return Err(member.unknown()),
        }
    }
    let at = at.field("model");
    match model {
        None => Err(Invalid::argument(&at, "missing field")),
        Some(model) if model.strip_prefix("models/").is_none_or(str::is_empty) => {
            Err(Invalid::argument(&at, format!("must be models/{{model}}, got {model:?}")))
        }
        Some(_) => Ok(()),
    }
}

/// `setup.model`, e.g. `models/gemini-2.0-flash-live-001`.
pub(super) fn model(setup: &Value) -> Option<String> {
    field(setup, "model").and_then(Value::as_str).map(str::to_string)
}

/// `generationConfig.speechConfig.voiceConfig.prebuiltVoiceConfig.voiceName`.
pub(super) fn voice(setup: &Value) -> Option<String> {
    let config = field(setup, "generationConfig")?;
    let speech = field(config, "speechConfig")?;
    let voice = field(field(speech, "voiceConfig")?, "prebuiltVoiceConfig")?;
    field(voice, "voiceName").and_then(Value::as_str).map(str::to_string)
}

/// `generationConfig.responseModalities`.
pub(super) fn response_modalities(setup: &Value) -> Vec<String> {
    field(setup, "generationConfig")
        .and_then(|c| field(c, "responseModalities"))
        .and_then(Value::as_array)
        .map(|m| m.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}

/// The text parts of `systemInstruction`, joined.
pub(super) fn system_instruction(setup: &Value) -> Option<String> {
    let parts = field(field(setup, "systemInstruction")?, "parts")?.as_array()?;
    let texts: Vec<&str> = parts.iter().filter_map(|p| field(p, "text")?.as_str()).collect();
    Some(texts.concat())
}

/// Every `functionDeclarations[]` entry of every tool, as sent.
pub(super) fn function_declarations(setup: &Value) -> Vec<Value> {
    let Some(tools) = field(setup, "tools").and_then(Value::as_array) else { return Vec::new() };
    tools
        .iter()
        .filter_map(|t| field(t, "functionDeclarations")?.as_array())
        .flatten()
        .cloned()
        .collect()
}

/// `setup.outputAudioTranscription` is set: the model's speech comes with its text.
pub(super) fn transcribes_output(setup: &Value) -> bool {
    field(setup, "outputAudioTranscription").is_some_and(Value::is_object)
}

/// `setup.sessionResumption` is set: the client wants resumption handles. With the handle it
/// names, if any (an empty one is none).
pub(super) fn resumption(setup: &Value) -> Option<Option<String>> {
    let config = field(setup, "sessionResumption")?;
    let handle = field(config, "handle").and_then(Value::as_str).filter(|h| !h.is_empty());
    Some(handle.map(str::to_string))
}

/// `setup.contextWindowCompression` is set: the session has no audio time limit.
pub(super) fn compresses_context(setup: &Value) -> bool {
    field(setup, "contextWindowCompression").is_some()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(setup: Value) -> Result<(), String> {
        validate(&setup).map_err(|e| e.to_string())
    }

    /// A setup using every top-level field, in both spellings.
    fn full() -> Value {
        json!({
            "model": "models/gemini-live-2.5-flash-preview",
            "generationConfig": {"responseModalities": ["AUDIO"], "temperature": 0.7,
                "maxOutputTokens": "1024", "mediaResolution": "MEDIA_RESOLUTION_LOW",
                "speechConfig": {"voice_config": {"prebuilt_voice_config": {"voice_name": "Kore"}},
                                 "languageCode": "en-US"},
                "thinkingConfig": {"thinkingBudget": 0}, "enableAffectiveDialog": true},
            "system_instruction": {"parts": [{"text": "You answer the phone."}], "role": "user"},
            "tools": [{"functionDeclarations": [{"name": "end_call"}]}],
            "realtimeInputConfig": {
                "automaticActivityDetection": {"disabled": false,
                    "startOfSpeechSensitivity": "START_SENSITIVITY_LOW",
                    "end_of_speech_sensitivity": "END_SENSITIVITY_HIGH",
                    "prefixPaddingMs": 20, "silenceDurationMs": "500"},
                "activityHandling": "START_OF_ACTIVITY_INTERRUPTS",
                "turnCoverage": "TURN_INCLUDES_ONLY_ACTIVITY"},
            "sessionResumption": {"handle": "abc"},
            "contextWindowCompression": {"triggerTokens": "25600",
                                         "slidingWindow": {"targetTokens": 12800}},
            "inputAudioTranscription": {}, "output_audio_transcription": {},
            "proactivity": {"proactiveAudio": true},
            "historyConfig": {"initialHistoryInClientContent": false},
        })
    }

    #[test]
    fn every_field_of_the_setup_is_accepted() {
        assert_eq!(check(full()), Ok(()));
        assert_eq!(resumption(&full()), Some(Some("abc".into())));
        assert!(compresses_context(&full()));
        let bare = json!({"model": "models/m", "sessionResumption": {}});
        assert_eq!(resumption(&bare), Some(None));
        assert!(!compresses_context(&bare));
    }

    #[test]
    fn unknown_members_are_refused_wherever_they_are() {
        let mut setup = full();
        setup["temperature"] = json!(0.5);
        assert_eq!(
            check(setup),
            Err("Invalid JSON payload received. Unknown name \"temperature\" at 'setup': Cannot \
                 find field."
                .into())
        );
        let cases = [
            (
                "/generationConfig/speechConfig/voice_config/prebuilt_voice_config",
                "voice",
                "setup.generation_config.speech_config.voice_config.prebuilt_voice_config",
            ),
            (
                "/realtimeInputConfig/automaticActivityDetection",
                "threshold",
                "setup.realtime_input_config.automatic_activity_detection",
            ),
            ("/sessionResumption", "transparent", "setup.session_resumption"),
            (
                "/contextWindowCompression/slidingWindow",
                "maxTokens",
                "setup.context_window_compression.sliding_window",
            ),
            ("/inputAudioTranscription", "languageCodes", "setup.input_audio_transcription"),
            ("/system_instruction/parts/0", "audio", "setup.system_instruction.parts[0]"),
        ];
        for (pointer, name, at) in cases {
            let mut setup = full();
            setup.pointer_mut(pointer).expect(pointer)[name] = json!(true);
            let reason = check(setup).expect_err(name);
            assert!(reason.contains(&format!("Unknown name \"{name}\" at '{at}'")), "{reason}");
        }
    }

    #[test]
    fn values_must_have_their_fields_types() {
        let cases = [
            (
                "/realtimeInputConfig/automaticActivityDetection/startOfSpeechSensitivity",
                json!("HIGH"),
            ),
            ("/realtimeInputConfig/automaticActivityDetection/silenceDurationMs", json!(-1)),
            ("/realtimeInputConfig/automaticActivityDetection/disabled", json!("yes")),
            ("/realtimeInputConfig/activityHandling", json!("INTERRUPT")),
            ("/realtimeInputConfig/turnCoverage", json!("ALL")),
            ("/contextWindowCompression/triggerTokens", json!("many")),
            ("/sessionResumption/handle", json!(7)),
            ("/generationConfig/responseModalities", json!(["AUDIO", "TEXT"])),
            ("/generationConfig/responseModalities/0", json!("SOUND")),
            (
                "/generationConfig/speechConfig/voice_config/prebuilt_voice_config/voice_name",
                json!(1),
            ),
            ("/generationConfig/temperature", json!("warm")),
            ("/generationConfig/maxOutputTokens", json!(1.5)),
            ("/system_instruction", json!("You answer the phone.")),
            ("/model", json!("gemini-live-2.5-flash-preview")),
        ];
        for (pointer, value) in cases {
            let mut setup = full();
            *setup.pointer_mut(pointer).expect(pointer) = value;
            assert!(check(setup).is_err(), "{pointer}");
        }
        let mut setup = full();
        setup["generationConfig"]["responseMimeType"] = json!("application/json");
        assert!(check(setup).expect_err("refused").contains("not supported by the Live API"));
        let mut setup = full();
        setup.as_object_mut().expect("an object").remove("model");
        assert!(check(setup).expect_err("refused").contains("model: missing field"));
    }
}
