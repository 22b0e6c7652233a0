//! What the fake OpenAI remembers and the rules that decide its answers. No HTTP in here: the
//! routes turn requests into these calls, so what the fake answers can be read in one place.

use std::time::Duration;

use serde_json::Value;

pub(super) const DEFAULT_TRANSCRIPT: &str = "Hello, this is a test call.";

/// How far a measured frequency may be from a registered tone's and still be heard as it.
const TONE_TOLERANCE: f64 = 0.03;

/// One request as the fake received it, refused ones included.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenAiRequest {
    /// The path, e.g. `/v1/chat/completions`.
    pub path: String,
    /// The `model` of the JSON body or of the multipart form, when there is one as a string.
    pub model: Option<String>,
    /// The bearer token of the `Authorization` header, whether or not it was right.
    pub auth: Option<String>,
    /// The parsed JSON body of a chat request (`None` when it did not parse or for a form).
    pub body_json: Option<Value>,
    /// Transcription: the size of the uploaded `file` part, in bytes.
    pub audio_bytes: Option<usize>,
    /// Transcription: the filename of the `file` part.
    pub audio_filename: Option<String>,
    /// Transcription of a WAV: the dominant frequency of its audible part, in Hz (what
    /// [`super::FakeOpenAi::recognise_tone`] matches).
    pub audio_frequency: Option<f64>,
    /// Chat: the body's `response_format` object; transcription: the form's `response_format`
    /// as a JSON string.
    pub response_format: Option<Value>,
}

/// An OpenAI error answer: the HTTP status and the `error` object of `ErrorResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenAiError {
    pub status: u16,
    pub message: String,
    /// The error's `type`, e.g. `invalid_request_error`.
    pub kind: String,
    pub param: Option<String>,
    pub code: Option<String>,
}

impl OpenAiError {
    pub fn new(status: u16, kind: &str, message: impl Into<String>) -> OpenAiError {
        OpenAiError {
            status,
            message: message.into(),
            kind: kind.to_string(),
            param: None,
            code: None,
        }
    }

    pub fn param(mut self, param: &str) -> OpenAiError {
        self.param = Some(param.to_string());
        self
    }

    pub fn code(mut self, code: &str) -> OpenAiError {
        self.code = Some(code.to_string());
        self
    }

    pub fn invalid_request(message: impl Into<String>) -> OpenAiError {
        OpenAiError::new(400, "invalid_request_error", message)
    }

    /// OpenAI's answer to a wrong or missing key; it shows only the key's ends.
    pub fn invalid_api_key(given: Option<&str>) -> OpenAiError {
        let shown = given.map_or_else(String::new, |key| {
            let chars: Vec<char> = key.chars().collect();
            if chars.len() > 8 {
                let head: String = chars[..3].iter().collect();
                let tail: String = chars[chars.len() - 4..].iter().collect();
                format!("{head}*{tail}")
            } else {
                "*".repeat(chars.len())
            }
        });
        OpenAiError::new(
            401,
            "invalid_request_error",
            format!(
                "Incorrect API key provided: {shown}. You can find your API key at \
                 https://platform.openai.com/account/api-keys."
            ),
        )
        .code("invalid_api_key")
    }

    pub fn missing(param: &str) -> OpenAiError {
        OpenAiError::invalid_request(format!("Missing required parameter: '{param}'."))
            .param(param)
            .code("missing_required_parameter")
    }

    pub fn invalid_type(param: &str, expected: &str, got: &Value) -> OpenAiError {
        let got = match got {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
            Value::Number(_) => "a decimal",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        OpenAiError::invalid_request(format!(
            "Invalid type for '{param}': expected {expected}, but got {got} instead."
        ))
        .param(param)
        .code("invalid_type")
    }

    pub fn invalid_url(method: &str, path: &str) -> OpenAiError {
        OpenAiError::new(404, "invalid_request_error", format!("Invalid URL ({method} {path})"))
    }

    /// What OpenAI answers with `status` when nothing more specific applies (planned failures).
    pub fn for_status(status: u16) -> OpenAiError {
        match status {
            401 => OpenAiError::invalid_api_key(None),
            403 => OpenAiError::new(
                403,
                "invalid_request_error",
                "You are not allowed to sample from this model",
            ),
            404 => OpenAiError::new(
                404,
                "invalid_request_error",
                "The model does not exist or you do not have access to it.",
            )
            .code("model_not_found"),
            429 => OpenAiError::new(
                429,
                "requests",
                "Rate limit reached for requests. Please try again in 1s.",
            )
            .code("rate_limit_exceeded"),
            500 => OpenAiError::new(
                500,
                "server_error",
                "The server had an error while processing your request. Sorry about that!",
            ),
            503 => OpenAiError::new(
                503,
                "server_error",
                "The engine is currently overloaded, please try again later",
            ),
            502 => OpenAiError::new(502, "server_error", "Bad gateway."),
            _ if status >= 500 => OpenAiError::new(
                status,
                "server_error",
                "The server had an error processing your request.",
            ),
            _ => OpenAiError::invalid_request("The request was refused (planned failure)."),
        }
    }
}

/// A `respond_when` rule.
struct Rule {
    needle: String,
    content: String,
}

/// A `fail_next` plan: the next `remaining` requests whose path ends with `path_suffix`.
struct PlannedFailure {
    path_suffix: String,
    status: u16,
    remaining: u32,
}

/// A `fail_when` rule: every chat request whose messages contain `needle`.
struct NeedleFailure {
    needle: String,
    status: u16,
}

pub(super) struct State {
    pub api_key: String,
    pub transcript: String,
    /// `recognise_tone` rules: a tone's frequency (Hz) and what it is heard as.
    pub tones: Vec<(f64, String)>,
    pub delay: Duration,
    pub requests: Vec<OpenAiRequest>,
    rules: Vec<Rule>,
    planned: Vec<PlannedFailure>,
    needles: Vec<NeedleFailure>,
}

impl State {
    pub fn new(api_key: String) -> State {
        State {
            api_key,
            transcript: DEFAULT_TRANSCRIPT.to_string(),
            tones: Vec::new(),
            delay: Duration::ZERO,
            requests: Vec::new(),
            rules: Vec::new(),
            planned: Vec::new(),
            needles: Vec::new(),
        }
    }

