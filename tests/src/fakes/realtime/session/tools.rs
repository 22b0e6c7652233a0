//! `session.tools` and `session.tool_choice` of a `session.update`: function tools
//! (`RealtimeFunctionTool`, parameters a JSON Schema of an object) and how the model picks one
//! (`ToolChoiceOptions` or `ToolChoiceFunction`).

use serde_json::Value;

use super::{object, only, string};
use crate::fakes::realtime::events::Rejection;

const TOOL_FIELDS: [&str; 4] = ["type", "name", "description", "parameters"];
const TOOL_CHOICES: [&str; 3] = ["auto", "none", "required"];

pub(super) fn validate_tools(tools: &Value) -> Result<(), Rejection> {
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
        let name = match fields.get("name") {
            Some(Value::String(name)) => name,
            Some(other) => {
                return Err(Rejection::wrong_type(&format!("{param}.name"), "a string", other));
            }
            None => return Err(Rejection::missing(&format!("{param}.name"))),
        };
        // OpenAI's pattern for function names.
        let valid = (1..=64).contains(&name.len())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid {
            return Err(Rejection::invalid(
                &format!("{param}.name"),
                format!(
                    "Invalid '{param}.name': string does not match pattern. Expected a string \
                     that matches the pattern '^[a-zA-Z0-9_-]+$'."
                ),
            ));
        }
        if let Some(description) = fields.get("description") {
            string(description, &format!("{param}.description"))?;
        }
        if let Some(parameters) = fields.get("parameters") {
            validate_parameters(parameters, name, &format!("{param}.parameters"))?;
        }
    }
    Ok(())
}

/// A function's parameters: a JSON Schema whose root is an object.
fn validate_parameters(parameters: &Value, name: &str, param: &str) -> Result<(), Rejection> {
    let schema = object(parameters, param)?;
    match schema.get("type") {
        Some(kind) if kind == "object" => Ok(()),
        other => {
            let got = other.and_then(Value::as_str).unwrap_or("None");
            Err(Rejection::new(
                "invalid_function_parameters",
                Some(param),
                format!(
                    "Invalid schema for function '{name}': schema must be a JSON Schema of \
                     'type: \"object\"', got 'type: \"{got}\"'."
                ),
            ))
        }
    }
}

/// `tool_choice`: `auto`, `none`, `required`, or `{type: "function", name}`.
pub(super) fn validate_tool_choice(choice: &Value) -> Result<(), Rejection> {
    let param = "session.tool_choice";
    match choice {
        Value::String(mode) if TOOL_CHOICES.contains(&mode.as_str()) => Ok(()),
        Value::String(mode) => Err(Rejection::invalid(
            param,
            format!(
                "Invalid value: '{mode}'. Supported values are: 'auto', 'none' and 'required'."
            ),
        )),
        Value::Object(fields) => {
            only(fields, &["type", "name"], param)?;
            if fields.get("type").and_then(Value::as_str) != Some("function") {
                return Err(Rejection::invalid(
                    &format!("{param}.type"),
                    "Invalid value. Supported values are: 'function' and 'mcp'.",
                ));
            }
            match fields.get("name") {
                Some(Value::String(_)) => Ok(()),
                Some(other) => {
                    Err(Rejection::wrong_type(&format!("{param}.name"), "a string", other))
                }
                None => Err(Rejection::missing(&format!("{param}.name"))),
            }
        }
        other => Err(Rejection::wrong_type(param, "a string or an object", other)),
    }
}
