//! `setup.tools`: the `Tool`s the model may use, and the `FunctionDeclaration`s Loquent's agents
//! declare in them.

use serde_json::Value;

use super::proto::{At, Invalid, enum_name, members, proto_type, repeated, string};
use super::schema::schema;

/// `FunctionDeclaration.Behavior`'s names.
const BEHAVIORS: [&str; 3] = ["UNSPECIFIED", "BLOCKING", "NON_BLOCKING"];

/// Checks `setup.tools`.
pub(super) fn tools(value: &Value, at: &At) -> Result<(), Invalid> {
    for (i, tool) in repeated(value, at, &proto_type("Tool"))?.iter().enumerate() {
        let at = at.index(i);
        for member in members(tool, &at, "Tool")? {
            match member.name.as_str() {
                "functionDeclarations" => {
                    let declarations =
                        repeated(member.value, &member.at, &proto_type("FunctionDeclaration"))?;
                    for (j, declaration) in declarations.iter().enumerate() {
                        function_declaration(declaration, &member.at.index(j))?;
                    }
                }
                // The service's own tools: checked no further than being objects.
                "googleSearch"
                | "googleSearchRetrieval"
                | "codeExecution"
                | "urlContext"
                | "computerUse"
                | "fileSearch"
                | "googleMaps" => {
                    if !member.value.is_object() {
                        return Err(Invalid::value(&member.at, &proto_type("Tool"), member.value));
                    }
                }
                "mcpServers" => {
                    repeated(member.value, &member.at, &proto_type("McpServer"))?;
                }
                _ => return Err(member.unknown()),
            }
        }
    }
    Ok(())
}

/// A `FunctionDeclaration`: a valid name, and parameters either as Gemini's `Schema` or as a
/// JSON Schema, not both (the same for the response).
fn function_declaration(declaration: &Value, at: &At) -> Result<(), Invalid> {
    let mut name = None;
    let (mut parameters, mut parameters_json_schema) = (false, false);
    let (mut response, mut response_json_schema) = (false, false);
    for member in members(declaration, at, "FunctionDeclaration")? {
        let (value, at) = (member.value, &member.at);
        match member.name.as_str() {
            "name" => name = Some(string(value, at)?),
            "description" => {
                string(value, at)?;
            }
            "parameters" => {
                schema(value, at)?;
                parameters = true;
            }
            "response" => {
                schema(value, at)?;
                response = true;
            }
            "parametersJsonSchema" | "responseJsonSchema" => {
                // A JSON Schema (any JSON value on the wire); a function's must describe an object.
                if !value.is_object() {
                    return Err(Invalid::argument(at, "must be a JSON Schema object"));
                }
                if member.name == "parametersJsonSchema" {
                    parameters_json_schema = true;
                } else {
                    response_json_schema = true;
                }
            }
            "behavior" => {
                enum_name(value, at, "FunctionDeclaration.Behavior", &BEHAVIORS)?;
            }
            _ => return Err(member.unknown()),
        }
    }
    let Some(name) = name else {
        return Err(Invalid::argument(&at.field("name"), "missing field"));
    };
    // The service's rule: a letter or underscore first, then letters, digits, `_.:-`; 64 at most.
    let valid = name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "_.:-".contains(c));
    if !valid {
        return Err(Invalid::argument(
            &at.field("name"),
            format!(
                "Invalid function name {name:?}. Must start with a letter or an underscore. Must \
                 be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes \
                 (-), with a maximum length of 64."
            ),
        ));
    }
    if parameters && parameters_json_schema {
        return Err(Invalid::argument(
            &at.field("parametersJsonSchema"),
            "parameters and parameters_json_schema are mutually exclusive",
        ));
    }
    if response && response_json_schema {
        return Err(Invalid::argument(
            &at.field("responseJsonSchema"),
            "response and response_json_schema are mutually exclusive",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(tools_value: Value) -> Result<(), String> {
        tools(&tools_value, &At::root("setup").field("tools")).map_err(|e| e.to_string())
    }

    #[test]
    fn declarations_take_gemini_schemas_json_schemas_or_nothing() {
        let ok = json!([{"functionDeclarations": [
            {"name": "end_call", "description": "Hangs up."},
            {"name": "transfer_call", "behavior": "NON_BLOCKING",
             "parameters": {"type": "OBJECT", "properties": {"to": {"type": "STRING"}}}},
            {"name": "lookup", "parametersJsonSchema": {"type": "object", "properties": {},
                                                        "additionalProperties": false},
             "responseJsonSchema": {"type": "object"}},
        ]}, {"google_search": {}}]);
        assert_eq!(check(ok), Ok(()));
    }

    #[test]
    fn declarations_are_refused_as_the_service_refuses_them() {
        let with = |declaration: Value| json!([{"function_declarations": [declaration]}]);
        let both = with(json!({"name": "f",
            "parameters": {"type": "OBJECT", "properties": {"a": {"type": "STRING"}}},
            "parametersJsonSchema": {"type": "object"}}));
        assert!(check(both).expect_err("refused").contains("mutually exclusive"));
        let unknown = with(json!({"name": "f", "strict": true}));
        assert_eq!(
            check(unknown),
            Err("Invalid JSON payload received. Unknown name \"strict\" at \
                 'setup.tools[0].function_declarations[0]': Cannot find field."
                .into())
        );
        assert!(
            check(with(json!({"name": "1f"})))
                .expect_err("refused")
                .contains("Invalid function name")
        );
        assert!(check(with(json!({"description": "no name"}))).is_err());
        assert!(check(with(json!({"name": "f", "behavior": "ASYNC"}))).is_err());
        assert!(check(with(json!({"name": "f", "parametersJsonSchema": "object"}))).is_err());
        assert!(check(json!([{"retrieval": {}}])).expect_err("refused").contains("\"retrieval\""));
        assert!(check(json!({"functionDeclarations": []})).is_err());
    }
}
