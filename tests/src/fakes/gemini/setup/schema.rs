//! Gemini's `Schema`: the subset of OpenAPI 3.0 a function declaration's `parameters` (and
//! `response`) are written in. Only its own fields are accepted — JSON-Schema-only keywords such
//! as `additionalProperties` or `$ref` are unknown names — its `type` is one of the proto enum's
//! names (in any case, as Google's JSON parser takes them), and the service's rules hold: an OBJECT has properties, an ARRAY has items,
//! `required` names properties.

use serde_json::Value;

use super::proto::{At, Invalid, count, enum_name, float, members, proto_type, repeated, string};

/// `Type`'s names.
const TYPES: [&str; 8] =
    ["TYPE_UNSPECIFIED", "STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT", "NULL"];

/// Checks the `Schema` at `at`.
pub(super) fn schema(value: &Value, at: &At) -> Result<(), Invalid> {
    let mut kind = None;
    let mut properties = None;
    let mut required = Vec::new();
    let mut has_items = false;
    let mut has_any_of = false;
    for member in members(value, at, "Schema")? {
        let (value, at) = (member.value, &member.at);
        match member.name.as_str() {
            "type" => kind = Some(enum_name(value, at, "Type", &TYPES)?),
            "format" | "title" | "description" | "pattern" => {
                string(value, at)?;
            }
            "nullable" => {
                super::proto::boolean(value, at)?;
            }
            "enum" | "propertyOrdering" => {
                for (i, entry) in repeated(value, at, "TYPE_STRING")?.iter().enumerate() {
                    string(entry, &at.index(i))?;
                }
            }
            "maxItems" | "minItems" | "minProperties" | "maxProperties" | "minLength"
            | "maxLength" => {
                count(value, at, "TYPE_INT64")?;
            }
            "minimum" | "maximum" => {
                float(value, at, "TYPE_DOUBLE")?;
            }
            // Any JSON value (`google.protobuf.Value`).
            "example" | "default" => {}
            "properties" => {
                let entries = value.as_object().ok_or_else(|| {
                    Invalid::value(at, &proto_type("Schema.PropertiesEntry"), value)
                })?;
                for (name, property) in entries {
                    schema(property, &at.key(name))?;
                }
                properties = Some(entries.keys().cloned().collect::<Vec<_>>());
            }
            "required" => {
                for (i, name) in repeated(value, at, "TYPE_STRING")?.iter().enumerate() {
                    required.push((i, string(name, &at.index(i))?.to_string()));
                }
            }
            "items" => {
                schema(value, at)?;
                has_items = true;
            }
            "anyOf" => {
                for (i, option) in repeated(value, at, &proto_type("Schema"))?.iter().enumerate() {
                    schema(option, &at.index(i))?;
                }
                has_any_of = true;
            }
            _ => return Err(member.unknown()),
        }
    }
    match kind {
        None if !has_any_of => Err(Invalid::argument(
            &at.field("type"),
            "must be specified when not using one_of, any_of or all_of fields",
        )),
        Some("OBJECT") if properties.as_ref().is_none_or(Vec::is_empty) => {
            Err(Invalid::argument(&at.field("properties"), "should be non-empty for OBJECT type"))
        }
        Some("ARRAY") if !has_items => Err(Invalid::argument(&at.field("items"), "missing field")),
        _ => {
            let defined = properties.unwrap_or_default();
            match required.into_iter().find(|(_, name)| !defined.contains(name)) {
                Some((i, _)) => Err(Invalid::argument(
                    &at.field("required").index(i),
                    "property is not defined",
                )),
                None => Ok(()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(value: Value) -> Result<(), String> {
        let at = At::root("setup").field("tools").index(0).field("functionDeclarations").index(0);
        schema(&value, &at.field("parameters")).map_err(|e| e.to_string())
    }

    #[test]
    fn a_gemini_schema_is_accepted() {
        let parameters = json!({
            "type": "OBJECT", "description": "Where to send the call.", "nullable": false,
            "properties": {
                "destination": {"type": "STRING", "enum": ["Billing", "Sales"], "format": "enum"},
                "attempts": {"type": "INTEGER", "minimum": 1, "maximum": "3"},
                "notes": {"type": "ARRAY", "items": {"type": "STRING", "maxLength": "200"},
                          "minItems": 0, "max_items": 5},
                "when": {"anyOf": [{"type": "STRING"}, {"type": "NULL"}]},
            },
            "required": ["destination"], "propertyOrdering": ["destination", "attempts"],
            "example": {"destination": "Billing"}, "default": null,
        });
        assert_eq!(check(parameters), Ok(()));
    }

    #[test]
    fn json_schema_keywords_are_unknown_names() {
        let parameters = json!({"type": "OBJECT", "properties": {"to": {"type": "STRING"}},
                                "additionalProperties": false});
        assert_eq!(
            check(parameters),
            Err("Invalid JSON payload received. Unknown name \"additionalProperties\" at \
                 'setup.tools[0].function_declarations[0].parameters': Cannot find field."
                .into())
        );
        let nested = json!({"type": "OBJECT",
                            "properties": {"to": {"type": "STRING", "$ref": "#/defs/to"}}});
        let error = check(nested).expect_err("refused");
        assert!(
            error.contains(
                "\"$ref\" at 'setup.tools[0].function_declarations[0].parameters.properties[to]'"
            ),
            "{error}"
        );
    }

    #[test]
    fn types_are_the_proto_enum_names_in_any_case() {
        assert!(check(json!({"type": "object", "properties": {"a": {"type": "string"}}})).is_ok());
        let error = check(json!({"type": "dict", "properties": {"a": {"type": "STRING"}}}))
            .expect_err("refused");
        assert_eq!(
            error,
            "Invalid JSON payload received. Invalid value at \
             'setup.tools[0].function_declarations[0].parameters.type' \
             (type.googleapis.com/google.ai.generativelanguage.v1beta.Type), \"dict\""
        );
        assert!(check(json!({"type": "STRING", "maxLength": "many"})).is_err());
        assert!(check(json!({"type": "STRING", "minLength": -1})).is_err());
        assert!(check(json!({"type": "STRING", "enum": "a"})).is_err());
    }

    #[test]
    fn the_services_rules_hold() {
        assert_eq!(
            check(json!({"type": "OBJECT", "properties": {}})),
            Err("* GenerateContentRequest.tools[0].function_declarations[0].parameters.properties: \
                 should be non-empty for OBJECT type"
                .into())
        );
        assert!(check(json!({"type": "OBJECT"})).is_err());
        assert_eq!(
            check(json!({"type": "OBJECT", "properties": {"a": {"type": "STRING"}},
                         "required": ["a", "b"]})),
            Err("* GenerateContentRequest.tools[0].function_declarations[0].parameters.required[1]: \
                 property is not defined"
                .into())
        );
        assert_eq!(
            check(json!({"type": "OBJECT", "properties": {"a": {"type": "ARRAY"}}})),
            Err("* GenerateContentRequest.tools[0].function_declarations[0].parameters.properties[a].items: \
                 missing field"
                .into())
        );
        let untyped = check(json!({"type": "OBJECT", "properties": {"a": {"description": "x"}}}));
        assert!(untyped.expect_err("refused").contains("properties[a].type: must be specified"));
    }
}
