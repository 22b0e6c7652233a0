//! The HTTP side. Every request lands in [`handle`], which reads and decodes the body, then goes
//! through the steps in order: record it, serve a planned failure, authenticate, find the
//! endpoint, refuse an invalid body, serve a `fail_when` failure, answer; and waits out the
//! delay, if one is set, before sending the answer.

use std::sync::{Mutex, MutexGuard, PoisonError};

use actix_web::http::StatusCode;
use actix_web::http::header::{AUTHORIZATION, CONTENT_TYPE};
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use serde_json::Value;

use super::json::{self, API};
use super::schema;
use super::state::{OpenAiError, OpenAiRequest, State};

/// OpenAI's limit on a request's body (it is the limit on audio files too): 25 MiB.
const MAX_BODY: usize = 26_214_400;

/// The audio formats OpenAI recognises, by the file name's extension.
const AUDIO_FORMATS: [&str; 10] =
    ["flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "wav", "webm"];

/// A poisoned lock only means a test panicked while holding it; the state is still usable.
pub(super) fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Route {
    Chat,
    Transcription,
}

impl Route {
    fn parse(method: &str, path: &str) -> Option<Route> {
        match (method, path.strip_prefix(API)?) {
            ("POST", "/chat/completions") => Some(Route::Chat),
            ("POST", "/audio/transcriptions") => Some(Route::Transcription),
            _ => None,
        }
    }
}

/// What a chat request asks for, once validated.
struct Chat {
    model: String,
    /// The text of every message, for the needles of `respond_when` and `fail_when`.
    texts: Vec<String>,
    format: Format,
}

enum Format {
    Text,
    JsonObject,
    JsonSchema(Value),
}

/// What a transcription request asks for, once validated.
struct Transcription {
    model: String,
    audio_bytes: usize,
    /// For a WAV: the dominant frequency of its audible part.
    frequency: Option<f64>,
    response_format: String,
    language: Option<String>,
}

enum Decoded {
    Chat(Chat),
    Transcription(Transcription),
}

enum Answer {
    Json(u16, Value),
    Text(String),
}

pub(super) async fn handle(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<Mutex<State>>,
) -> HttpResponse {
    let method = req.method().as_str().to_string();
    let path = req.path().to_string();
    let route = Route::parse(&method, &path);
    let mut record = OpenAiRequest {
        path: path.clone(),
        model: None,
        auth: bearer(&req),
        body_json: None,
        audio_bytes: None,
        audio_filename: None,
        audio_frequency: None,
        response_format: None,
    };
    let decoded = match route {
        None => Err(OpenAiError::invalid_url(&method, &path)),
        Some(route) => match read(payload).await {
            Err(error) => Err(error),
            Ok(body) if route == Route::Chat => decode_chat(&body, &mut record).map(Decoded::Chat),
            Ok(body) => {
                let content_type = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
                decode_transcription(content_type, body, &mut record)
                    .await
                    .map(Decoded::Transcription)
            }
        },
    };

    let (answer, delay) = {
        let mut state = lock(&state);
        let auth = record.auth.clone();
        state.requests.push(record);
        let answer = respond(&mut state, &path, auth.as_deref(), decoded)
            .unwrap_or_else(|e| Answer::Json(e.status, json::error(&e)));
        (answer, state.delay)
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    render(answer)
}

/// The token of `Authorization: Bearer <token>`.
fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string())
}

async fn read(payload: web::Payload) -> Result<Bytes, OpenAiError> {
    match payload.to_bytes_limited(MAX_BODY).await {
        Ok(Ok(body)) => Ok(body),
        Ok(Err(error)) => {
            Err(OpenAiError::invalid_request(format!("Could not read the request body: {error}")))
        }
        Err(_) => Err(OpenAiError::new(
            413,
            "invalid_request_error",
            format!("Maximum content size limit ({MAX_BODY}) exceeded."),
        )),
    }
}

fn render(answer: Answer) -> HttpResponse {
    let (status, content_type, body) = match answer {
        Answer::Json(status, body) => (status, "application/json", body.to_string()),
        Answer::Text(text) => (200, "text/plain; charset=utf-8", text),
    };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    HttpResponse::build(status)
        .insert_header(("x-request-id", format!("req_{}", uuid::Uuid::new_v4().simple())))
        .content_type(content_type)
        .body(body)
}

