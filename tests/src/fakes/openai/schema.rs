//! Structured outputs: the strict-mode rules OpenAI checks a `json_schema` response format
//! against, and the fake's default answer, the smallest JSON value the schema accepts.

use serde_json::{Map, Value};

/// How deep `$ref`s and nesting are followed before giving up with `null` (recursive schemas).
const MAX_DEPTH: u32 = 32;

/// The error OpenAI gives for a strict schema it does not support, or `None` when it would
/// accept it. The rules checked are the ones clients trip on: the root is an object, and every
/// object has `additionalProperties: false` and lists all its properties in `required`.
pub(super) fn strict_violation(name: &str, schema: &Value) -> Option<String> {
    let invalid =
        |detail: String| Some(format!("Invalid schema for response_format '{name}': {detail}"));
    let root_type = schema.get("type");
    if root_type != Some(&Value::String("object".to_string())) {
        let got = root_type.map_or_else(|| "None".to_string(), Value::to_string);
        return invalid(format!(
            "schema must be a JSON Schema of 'type: \"object\"', got 'type: {got}'."
        ));
    }
    let mut context = Vec::new();
    check_object_rules(schema, &mut context, 0).and_then(invalid)
}

/// Whether `schema` declares an object (also `["object", "null"]`).
fn is_object(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "object",
        Some(Value::Array(types)) => types.iter().any(|t| t == "object"),
        _ => schema.get("properties").is_some(),
    }
}

/// Python's repr of a tuple of strings, as OpenAI's messages show the place in the schema.
fn tuple(context: &[String]) -> String {
    match context {
        [] => "()".to_string(),
        [one] => format!("('{one}',)"),
        many => {
            let items: Vec<String> = many.iter().map(|c| format!("'{c}'")).collect();
            format!("({})", items.join(", "))
        }
    }
}

fn check_object_rules(schema: &Value, context: &mut Vec<String>, depth: u32) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    let Value::Object(map) = schema else {
        return None;
    };
    if is_object(schema) {
        if map.get("additionalProperties") != Some(&Value::Bool(false)) {
            return Some(format!(
                "In context={}, 'additionalProperties' is required to be supplied and to be false.",
                tuple(context)
            ));
        }
        let required: Vec<&str> = map
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let properties = map.get("properties").and_then(Value::as_object);
        if let Some(missing) =
            properties.and_then(|p| p.keys().find(|key| !required.contains(&key.as_str())))
        {
            return Some(format!(
                "In context={}, 'required' is required to be supplied and to be an array \
                 including every key in properties. Missing '{missing}'.",
                tuple(context)
            ));
        }
    }
    let mut nested = |segments: &[&str], child: &Value| {
        let before = context.len();
        context.extend(segments.iter().map(|s| s.to_string()));
        let found = check_object_rules(child, context, depth + 1);
        context.truncate(before);
        found
    };
    for keyword in ["properties", "$defs", "definitions"] {
        if let Some(children) = map.get(keyword).and_then(Value::as_object) {
            for (key, child) in children {
                if let Some(found) = nested(&[keyword, key.as_str()], child) {
                    return Some(found);
                }
            }
        }
    }
    if let Some(items) = map.get("items")
        && let Some(found) = nested(&["items"], items)
    {
        return Some(found);
    }
    for keyword in ["anyOf", "allOf"] {
        if let Some(branches) = map.get(keyword).and_then(Value::as_array) {
            for (index, branch) in branches.iter().enumerate() {
                if let Some(found) = nested(&[keyword, index.to_string().as_str()], branch) {
                    return Some(found);
                }
            }
        }
    }
    None
}

/// The smallest value `schema` accepts: `""`, `0` (or the `minimum`), `false`, `null`, `[]` (or
/// `minItems` minimal items), an object with every property minimal; `null` whenever the schema
/// allows it, the first value of an `enum`, the `const`. `$ref`s into the root are followed.
pub(super) fn minimal(schema: &Value) -> Value {
    minimal_in(schema, schema, 0)
}

