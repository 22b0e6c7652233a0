//! The configuration messages of `setup`: `GenerationConfig` (with its `SpeechConfig`),
//! `RealtimeInputConfig`, `SessionResumptionConfig`, `ContextWindowCompressionConfig`,
//! `ProactivityConfig`, `HistoryConfig`, and the `Content` of `systemInstruction`.

use serde_json::Value;

use super::proto::{
    At, Invalid, Scalar, boolean, count, empty, enum_name, float, integer, members, proto_type,
    repeated, scalars, string,
};

/// `GenerationConfig.Modality`'s names a Live session can answer in.
const MODALITIES: [&str; 2] = ["AUDIO", "TEXT"];
const MEDIA_RESOLUTIONS: [&str; 4] = [
    "MEDIA_RESOLUTION_UNSPECIFIED",
    "MEDIA_RESOLUTION_LOW",
    "MEDIA_RESOLUTION_MEDIUM",
    "MEDIA_RESOLUTION_HIGH",
];
/// `GenerationConfig` fields the Live API does not take (its reference lists them).
const NOT_LIVE: [&str; 7] = [
    "responseLogprobs",
    "responseMimeType",
    "logprobs",
    "responseSchema",
    "responseJsonSchema",
    "stopSequences",
    "routingConfig",
];
const ACTIVITY_HANDLING: [&str; 3] =
    ["ACTIVITY_HANDLING_UNSPECIFIED", "START_OF_ACTIVITY_INTERRUPTS", "NO_INTERRUPTION"];
const TURN_COVERAGE: [&str; 4] = [
    "TURN_COVERAGE_UNSPECIFIED",
    "TURN_INCLUDES_ONLY_ACTIVITY",
    "TURN_INCLUDES_ALL_INPUT",
    "TURN_INCLUDES_AUDIO_ACTIVITY_AND_ALL_VIDEO",
];
const START_SENSITIVITY: [&str; 3] =
    ["START_SENSITIVITY_UNSPECIFIED", "START_SENSITIVITY_HIGH", "START_SENSITIVITY_LOW"];
const END_SENSITIVITY: [&str; 3] =
    ["END_SENSITIVITY_UNSPECIFIED", "END_SENSITIVITY_HIGH", "END_SENSITIVITY_LOW"];
/// The members of a `Part` (of a `Content`).
const PART_FIELDS: [&str; 12] = [
    "text",
    "inlineData",
    "fileData",
    "functionCall",
    "functionResponse",
    "executableCode",
    "codeExecutionResult",
    "thought",
    "thoughtSignature",
    "videoMetadata",
    "partMetadata",
    "mediaResolution",
];

/// `setup.generationConfig`.
pub(super) fn generation_config(config: &Value, at: &At) -> Result<(), Invalid> {
    for member in members(config, at, "GenerationConfig")? {
        let (value, at) = (member.value, &member.at);
        match member.name.as_str() {
            "responseModalities" => {
                let modalities = repeated(value, at, &proto_type("GenerationConfig.Modality"))?;
                for (i, modality) in modalities.iter().enumerate() {
                    enum_name(modality, &at.index(i), "GenerationConfig.Modality", &MODALITIES)?;
                }
                if modalities.len() > 1 {
                    return Err(Invalid::argument(
                        at,
                        "a Live session answers in one modality: AUDIO or TEXT",
                    ));
                }
            }
            "speechConfig" => speech_config(value, at)?,
            "temperature" | "topP" | "presencePenalty" | "frequencyPenalty" => {
                float(value, at, "TYPE_FLOAT")?;
            }
            "candidateCount" | "maxOutputTokens" | "topK" | "seed" => {
                integer(value, at, "TYPE_INT32")?;
            }
            "mediaResolution" => {
                enum_name(value, at, "GenerationConfig.MediaResolution", &MEDIA_RESOLUTIONS)?;
            }
            "enableAffectiveDialog" | "enableEnhancedCivicAnswers" => {
                boolean(value, at)?;
            }
            "thinkingConfig" => scalars(
                value,
                at,
                "ThinkingConfig",
                &[
                    ("includeThoughts", Scalar::Bool),
                    ("thinkingBudget", Scalar::Int32),
                    ("thinkingLevel", Scalar::String),
                ],
            )?,
            name if NOT_LIVE.contains(&name) => {
                return Err(Invalid::argument(at, "is not supported by the Live API"));
            }
            _ => return Err(member.unknown()),
        }
    }
    Ok(())
}