fn respond(
    state: &mut State,
    path: &str,
    auth: Option<&str>,
    decoded: Result<Decoded, OpenAiError>,
) -> Result<Answer, OpenAiError> {
    if let Some(error) = state.take_planned(path) {
        return Err(error);
    }
    match auth {
        Some(key) if key == state.api_key => {}
        Some(wrong) => return Err(OpenAiError::invalid_api_key(Some(wrong))),
        None => return Err(no_api_key()),
    }
    match decoded? {
        Decoded::Chat(chat) => {
            if let Some(error) = state.needle_failure(&chat.texts) {
                return Err(error);
            }
            let content = match (state.answer_for(&chat.texts), &chat.format) {
                (Some(content), _) => content.to_string(),
                (None, Format::JsonSchema(schema)) => schema::minimal(schema).to_string(),
                (None, Format::JsonObject) => "{}".to_string(),
                (None, Format::Text) => "OK".to_string(),
            };
            let prompt_tokens = chat.texts.iter().map(|text| json::tokens(text) + 3).sum();
            Ok(Answer::Json(200, json::chat_completion(&chat.model, &content, prompt_tokens)))
        }
        Decoded::Transcription(t) => {
            let text = state.heard(t.frequency);
            let language = t.language.as_deref().unwrap_or("english");
            Ok(match t.response_format.as_str() {
                "text" => Answer::Text(text.to_string()),
                "srt" | "vtt" => {
                    Answer::Text(json::subtitles(&t.response_format, text, t.audio_bytes))
                }
                "verbose_json" => {
                    Answer::Json(200, json::transcription_verbose(text, t.audio_bytes, language))
                }
                "diarized_json" => {
                    Answer::Json(200, json::transcription_diarized(text, t.audio_bytes))
                }
                _ => Answer::Json(200, json::transcription(&t.model, text, t.audio_bytes)),
            })
        }
    }
}

fn no_api_key() -> OpenAiError {
    OpenAiError::new(
        401,
        "invalid_request_error",
        "You didn't provide an API key. You need to provide your API key in an Authorization \
         header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API \
         key from https://platform.openai.com/account/api-keys.",
    )
    .code("invalid_api_key")
}

fn invalid_value(param: &str, value: &str, supported: &[&str]) -> OpenAiError {
    let quoted: Vec<String> = supported.iter().map(|s| format!("'{s}'")).collect();
    let list = match quoted.split_last() {
        Some((last, [only])) => format!("{only} and {last}"),
        Some((last, rest)) if !rest.is_empty() => format!("{}, and {last}", rest.join(", ")),
        _ => quoted.join(""),
    };
    OpenAiError::invalid_request(format!("Invalid value: '{value}'. Supported values are: {list}."))
        .param(param)
        .code("invalid_value")
}

/// A required string member of a JSON object.
fn required_str<'a>(object: &'a Value, key: &str, param: &str) -> Result<&'a str, OpenAiError> {
    match object.get(key) {
        None | Some(Value::Null) => Err(OpenAiError::missing(param)),
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(OpenAiError::invalid_type(param, "a string", other)),
    }
}

