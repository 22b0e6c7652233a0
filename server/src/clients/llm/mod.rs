//! An OpenAI-compatible API (OpenAI itself, or a local server speaking the same protocol):
//! transcription and chat completions with structured output.

use std::time::Duration;

use reqwest::multipart::{Form, Part};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};

/// Transcribing a long call takes a while; analysis prompts less so.
const TRANSCRIBE_TIMEOUT: Duration = Duration::from_secs(300);
const CHAT_TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("no OPENAI_API_KEY is configured")]
    NoApiKey,
    #[error("the model API answered {status}: {message}")]
    Api { status: u16, message: String },
    #[error("could not reach the model API: {0}")]
    Transport(#[source] reqwest::Error),
    #[error("the model API's answer was not understood: {0}")]
    Decode(String),
}

/// The media type of an audio file by its name's extension (MP3 unless it says WAV).
fn audio_mime(filename: &str) -> &'static str {
    match filename.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()) {
        Some(ext) if ext == "wav" => "audio/wav",
        _ => "audio/mpeg",
    }
}

#[derive(Clone)]
pub struct LlmClient {
    http: reqwest::Client,
    base: String,
    api_key: Option<SecretString>,
}

impl std::fmt::Debug for LlmClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LlmClient({})", self.base)
    }
}

impl LlmClient {
    pub fn new(base: &str, api_key: Option<SecretString>) -> anyhow::Result<LlmClient> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("loquent/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(LlmClient { http, base: base.trim_end_matches('/').to_string(), api_key })
    }

    fn key(&self) -> Result<&str, LlmError> {
        self.api_key.as_ref().map(|k| k.expose_secret()).ok_or(LlmError::NoApiKey)
    }

    /// Speech to text (`POST /audio/transcriptions`). The file's format is told by its name's
    /// extension (`.mp3`, `.wav`), as the API reads it.
    #[tracing::instrument(skip_all, fields(model, bytes = audio.len()))]
    pub async fn transcribe(
        &self,
        model: &str,
        audio: Vec<u8>,
        filename: &str,
    ) -> Result<String, LlmError> {
        let part = Part::bytes(audio)
            .file_name(filename.to_string())
            .mime_str(audio_mime(filename))
            .map_err(LlmError::Transport)?;
        let form = Form::new()
            .text("model", model.to_string())
            .text("response_format", "json")
            .part("file", part);
        let res = self
            .http
            .post(format!("{}/audio/transcriptions", self.base))
            .bearer_auth(self.key()?)
            .timeout(TRANSCRIBE_TIMEOUT)
            .multipart(form)
            .send()
            .await
            .map_err(LlmError::Transport)?;
        #[derive(Deserialize)]
        struct Transcription {
            text: String,
        }
        let t: Transcription = decode(res).await?;
        Ok(t.text)
    }

    /// A chat completion answered as plain text.
    #[tracing::instrument(skip_all, fields(model))]
    pub async fn complete(
        &self,
        model: &str,
        system: &str,
        user: &str,
    ) -> Result<String, LlmError> {
        let body = json!({
            "model": model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
        });
        self.chat(body).await
    }

    /// A chat completion constrained to `schema` (strict JSON schema structured output),
    /// returned parsed.
    #[tracing::instrument(skip_all, fields(model, schema = name))]
    pub async fn complete_json(
        &self,
        model: &str,
        system: &str,
        user: &str,
        name: &str,
        schema: Value,
    ) -> Result<Value, LlmError> {
        let body = json!({
            "model": model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
            "response_format": {"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": true}},
        });
        let content = self.chat(body).await?;
        serde_json::from_str(&content)
            .map_err(|e| LlmError::Decode(format!("structured output is not JSON: {e}")))
    }

    async fn chat(&self, body: Value) -> Result<String, LlmError> {
        let res = self
            .http
            .post(format!("{}/chat/completions", self.base))
            .bearer_auth(self.key()?)
            .timeout(CHAT_TIMEOUT)
            .json(&body)
            .send()
            .await
            .map_err(LlmError::Transport)?;
        #[derive(Deserialize)]
        struct Completion {
            choices: Vec<Choice>,
        }
        #[derive(Deserialize)]
        struct Choice {
            message: Message,
        }
        #[derive(Deserialize)]
        struct Message {
            content: Option<String>,
            refusal: Option<String>,
        }
        let completion: Completion = decode(res).await?;
        let message = completion
            .choices
            .into_iter()
            .next()
            .map(|c| c.message)
            .ok_or_else(|| LlmError::Decode("no choices".into()))?;
        if let Some(refusal) = message.refusal.filter(|r| !r.is_empty()) {
            return Err(LlmError::Decode(format!("the model refused: {refusal}")));
        }
        message.content.ok_or_else(|| LlmError::Decode("empty message".into()))
    }
}

async fn decode<T: serde::de::DeserializeOwned>(res: reqwest::Response) -> Result<T, LlmError> {
    let status = res.status();
    let body = res.bytes().await.map_err(LlmError::Transport)?;
    if !status.is_success() {
        let message = serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|v| v["error"]["message"].as_str().map(str::to_string))
            .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string());
        return Err(LlmError::Api { status: status.as_u16(), message });
    }
    serde_json::from_slice(&body).map_err(|e| LlmError::Decode(e.to_string()))
}
