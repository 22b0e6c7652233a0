//! Reading a client message the way the service's proto-JSON parser does: every member must be
//! a field of the message type (in either spelling), every value of the field's type, every
//! enum value one of the enum's names; and the service's wording when one is not.

use std::fmt;

use serde_json::Value;

use crate::fakes::gemini::events::{camel_case, snake_case};

/// The package of the message and enum types the service names in its errors.
const PACKAGE: &str = "type.googleapis.com/google.ai.generativelanguage.v1beta";

/// Where in a client message a value is, as the service writes it: snake_case fields, `[i]`
/// for list entries, `[key]` for map entries (`setup.tools[0].function_declarations[0]`).
#[derive(Clone, Debug, PartialEq)]
pub(in crate::fakes::gemini) struct At(String);

impl At {
    pub fn root(name: &str) -> At {
        At(name.to_string())
    }

    /// The member `camel` (either spelling) of the value here.
    pub fn field(&self, camel: &str) -> At {
        At(format!("{}.{}", self.0, snake_case(camel)))
    }

    /// Entry `i` of the list here.
    pub fn index(&self, i: usize) -> At {
        At(format!("{}[{i}]", self.0))
    }

    /// Entry `key` of the map here.
    pub fn key(&self, key: &str) -> At {
        At(format!("{}[{key}]", self.0))
    }
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why the service refuses a client message; the text is the reason of its 1007 close.
#[derive(Debug, PartialEq)]
pub(in crate::fakes::gemini) enum Invalid {
    /// A member that is not a field of the message type.
    UnknownName { name: String, at: At },
    /// A value of the wrong JSON type, or a string that is none of the enum's names.
    Value { at: At, proto_type: String, value: String },
    /// Parsed, but against one of the service's rules for the request.
    Argument { at: At, rule: String },
}

impl Invalid {
    pub fn value(at: &At, proto_type: &str, value: &Value) -> Invalid {
        Invalid::Value {
            at: at.clone(),
            proto_type: proto_type.to_string(),
            value: value.to_string(),
        }
    }

    pub fn argument(at: &At, rule: impl Into<String>) -> Invalid {
        Invalid::Argument { at: at.clone(), rule: rule.into() }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Invalid::UnknownName { name, at } => write!(
                f,
                "Invalid JSON payload received. Unknown name \"{name}\" at '{at}': Cannot find \
                 field."
            ),
            Invalid::Value { at, proto_type, value } => write!(
                f,
                "Invalid JSON payload received. Invalid value at '{at}' ({proto_type}), {value}"
            ),
            Invalid::Argument { at, rule } => {
                // The service names the request, not the client message's `setup` member.
                let within = at.0.strip_prefix("setup.").unwrap_or(&at.0);
                write!(f, "* GenerateContentRequest.{within}: {rule}")
            }
        }
    }
}

/// The full name of a message or enum type of the API, as errors name it.
pub(super) fn proto_type(name: &str) -> String {
    format!("{PACKAGE}.{name}")
}

/// A member of a message: its field name (camelCase), and where it is.
pub(super) struct Member<'a> {
    pub name: String,
    pub value: &'a Value,
    pub at: At,
    /// The name as the client spelled it.
    sent: &'a str,
    parent: At,
}

impl Member<'_> {
    /// This member is not a field of its message.
    pub fn unknown(&self) -> Invalid {
        Invalid::UnknownName { name: self.sent.to_string(), at: self.parent.clone() }
    }
}

/// The members of the message of type `message_type` at `at` (an object, or refused).
pub(super) fn members<'a>(
    value: &'a Value,
    at: &At,
    message_type: &str,
) -> Result<Vec<Member<'a>>, Invalid> {
    let object =
        value.as_object().ok_or_else(|| Invalid::value(at, &proto_type(message_type), value))?;
    Ok(object
        .iter()
        .map(|(sent, value)| {
            let name = camel_case(sent);
            Member { at: at.field(&name), name, value, sent, parent: at.clone() }
        })
        .collect())
}

/// A message of type `message_type` that has no fields of its own (`{}`).
pub(super) fn empty(value: &Value, at: &At, message_type: &str) -> Result<(), Invalid> {
    match members(value, at, message_type)?.first() {
        Some(member) => Err(member.unknown()),
        None => Ok(()),
    }
}

