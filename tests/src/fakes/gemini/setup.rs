//! The `setup` message (`BidiGenerateContentSetup`): the checks it must pass before the fake
//! answers `setupComplete`, and what the tests read out of it. Either key spelling is accepted
//! everywhere.

use serde_json::Value;

use super::events::field;

/// The modalities a Live session can answer in.
const MODALITIES: [&str; 2] = ["AUDIO", "TEXT"];

/// Checks a `setup` body; the error is the reason of the 1007 close.
pub(super) fn validate(setup: &Value) -> Result<(), String> {
    if !setup.is_object() {
        return Err(format!("setup must be an object, got {}", kind(setup)));
    }
    match field(setup, "model") {
        None => return Err("setup.model is required".into()),
        Some(Value::String(model)) => {
            if model.strip_prefix("models/").is_none_or(str::is_empty) {
                return Err(format!("setup.model must be models/{{model}}, got {model:?}"));
            }
        }
        Some(other) => return Err(format!("setup.model must be a string, got {}", kind(other))),
    }
    if let Some(config) = field(setup, "generationConfig") {
        generation_config(config)?;
    }
    if let Some(instruction) = field(setup, "systemInstruction") {
        content("setup.systemInstruction", instruction)?;
    }
    if let Some(tools) = field(setup, "tools") {
        let tools = array("setup.tools", tools)?;
        for tool in tools {
            if !tool.is_object() {
                return Err(format!("setup.tools[] must be objects, got {}", kind(tool)));
            }
            let Some(declarations) = field(tool, "functionDeclarations") else { continue };
            for declaration in array("setup.tools[].functionDeclarations", declarations)? {
                function_declaration(declaration)?;
            }
        }
    }
    Ok(())
}

fn generation_config(config: &Value) -> Result<(), String> {
    if !config.is_object() {
        return Err(format!("setup.generationConfig must be an object, got {}", kind(config)));
    }
    if let Some(modalities) = field(config, "responseModalities") {
        for modality in array("generationConfig.responseModalities", modalities)? {
            if !modality.as_str().is_some_and(|m| MODALITIES.contains(&m)) {
                return Err(format!("Invalid value at responseModalities: {modality}"));
            }
        }
    }
    if let Some(speech) = field(config, "speechConfig") {
        if !speech.is_object() {
            return Err(format!("speechConfig must be an object, got {}", kind(speech)));
        }
        let name = field(speech, "voiceConfig")
            .and_then(|v| field(v, "prebuiltVoiceConfig"))
            .and_then(|v| field(v, "voiceName"));
        if let Some(name) = name.filter(|n| !n.is_string()) {
            return Err(format!("voiceName must be a string, got {}", kind(name)));
        }
    }
    Ok(())
}

/// A `Content`: `{parts: [{text}…], role?}` (a bare string is not one on the wire).
fn content(at: &str, value: &Value) -> Result<(), String> {
    if !value.is_object() {
        return Err(format!("{at} must be a Content object, got {}", kind(value)));
    }
    let parts = field(value, "parts").ok_or_else(|| format!("{at}.parts is required"))?;
    for part in array(&format!("{at}.parts"), parts)? {
        if !part.is_object() {
            return Err(format!("{at}.parts[] must be objects, got {}", kind(part)));
        }
    }
    Ok(())
}

fn function_declaration(declaration: &Value) -> Result<(), String> {
    let name = field(declaration, "name")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("a function declaration needs a string name, got {declaration}"))?;
    // The service's rule: a letter or underscore first, then letters, digits, `_.:-`; 64 at most.
    let valid = name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "_.:-".contains(c));
    if !valid {
        return Err(format!("Invalid function name {name:?}"));
    }
    if let Some(parameters) = field(declaration, "parameters").filter(|p| !p.is_object()) {
        return Err(format!("{name}.parameters must be a Schema object, got {}", kind(parameters)));
    }
    Ok(())
}

fn array<'a>(at: &str, value: &'a Value) -> Result<&'a Vec<Value>, String> {
    value.as_array().ok_or_else(|| format!("{at} must be an array, got {}", kind(value)))
}

/// The JSON type of a value, for error messages.
pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
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
