//! The server events the fake sends, shaped as the GA `RealtimeServerEvent*` schemas of
//! `shared/specs/openai_openapi.yaml` (the `x-oaiMeta` examples included).

use serde_json::{Value, json};

/// An OpenAI-style ID: `prefix_` and 21 characters (`event_…`, `sess_…`, `resp_…`, `item_…`).
pub(super) fn new_id(prefix: &str) -> String {
    let hex = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}_{}", &hex[..21])
}

/// A server event: `type`, a fresh `event_id`, then the members of `body`.
pub(super) fn event(kind: &str, body: Value) -> Value {
    let mut event = serde_json::Map::new();
    event.insert("type".into(), kind.into());
    event.insert("event_id".into(), new_id("event").into());
    if let Value::Object(body) = body {
        event.extend(body);
    }
    Value::Object(event)
}

/// The bound of a number field that a value went past.
#[derive(Clone, Copy, Debug)]
pub(super) enum Limit {
    Min(f64),
    Max(f64),
}

/// Why the fake refuses a client event: the `error` object of OpenAI's `error` event.
#[derive(Debug)]
pub(super) struct Rejection {
    pub code: &'static str,
    pub message: String,
    pub param: Option<String>,
}

impl Rejection {
    pub fn new(code: &'static str, param: Option<&str>, message: impl Into<String>) -> Rejection {
        Rejection { code, message: message.into(), param: param.map(str::to_string) }
    }

    pub fn missing(param: &str) -> Rejection {
        let message = format!("Missing required parameter: '{param}'.");
        Rejection::new("missing_required_parameter", Some(param), message)
    }

    pub fn unknown(param: &str) -> Rejection {
        Rejection::new("unknown_parameter", Some(param), format!("Unknown parameter: '{param}'."))
    }

    pub fn invalid(param: &str, message: impl Into<String>) -> Rejection {
        Rejection::new("invalid_value", Some(param), message)
    }

    /// The number `got` at `param` is past its `limit`: below a minimum or above a maximum;
    /// `integer` says whether the field is an integer or a decimal.
    pub fn out_of_range(param: &str, integer: bool, limit: Limit, got: f64) -> Rejection {
        let (code, what, relation, bound) = match (integer, limit) {
            (true, Limit::Min(n)) => ("integer_below_min_value", "integer below minimum", ">=", n),
            (true, Limit::Max(n)) => ("integer_above_max_value", "integer above maximum", "<=", n),
            (false, Limit::Min(n)) => ("decimal_below_min_value", "decimal below minimum", ">=", n),
            (false, Limit::Max(n)) => ("decimal_above_max_value", "decimal above maximum", "<=", n),
        };
        let message = format!(
            "Invalid '{param}': {what} value. Expected a value {relation} {bound}, but got {got} \
             instead."
        );
        Rejection::new(code, Some(param), message)
    }

    /// `value` at `param` is not of the `expected` JSON type ("a string", "an object"…).
    pub fn wrong_type(param: &str, expected: &str, value: &Value) -> Rejection {
        let got = match value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
            Value::Number(_) => "a decimal",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        let message =
            format!("Invalid type for '{param}': expected {expected}, but got {got} instead.");
        Rejection::new("invalid_type", Some(param), message)
    }

    /// The `error` event for this rejection of the client event `client_event_id`.
    pub fn to_event(&self, client_event_id: Option<&str>) -> Value {
        event(
            "error",
            json!({"error": {
                "type": "invalid_request_error",
                "code": self.code,
                "message": self.message,
                "param": self.param,
                "event_id": client_event_id,
            }}),
        )
    }
}

/// What OpenAI says when a session reaches its maximum duration.
pub(super) const SESSION_EXPIRED: &str = "Your session hit the maximum duration of 60 minutes.";

/// The close code OpenAI ends an expired session with ("going away").
pub(super) const GOING_AWAY: u16 = 1001;