pub(super) fn string<'a>(value: &'a Value, at: &At) -> Result<&'a str, Invalid> {
    value.as_str().ok_or_else(|| Invalid::value(at, "TYPE_STRING", value))
}

pub(super) fn boolean(value: &Value, at: &At) -> Result<bool, Invalid> {
    value.as_bool().ok_or_else(|| Invalid::value(at, "TYPE_BOOL", value))
}

/// An integer field (`TYPE_INT32` or `TYPE_INT64`): a JSON integer, or a string of one (proto
/// JSON writes 64-bit integers as strings).
pub(super) fn integer(value: &Value, at: &At, proto_type: &str) -> Result<i64, Invalid> {
    let parsed = match value {
        Value::Number(n) => {
            n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
        }
        Value::String(s) => s.parse::<i64>().ok(),
        _ => None,
    };
    let fits = |n: &i64| proto_type != "TYPE_INT32" || i32::try_from(*n).is_ok();
    parsed.filter(fits).ok_or_else(|| Invalid::value(at, proto_type, value))
}

/// An integer that is not negative (a count, a length, milliseconds).
pub(super) fn count(value: &Value, at: &At, proto_type: &str) -> Result<i64, Invalid> {
    let n = integer(value, at, proto_type)?;
    if n < 0 {
        return Err(Invalid::argument(at, format!("must not be negative, got {n}")));
    }
    Ok(n)
}

/// A floating-point field: a JSON number, or a string of one.
pub(super) fn float(value: &Value, at: &At, proto_type: &str) -> Result<f64, Invalid> {
    let parsed = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse::<f64>().ok(),
        _ => None,
    };
    parsed.ok_or_else(|| Invalid::value(at, proto_type, value))
}

/// An enum field: one of the enum's `names`, returned as the proto declares it (upper case).
/// Google's JSON parser takes enum names in any case — its own docs send `"type": "object"` in
/// function declarations and `"thinkingLevel": "high"` — so the fake does too.
pub(super) fn enum_name(
    value: &Value,
    at: &At,
    enum_type: &str,
    names: &[&'static str],
) -> Result<&'static str, Invalid> {
    value
        .as_str()
        .and_then(|given| names.iter().copied().find(|name| name.eq_ignore_ascii_case(given)))
        .ok_or_else(|| Invalid::value(at, &proto_type(enum_type), value))
}

/// A repeated field: a JSON array (of `element_type`s).
pub(super) fn repeated<'a>(
    value: &'a Value,
    at: &At,
    element_type: &str,
) -> Result<&'a Vec<Value>, Invalid> {
    value.as_array().ok_or_else(|| Invalid::value(at, element_type, value))
}

/// The type of a scalar field, for messages whose fields are all scalars.
#[derive(Clone, Copy)]
pub(super) enum Scalar {
    Bool,
    String,
    Int32,
    /// Not negative; with its proto type (`TYPE_INT32` or `TYPE_INT64`).
    Count(&'static str),
    /// An enum of this type, with these names.
    Enum(&'static str, &'static [&'static str]),
}

impl Scalar {
    fn check(self, value: &Value, at: &At) -> Result<(), Invalid> {
        match self {
            Scalar::Bool => boolean(value, at).map(drop),
            Scalar::String => string(value, at).map(drop),
            Scalar::Int32 => integer(value, at, "TYPE_INT32").map(drop),
            Scalar::Count(proto_type) => count(value, at, proto_type).map(drop),
            Scalar::Enum(enum_type, names) => enum_name(value, at, enum_type, names).map(drop),
        }
    }
}

/// The message of type `message_type` at `at`, whose fields are the scalars `fields`.
pub(super) fn scalars(
    value: &Value,
    at: &At,
    message_type: &str,
    fields: &[(&str, Scalar)],
) -> Result<(), Invalid> {
    for member in members(value, at, message_type)? {
        match fields.iter().find(|(name, _)| *name == member.name) {
            Some((_, scalar)) => scalar.check(member.value, &member.at)?,
            None => return Err(member.unknown()),
        }
    }
    Ok(())
}

/// The JSON type of a value, for error messages.
pub(in crate::fakes::gemini) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
