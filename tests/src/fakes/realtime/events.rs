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

/// The `error` event a crashing provider sends last.
pub(super) fn server_error() -> Value {
    event(
        "error",
        json!({"error": {
            "type": "server_error",
            "code": null,
            "message": "The server had an error while processing your request. Sorry about that!",
            "param": null,
            "event_id": null,
        }}),
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