fn decode_chat(body: &[u8], record: &mut OpenAiRequest) -> Result<Chat, OpenAiError> {
    let Ok(body) = serde_json::from_slice::<Value>(body) else {
        return Err(OpenAiError::invalid_request(
            "We could not parse the JSON body of your request. (HINT: This likely means you \
             aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, \
             but what was sent was not valid JSON. If you have trouble figuring out how to fix \
             this, please contact us through our help center at help.openai.com.)",
        ));
    };
    record.model = body.get("model").and_then(Value::as_str).map(str::to_string);
    record.response_format = body.get("response_format").cloned();
    record.body_json = Some(body.clone());
    if !body.is_object() {
        return Err(OpenAiError::invalid_type("body", "an object", &body));
    }

    let model = required_str(&body, "model", "model")?.to_string();
    let messages = match body.get("messages") {
        None | Some(Value::Null) => return Err(OpenAiError::missing("messages")),
        Some(Value::Array(messages)) => messages,
        Some(other) => return Err(OpenAiError::invalid_type("messages", "an array", other)),
    };
    if messages.is_empty() {
        return Err(OpenAiError::invalid_request(
            "Invalid 'messages': empty array. Expected an array with minimum length 1, but got \
             an empty array instead.",
        )
        .param("messages")
        .code("empty_array"));
    }
    let mut texts = Vec::new();
    for (index, message) in messages.iter().enumerate() {
        let at = format!("messages[{index}]");
        if !message.is_object() {
            return Err(OpenAiError::invalid_type(&at, "an object", message));
        }
        let role = required_str(message, "role", &format!("{at}.role"))?;
        const ROLES: [&str; 6] = ["system", "assistant", "user", "function", "tool", "developer"];
        if !ROLES.contains(&role) {
            return Err(invalid_value(&format!("{at}.role"), role, &ROLES));
        }
        match message.get("content") {
            Some(Value::String(text)) => texts.push(text.clone()),
            Some(Value::Array(parts)) => texts.extend(
                parts.iter().filter_map(|part| part.get("text")?.as_str()).map(str::to_string),
            ),
            None | Some(Value::Null) if role == "assistant" => {}
            None | Some(Value::Null) => return Err(OpenAiError::missing(&format!("{at}.content"))),
            Some(other) => {
                return Err(OpenAiError::invalid_type(
                    &format!("{at}.content"),
                    "one of a string or array of objects",
                    other,
                ));
            }
        }
    }
    if body.get("stream").and_then(Value::as_bool) == Some(true) {
        return Err(OpenAiError::invalid_request(
            "The fake OpenAI does not stream: leave 'stream' out or set it to false.",
        )
        .param("stream"));
    }
    let format = response_format(body.get("response_format"), &texts)?;
    Ok(Chat { model, texts, format })
}

fn response_format(format: Option<&Value>, texts: &[String]) -> Result<Format, OpenAiError> {
    let Some(format) = format.filter(|f| !f.is_null()) else {
        return Ok(Format::Text);
    };
    if !format.is_object() {
        return Err(OpenAiError::invalid_type("response_format", "an object", format));
    }
    let kind = required_str(format, "type", "response_format.type")?;
    match kind {
        "text" => Ok(Format::Text),
        "json_object" => {
            if texts.iter().any(|text| text.to_ascii_lowercase().contains("json")) {
                Ok(Format::JsonObject)
            } else {
                Err(OpenAiError::invalid_request(
                    "'messages' must contain the word 'json' in some form, to use \
                     'response_format' of type 'json_object'.",
                )
                .param("messages"))
            }
        }
        "json_schema" => {
            let spec = match format.get("json_schema") {
                None | Some(Value::Null) => {
                    return Err(OpenAiError::missing("response_format.json_schema"));
                }
                Some(spec) if spec.is_object() => spec,
                Some(other) => {
                    return Err(OpenAiError::invalid_type(
                        "response_format.json_schema",
                        "an object",
                        other,
                    ));
                }
            };
            let name = required_str(spec, "name", "response_format.json_schema.name")?;
            let valid_name = !name.is_empty()
                && name.len() <= 64
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !valid_name {
                return Err(OpenAiError::invalid_request(
                    "Invalid 'response_format.json_schema.name': string does not match pattern. \
                     Expected a string that matches the pattern '^[a-zA-Z0-9_-]{1,64}$'.",
                )
                .param("response_format.json_schema.name")
                .code("invalid_value"));
            }
            let schema = spec.get("schema").cloned().unwrap_or_else(|| serde_json::json!({}));
            if spec.get("strict").and_then(Value::as_bool) == Some(true)
                && let Some(message) = schema::strict_violation(name, &schema)
            {
                return Err(OpenAiError::invalid_request(message).param("response_format"));
            }
            // No schema at all still means a JSON object.
            let schema = if schema.as_object().is_some_and(|s| s.is_empty()) {
                serde_json::json!({"type": "object"})
            } else {
                schema
            };
            Ok(Format::JsonSchema(schema))
        }
        other => Err(invalid_value(
            "response_format.type",
            other,
            &["text", "json_object", "json_schema"],
        )),
    }
}