/// `generationConfig.speechConfig`: a prebuilt voice by name, and a language.
fn speech_config(config: &Value, at: &At) -> Result<(), Invalid> {
    for member in members(config, at, "SpeechConfig")? {
        match member.name.as_str() {
            "voiceConfig" => {
                for voice in members(member.value, &member.at, "VoiceConfig")? {
                    if voice.name != "prebuiltVoiceConfig" {
                        return Err(voice.unknown());
                    }
                    let fields = [("voiceName", Scalar::String)];
                    scalars(voice.value, &voice.at, "PrebuiltVoiceConfig", &fields)?;
                }
            }
            "languageCode" => {
                string(member.value, &member.at)?;
            }
            "multiSpeakerVoiceConfig" => {
                members(member.value, &member.at, "MultiSpeakerVoiceConfig")?;
            }
            _ => return Err(member.unknown()),
        }
    }
    Ok(())
}

/// `setup.realtimeInputConfig`: voice activity detection, and what speech does to the model.
pub(super) fn realtime_input_config(config: &Value, at: &At) -> Result<(), Invalid> {
    for member in members(config, at, "RealtimeInputConfig")? {
        let (value, at) = (member.value, &member.at);
        match member.name.as_str() {
            "automaticActivityDetection" => automatic_activity_detection(value, at)?,
            "activityHandling" => {
                enum_name(value, at, "RealtimeInputConfig.ActivityHandling", &ACTIVITY_HANDLING)?;
            }
            "turnCoverage" => {
                enum_name(value, at, "RealtimeInputConfig.TurnCoverage", &TURN_COVERAGE)?;
            }
            _ => return Err(member.unknown()),
        }
    }
    Ok(())
}

fn automatic_activity_detection(detection: &Value, at: &At) -> Result<(), Invalid> {
    let start = Scalar::Enum("AutomaticActivityDetection.StartSensitivity", &START_SENSITIVITY);
    let end = Scalar::Enum("AutomaticActivityDetection.EndSensitivity", &END_SENSITIVITY);
    let fields = [
        ("disabled", Scalar::Bool),
        ("startOfSpeechSensitivity", start),
        ("endOfSpeechSensitivity", end),
        ("prefixPaddingMs", Scalar::Count("TYPE_INT32")),
        ("silenceDurationMs", Scalar::Count("TYPE_INT32")),
    ];
    scalars(detection, at, "AutomaticActivityDetection", &fields)
}

/// `setup.sessionResumption`: `{handle?}`. (`transparent` exists on Vertex AI only.)
pub(super) fn session_resumption(config: &Value, at: &At) -> Result<(), Invalid> {
    scalars(config, at, "SessionResumptionConfig", &[("handle", Scalar::String)])
}

/// `setup.contextWindowCompression`: `{triggerTokens?, slidingWindow?: {targetTokens?}}`.
pub(super) fn context_window_compression(config: &Value, at: &At) -> Result<(), Invalid> {
    for member in members(config, at, "ContextWindowCompressionConfig")? {
        match member.name.as_str() {
            "triggerTokens" => {
                count(member.value, &member.at, "TYPE_INT64")?;
            }
            "slidingWindow" => {
                let fields = [("targetTokens", Scalar::Count("TYPE_INT64"))];
                scalars(member.value, &member.at, "SlidingWindow", &fields)?;
            }
            _ => return Err(member.unknown()),
        }
    }
    Ok(())
}

/// `inputAudioTranscription` / `outputAudioTranscription`: `{}` turns it on.
pub(super) fn audio_transcription(config: &Value, at: &At) -> Result<(), Invalid> {
    empty(config, at, "AudioTranscriptionConfig")
}

/// `setup.proactivity`: `{proactiveAudio?}`.
pub(super) fn proactivity(config: &Value, at: &At) -> Result<(), Invalid> {
    scalars(config, at, "ProactivityConfig", &[("proactiveAudio", Scalar::Bool)])
}

/// `setup.historyConfig`: `{initialHistoryInClientContent?}`.
pub(super) fn history_config(config: &Value, at: &At) -> Result<(), Invalid> {
    scalars(config, at, "HistoryConfig", &[("initialHistoryInClientContent", Scalar::Bool)])
}

/// A `Content`: `{parts: [Part], role?}` (a bare string is not one on the wire).
pub(super) fn content(value: &Value, at: &At) -> Result<(), Invalid> {
    let mut has_parts = false;
    for member in members(value, at, "Content")? {
        match member.name.as_str() {
            "parts" => {
                has_parts = true;
                let parts = repeated(member.value, &member.at, &proto_type("Part"))?;
                for (i, part) in parts.iter().enumerate() {
                    let at = member.at.index(i);
                    for field in members(part, &at, "Part")? {
                        if !PART_FIELDS.contains(&field.name.as_str()) {
                            return Err(field.unknown());
                        }
                        if field.name == "text" {
                            string(field.value, &field.at)?;
                        }
                    }
                }
            }
            "role" => {
                string(member.value, &member.at)?;
            }
            _ => return Err(member.unknown()),
        }
    }
    if !has_parts {
        return Err(Invalid::argument(&at.field("parts"), "missing field"));
    }
    Ok(())
}
