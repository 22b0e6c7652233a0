//! The one `setup` message of a Gemini Live connection, written the way the Gemini Developer API
//! accepts it.
//!
//! - Tools: `parameters` is Gemini's OpenAPI-subset `Schema`, not JSON Schema. The API refuses
//!   keywords outside it (`additionalProperties` is the one our tools carry for OpenAI: "Unknown
//!   name additionalProperties") and an OBJECT without properties, so a parameterless function
//!   has no `parameters` at all.
//! - Calls outlast a connection: `sessionResumption` asks for handles to resume from, and
//!   `contextWindowCompression` lifts the 15-minute limit of an audio session.
//! - The agent's eagerness becomes the automatic activity detection's end-of-speech
//!   sensitivity and silence duration (Gemini's one turn detector).

use serde_json::{Map, Value, json};

use crate::clients::realtime::SessionSettings;

/// The `Schema` members Gemini knows besides `type`, `properties`, `items` and `anyOf` (which
/// are converted): copied as they are.
const SCHEMA_MEMBERS: [&str; 17] = [
    "description",
    "enum",
    "required",
    "format",
    "title",
    "nullable",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "pattern",
    "minProperties",
    "maxProperties",
    "example",
    "default",
];

/// The `setup` for a new session, or for resuming one from `handle`.
pub fn setup(s: &SessionSettings, handle: Option<&str>) -> Value {
    let model = if s.model.starts_with("models/") {
        s.model.clone()
    } else {
        format!("models/{}", s.model)
    };
    let mut setup = json!({
        "model": model,
        "generationConfig": {
            "responseModalities": ["AUDIO"],
            "speechConfig": {"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": s.voice}}}
        },
        "systemInstruction": {"parts": [{"text": s.instructions}]},
        "sessionResumption": match handle {
            Some(handle) => json!({"handle": handle}),
            None => json!({}),
        },
        "contextWindowCompression": {"slidingWindow": {}},
        "inputAudioTranscription": {},
        "outputAudioTranscription": {}
    });
    let declarations: Vec<Value> = s
        .tools
        .iter()
        .map(|t| {
            let mut declaration = json!({"name": t.name, "description": t.description});
            if let Some(parameters) = parameters(&t.parameters) {
                declaration["parameters"] = parameters;
            }
            declaration
        })
        .collect();
    if !declarations.is_empty() {
        setup["tools"] = json!([{"functionDeclarations": declarations}]);
    }
    if let Some(detection) = activity_detection(s.eagerness) {
        setup["realtimeInputConfig"] = json!({"automaticActivityDetection": detection});
    }
    json!({"setup": setup})
}

/// A tool's JSON Schema as Gemini's `Schema`; `None` for a function without parameters.
fn parameters(json_schema: &Value) -> Option<Value> {
    let has_properties =
        json_schema.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty());
    has_properties.then(|| schema(json_schema))
}