async fn decode_transcription(
    content_type: Option<&str>,
    body: Bytes,
    record: &mut OpenAiRequest,
) -> Result<Transcription, OpenAiError> {
    let Some(boundary) = content_type.and_then(|ct| multer::parse_boundary(ct).ok()) else {
        return Err(OpenAiError::invalid_request(format!(
            "Invalid Content-Type header ({}), expected multipart/form-data. (HINT: If you're \
             using curl, you can pass -H 'Content-Type: multipart/form-data')",
            content_type.unwrap_or("None")
        )));
    };
    let bad_form = |error: multer::Error| {
        OpenAiError::invalid_request(format!("Could not parse multipart form: {error}"))
    };
    let stream =
        futures_util::stream::once(std::future::ready(Ok::<_, std::convert::Infallible>(body)));
    let mut form = multer::Multipart::new(stream, boundary);
    let mut file = None;
    let mut fields: Vec<(String, String)> = Vec::new();
    while let Some(field) = form.next_field().await.map_err(bad_form)? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let data = field.bytes().await.map_err(bad_form)?;
        if name == "file" {
            file = Some((file_name, data));
        } else {
            fields.push((name, String::from_utf8_lossy(&data).into_owned()));
        }
    }
    let field = |name: &str| {
        fields.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value.clone())
    };
    record.model = field("model");
    record.response_format = field("response_format").map(Value::String);
    if let Some((file_name, data)) = &file {
        record.audio_bytes = Some(data.len());
        record.audio_filename.clone_from(file_name);
    }

    let Some((file_name, audio)) = file else {
        return Err(OpenAiError::missing("file"));
    };
    let audio_bytes = audio.len();
    let model = record.model.clone().ok_or_else(|| OpenAiError::missing("model"))?;
    let extension = file_name
        .as_deref()
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, extension)| extension.to_ascii_lowercase());
    if !extension.as_ref().is_some_and(|e| AUDIO_FORMATS.contains(&e.as_str())) {
        return Err(OpenAiError::invalid_request(format!(
            "Unrecognized file format. Supported formats: [{}]",
            AUDIO_FORMATS.map(|f| format!("'{f}'")).join(", ")
        ))
        .param("file")
        .code("invalid_value"));
    }
    if audio_bytes == 0 {
        return Err(OpenAiError::invalid_request(
            "Audio file is too short. Minimum audio length is 0.1 seconds.",
        )
        .param("file")
        .code("audio_too_short"));
    }
    // A WAV is decoded as OpenAI decodes it: one that doesn't decode is refused.
    let frequency = match extension.as_deref() {
        Some("wav") => {
            let (rate, channels) = crate::audio::read_wav(&audio).map_err(|_| {
                OpenAiError::invalid_request("Audio file might be corrupted or unsupported")
                    .param("file")
                    .code("invalid_value")
            })?;
            let first = channels.first().map(Vec::as_slice).unwrap_or_default();
            Some(crate::audio::audible_frequency(first, f64::from(rate)))
        }
        _ => None,
    };
    record.audio_frequency = frequency;
    let response_format = field("response_format").unwrap_or_else(|| "json".to_string());
    const FORMATS: [&str; 6] = ["json", "text", "srt", "verbose_json", "vtt", "diarized_json"];
    if !FORMATS.contains(&response_format.as_str()) {
        return Err(invalid_value("response_format", &response_format, &FORMATS));
    }
    let compatible = match response_format.as_str() {
        "json" | "text" => true,
        "diarized_json" => model.ends_with("-diarize"),
        _ => model == "whisper-1",
    };
    if !compatible {
        return Err(OpenAiError::invalid_request(format!(
            "response_format '{response_format}' is not compatible with model '{model}'. Use \
             'json' or 'text' instead."
        ))
        .param("response_format")
        .code("unsupported_value"));
    }
    Ok(Transcription {
        model,
        audio_bytes,
        frequency,
        response_format,
        language: field("language"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_only_the_two_endpoints() {
        assert_eq!(Route::parse("POST", "/v1/chat/completions"), Some(Route::Chat));
        assert_eq!(Route::parse("POST", "/v1/audio/transcriptions"), Some(Route::Transcription));
        assert_eq!(Route::parse("GET", "/v1/chat/completions"), None);
        assert_eq!(Route::parse("POST", "/chat/completions"), None);
        assert_eq!(Route::parse("POST", "/v1/chat/completions/"), None);
    }

    #[test]
    fn lists_supported_values_like_openai() {
        let error = invalid_value("response_format.type", "xml", &["text", "json_object"]);
        assert_eq!(
            error.message,
            "Invalid value: 'xml'. Supported values are: 'text' and 'json_object'."
        );
    }
}