/// An `error` event that answers no client event.
pub(super) fn error(error_type: &str, code: Option<&str>, message: &str) -> Value {
    event(
        "error",
        json!({"error": {
            "type": error_type,
            "code": code,
            "message": message,
            "param": null,
            "event_id": null,
        }}),
    )
}

/// The `error` event a crashing provider sends last.
pub(super) fn server_error() -> Value {
    error(
        "server_error",
        None,
        "The server had an error while processing your request. Sorry about that!",
    )
}

/// A `RealtimeResponse` for `response.created` / `response.done`.
pub(super) fn response(
    id: &str,
    conversation_id: &str,
    session: &Value,
    status: &str,
    status_details: Value,
    output: Vec<Value>,
    usage: Value,
) -> Value {
    json!({
        "object": "realtime.response",
        "id": id,
        "status": status,
        "status_details": status_details,
        "output": output,
        "conversation_id": conversation_id,
        "output_modalities": session["output_modalities"],
        "max_output_tokens": session["max_output_tokens"],
        "audio": {"output": {
            "format": session["audio"]["output"]["format"],
            "voice": session["audio"]["output"]["voice"],
        }},
        "usage": usage,
        "metadata": null,
    })
}

/// Plausible token usage for a finished response with `audio_tokens` of audio output.
pub(super) fn usage(audio_tokens: usize) -> Value {
    json!({
        "total_tokens": audio_tokens + 12,
        "input_tokens": 12,
        "output_tokens": audio_tokens,
        "input_token_details": {
            "text_tokens": 12, "audio_tokens": 0, "image_tokens": 0, "cached_tokens": 0,
            "cached_tokens_details": {"text_tokens": 0, "audio_tokens": 0, "image_tokens": 0},
        },
        "output_token_details": {"text_tokens": 0, "audio_tokens": audio_tokens},
    })
}

/// An assistant audio message item; `transcript` is `None` while it has no content yet.
pub(super) fn assistant_message(id: &str, status: &str, transcript: Option<&str>) -> Value {
    let content: Vec<Value> =
        transcript.map(|t| json!({"type": "output_audio", "transcript": t})).into_iter().collect();
    json!({
        "id": id, "object": "realtime.item", "type": "message", "status": status,
        "role": "assistant", "content": content,
    })
}

/// A `function_call` item.
pub(super) fn function_call(
    id: &str,
    status: &str,
    call_id: &str,
    name: &str,
    arguments: &str,
) -> Value {
    json!({
        "id": id, "object": "realtime.item", "type": "function_call", "status": status,
        "call_id": call_id, "name": name, "arguments": arguments,
    })
}

/// An output item of a response appears: `response.output_item.added`, then
/// `conversation.item.added` (the item is the conversation's too).
pub(super) fn item_added(
    response_id: &str,
    previous_item_id: Option<&str>,
    item: &Value,
) -> [Value; 2] {
    item_events("added", response_id, previous_item_id, item)
}

/// An output item of a response is finished: `response.output_item.done`, then
/// `conversation.item.done`.
pub(super) fn item_done(
    response_id: &str,
    previous_item_id: Option<&str>,
    item: &Value,
) -> [Value; 2] {
    item_events("done", response_id, previous_item_id, item)
}

fn item_events(
    stage: &str,
    response_id: &str,
    previous_item_id: Option<&str>,
    item: &Value,
) -> [Value; 2] {
    [
        event(
            &format!("response.output_item.{stage}"),
            json!({"response_id": response_id, "output_index": 0, "item": item}),
        ),
        event(
            &format!("conversation.item.{stage}"),
            json!({"previous_item_id": previous_item_id, "item": item}),
        ),
    ]
}

/// `rate_limits.updated`, which OpenAI sends after each `response.done`.
pub(super) fn rate_limits() -> Value {
    event(
        "rate_limits.updated",
        json!({"rate_limits": [
            {"name": "requests", "limit": 5000, "remaining": 4999, "reset_seconds": 0.012},
            {"name": "tokens", "limit": 40000, "remaining": 39000, "reset_seconds": 1.5},
        ]}),
    )
}