/// JSON Schema → Gemini `Schema`: types by their enum names (`OBJECT`, `STRING`…), nested
/// schemas converted, members Gemini doesn't know left out.
fn schema(json_schema: &Value) -> Value {
    let Some(members) = json_schema.as_object() else { return json!({}) };
    let mut out = Map::new();
    for (key, value) in members {
        match key.as_str() {
            "type" => {
                // `["string", "null"]` in JSON Schema is a nullable STRING in Gemini's.
                let types: Vec<&str> = match value {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                    _ => Vec::new(),
                };
                if types.contains(&"null") {
                    out.insert("nullable".into(), true.into());
                }
                if let Some(t) = types.iter().find(|t| **t != "null") {
                    out.insert("type".into(), t.to_ascii_uppercase().into());
                }
            }
            "properties" => {
                let properties: Map<String, Value> = value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(name, s)| (name.clone(), schema(s)))
                    .collect();
                out.insert("properties".into(), properties.into());
            }
            "items" => {
                out.insert("items".into(), schema(value));
            }
            "anyOf" => {
                let options: Vec<Value> =
                    value.as_array().into_iter().flatten().map(schema).collect();
                out.insert("anyOf".into(), options.into());
            }
            other if SCHEMA_MEMBERS.contains(&other) => {
                out.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
    Value::Object(out)
}

/// How readily the agent takes its turn, as Gemini's automatic activity detection: the
/// end-of-speech sensitivity and how much silence ends the caller's turn. `auto` keeps
/// Gemini's own defaults.
fn activity_detection(eagerness: &str) -> Option<Value> {
    match eagerness {
        "low" => Some(
            json!({"endOfSpeechSensitivity": "END_SENSITIVITY_LOW", "silenceDurationMs": 1000}),
        ),
        "medium" => Some(json!({"silenceDurationMs": 600})),
        "high" => Some(
            json!({"endOfSpeechSensitivity": "END_SENSITIVITY_HIGH", "silenceDurationMs": 300}),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::realtime::ToolSpec;

    fn settings(tools: Vec<ToolSpec>, eagerness: &'static str) -> SessionSettings {
        SessionSettings {
            model: "gemini-2.5-flash-native-audio-preview-09-2025".into(),
            instructions: "Be brief.".into(),
            voice: "Kore".into(),
            speed: 1.0,
            noise_reduction: None,
            turn_detection: "server_vad",
            eagerness,
            tools,
        }
    }

    #[test]
    fn tools_are_declared_as_gemini_schemas() {
        let tools = vec![
            ToolSpec {
                name: "end_call",
                description: "Hang up.".into(),
                parameters: json!({"type": "object", "properties": {}, "additionalProperties": false}),
            },
            ToolSpec {
                name: "transfer_call",
                description: "Transfer.".into(),
                parameters: json!({"type": "object", "additionalProperties": false,
                    "properties": {"destination": {"type": "string", "enum": ["Billing"]},
                                   "note": {"type": ["string", "null"]},
                                   "tags": {"type": "array", "items": {"type": "string"}}},
                    "required": ["destination"]}),
            },
        ];
        let setup = setup(&settings(tools, "auto"), None);
        let declarations = &setup["setup"]["tools"][0]["functionDeclarations"];
        assert_eq!(declarations[0], json!({"name": "end_call", "description": "Hang up."}));
        assert_eq!(
            declarations[1]["parameters"],
            json!({"type": "OBJECT", "required": ["destination"], "properties": {
                "destination": {"type": "STRING", "enum": ["Billing"]},
                "note": {"type": "STRING", "nullable": true},
                "tags": {"type": "ARRAY", "items": {"type": "STRING"}}}})
        );
    }

    #[test]
    fn sessions_ask_for_resumption_compression_and_transcripts() {
        let fresh = setup(&settings(vec![], "auto"), None);
        let s = &fresh["setup"];
        assert_eq!(s["model"], "models/gemini-2.5-flash-native-audio-preview-09-2025");
        assert_eq!(s["sessionResumption"], json!({}));
        assert_eq!(s["contextWindowCompression"], json!({"slidingWindow": {}}));
        assert!(s.get("tools").is_none(), "no tools, no declarations");
        assert!(s.get("realtimeInputConfig").is_none(), "auto keeps Gemini's defaults");
        assert_eq!(s["inputAudioTranscription"], json!({}));
        let resumed = setup(&settings(vec![], "auto"), Some("h-1"));
        assert_eq!(resumed["setup"]["sessionResumption"], json!({"handle": "h-1"}));
    }

    #[test]
    fn eagerness_sets_the_activity_detection() {
        let high = setup(&settings(vec![], "high"), None);
        let detection = &high["setup"]["realtimeInputConfig"]["automaticActivityDetection"];
        assert_eq!(detection["endOfSpeechSensitivity"], "END_SENSITIVITY_HIGH");
        assert_eq!(detection["silenceDurationMs"], 300);
        let low = setup(&settings(vec![], "low"), None);
        let detection = &low["setup"]["realtimeInputConfig"]["automaticActivityDetection"];
        assert_eq!(detection["endOfSpeechSensitivity"], "END_SENSITIVITY_LOW");
    }
}