    /// What an upload whose audible part is at `frequency` Hz says: the text of the registered
    /// tone nearest to it within 3%, else the transcript.
    pub fn heard(&self, frequency: Option<f64>) -> &str {
        frequency
            .and_then(|f| {
                self.tones
                    .iter()
                    .filter(|(tone, _)| (f - tone).abs() <= tone * TONE_TOLERANCE)
                    .min_by(|a, b| (f - a.0).abs().total_cmp(&(f - b.0).abs()))
            })
            .map_or(self.transcript.as_str(), |(_, text)| text.as_str())
    }

    /// Adds a rule after the others; a rule for the same needle is replaced where it stands.
    pub fn respond_when(&mut self, needle: &str, content: &str) {
        match self.rules.iter_mut().find(|rule| rule.needle == needle) {
            Some(rule) => rule.content = content.to_string(),
            None => {
                self.rules.push(Rule { needle: needle.to_string(), content: content.to_string() })
            }
        }
    }

    /// The content of the first rule whose needle occurs in one of `texts`.
    pub fn answer_for(&self, texts: &[String]) -> Option<&str> {
        self.rules
            .iter()
            .find(|rule| texts.iter().any(|text| text.contains(rule.needle.as_str())))
            .map(|rule| rule.content.as_str())
    }

    pub fn fail_next(&mut self, path_suffix: &str, status: u16, times: u32) {
        if times > 0 {
            self.planned.push(PlannedFailure {
                path_suffix: path_suffix.to_string(),
                status,
                remaining: times,
            });
        }
    }

    pub fn fail_when(&mut self, needle: &str, status: u16) {
        self.needles.push(NeedleFailure { needle: needle.to_string(), status });
    }

    pub fn clear_failures(&mut self) {
        self.planned.clear();
        self.needles.clear();
    }

    /// The first planned failure for `path`, counted down (and forgotten once used up).
    pub fn take_planned(&mut self, path: &str) -> Option<OpenAiError> {
        let index = self.planned.iter().position(|f| path.ends_with(f.path_suffix.as_str()))?;
        let failure = &mut self.planned[index];
        let status = failure.status;
        failure.remaining -= 1;
        if failure.remaining == 0 {
            self.planned.remove(index);
        }
        Some(OpenAiError::for_status(status))
    }

    /// The status of the first `fail_when` rule whose needle occurs in one of `texts`.
    pub fn needle_failure(&self, texts: &[String]) -> Option<OpenAiError> {
        self.needles
            .iter()
            .find(|f| texts.iter().any(|text| text.contains(f.needle.as_str())))
            .map(|f| OpenAiError::for_status(f.status))
    }

    pub fn count(&self, path_suffix: &str) -> usize {
        self.requests.iter().filter(|r| r.path.ends_with(path_suffix)).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planned_failures_count_down_and_rules_keep_their_place() {
        let mut state = State::new("sk-test".to_string());
        state.fail_next("/chat/completions", 500, 2);
        assert_eq!(state.take_planned("/v1/audio/transcriptions"), None);
        assert_eq!(state.take_planned("/v1/chat/completions").map(|e| e.status), Some(500));
        assert_eq!(state.take_planned("/v1/chat/completions").map(|e| e.status), Some(500));
        assert_eq!(state.take_planned("/v1/chat/completions"), None);

        state.respond_when("name", "first");
        state.respond_when("email", "second");
        state.respond_when("name", "replaced");
        let texts = vec!["the email and the name".to_string()];
        assert_eq!(state.answer_for(&texts), Some("replaced"));
        assert_eq!(state.answer_for(&["nothing".to_string()]), None);
    }

    #[test]
    fn masks_the_wrong_key_like_openai() {
        let error = OpenAiError::invalid_api_key(Some("sk-wrong-0123456789"));
        assert!(error.message.starts_with("Incorrect API key provided: sk-*6789."), "{error:?}");
        assert_eq!(error.code.as_deref(), Some("invalid_api_key"));
    }
}