fn minimal_in(schema: &Value, root: &Value, depth: u32) -> Value {
    let Value::Object(map) = schema else {
        return Value::Null;
    };
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        let target = reference.strip_prefix('#').and_then(|pointer| root.pointer(pointer));
        return target.map_or(Value::Null, |target| minimal_in(target, root, depth + 1));
    }
    if let Some(constant) = map.get("const") {
        return constant.clone();
    }
    if let Some(choices) = map.get("enum").and_then(Value::as_array) {
        return choices.first().cloned().unwrap_or(Value::Null);
    }
    for keyword in ["anyOf", "oneOf", "allOf"] {
        if let Some(branches) = map.get(keyword).and_then(Value::as_array) {
            if keyword != "allOf" && branches.iter().any(|b| b.get("type") == Some(&"null".into()))
            {
                return Value::Null;
            }
            return branches.first().map_or(Value::Null, |b| minimal_in(b, root, depth + 1));
        }
    }
    let type_name = match map.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(types)) if types.iter().any(|t| t == "null") => "null",
        Some(Value::Array(types)) => types.first().and_then(Value::as_str).unwrap_or("null"),
        _ if map.contains_key("properties") => "object",
        _ if map.contains_key("items") => "array",
        _ => "null",
    };
    let count = |keyword: &str| {
        map.get(keyword).and_then(Value::as_u64).and_then(|n| usize::try_from(n).ok()).unwrap_or(0)
    };
    match type_name {
        "string" => Value::String("a".repeat(count("minLength"))),
        "integer" | "number" => {
            let bound = |keyword: &str| map.get(keyword).and_then(Value::as_f64);
            let integer = type_name == "integer";
            let mut value: f64 = 0.0;
            if let Some(minimum) = bound("minimum") {
                value = value.max(minimum);
            }
            if let Some(above) = bound("exclusiveMinimum") {
                value = value.max(if integer { above.floor() + 1.0 } else { above + 1.0 });
            }
            if let Some(maximum) = bound("maximum") {
                value = value.min(maximum);
            }
            if integer {
                // Schema bounds are small whole numbers; `as` saturates the absurd ones.
                Value::from(value.ceil() as i64)
            } else {
                serde_json::Number::from_f64(value).map_or(Value::from(0), Value::Number)
            }
        }
        "boolean" => Value::Bool(false),
        "array" => {
            let item = map.get("items").map_or(Value::Null, |i| minimal_in(i, root, depth + 1));
            Value::Array(vec![item; count("minItems")])
        }
        "object" => {
            let properties = map.get("properties").and_then(Value::as_object);
            let object: Map<String, Value> = properties
                .into_iter()
                .flatten()
                .map(|(key, property)| (key.clone(), minimal_in(property, root, depth + 1)))
                .collect();
            Value::Object(object)
        }
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn minimal_values_follow_each_type() {
        let schema = json!({
            "type": "object",
            "properties": {
                "name": {"type": ["string", "null"]},
                "summary": {"type": "string"},
                "score": {"type": "integer", "minimum": 1},
                "ratio": {"type": "number"},
                "urgent": {"type": "boolean"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "mood": {"type": "string", "enum": ["happy", "sad"]},
                "kind": {"const": "call"},
                "email": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "address": {"$ref": "#/$defs/address"},
            },
            "$defs": {"address": {"type": "object", "properties": {"city": {"type": "string"}}}},
        });
        assert_eq!(
            minimal(&schema),
            json!({
                "name": null, "summary": "", "score": 1, "ratio": 0.0, "urgent": false,
                "tags": [], "mood": "happy", "kind": "call", "email": null,
                "address": {"city": ""},
            })
        );
        let recursive = json!({"type": "object", "properties": {"next": {"$ref": "#"}}});
        assert!(minimal(&recursive).is_object());
    }

    #[test]
    fn strict_schemas_need_closed_objects_listing_every_property() {
        let good = json!({
            "type": "object",
            "properties": {"items": {"type": "array", "items": {
                "type": "object",
                "properties": {"a": {"type": "string"}},
                "required": ["a"],
                "additionalProperties": false,
            }}},
            "required": ["items"],
            "additionalProperties": false,
        });
        assert_eq!(strict_violation("x", &good), None);

        let mut open = good.clone();
        open["properties"]["items"]["items"]
            .as_object_mut()
            .expect("an object")
            .remove("additionalProperties");
        assert_eq!(
            strict_violation("x", &open).as_deref(),
            Some(
                "Invalid schema for response_format 'x': In context=('properties', 'items', \
                 'items'), 'additionalProperties' is required to be supplied and to be false."
            )
        );

        let mut partial = good.clone();
        partial["required"] = json!([]);
        let message = strict_violation("x", &partial).expect("a violation");
        assert!(message.ends_with("In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'items'."), "{message}");

        let array = json!({"type": "array", "items": {"type": "string"}});
        assert!(strict_violation("x", &array).is_some_and(|m| m.contains("type: \"object\"")));
    }
}
