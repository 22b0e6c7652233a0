//! The fake against a real HTTP client, checked against what OpenAI's spec says OpenAI answers.

use std::time::Duration;

use reqwest::RequestBuilder;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use super::FakeOpenAi;

/// Status, Content-Type and body text.
async fn send_raw(request: RequestBuilder) -> (u16, String, String) {
    let response = request.send().await.expect("request to the fake OpenAI");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, content_type, response.text().await.expect("response body"))
}

/// Status and JSON body.
async fn send(request: RequestBuilder) -> (u16, Value) {
    let (status, content_type, text) = send_raw(request).await;
    assert!(content_type.starts_with("application/json"), "{content_type}: {text}");
    (status, serde_json::from_str(&text).expect("a JSON body"))
}

fn post(openai: &FakeOpenAi, path: &str) -> RequestBuilder {
    reqwest::Client::new().post(format!("{}{path}", openai.base_url)).bearer_auth(&openai.api_key)
}

async fn chat(openai: &FakeOpenAi, body: Value) -> (u16, Value) {
    send(post(openai, "/chat/completions").json(&body)).await
}

/// A transcription upload of `size` bytes named `filename`, with extra form fields: a WAV of
/// silence when the name says `.wav` (and `size` holds its header), otherwise filler bytes.
fn upload(size: usize, filename: &str, fields: &[(&str, &str)]) -> Form {
    let bytes = if filename.ends_with(".wav") && size >= 44 {
        crate::audio::wav(&[&vec![0; (size - 44) / 2]], 8000)
    } else {
        vec![0x52; size]
    };
    let part = Part::bytes(bytes).file_name(filename.to_string());
    let part = part.mime_str("audio/wav").expect("a MIME type");
    fields.iter().fold(Form::new().part("file", part), |form, (k, v)| {
        form.text(k.to_string(), v.to_string())
    })
}

fn content(body: &Value) -> &str {
    body["choices"][0]["message"]["content"].as_str().expect("choices[0].message.content")
}

/// The error object of an `ErrorResponse`, checked for the members the spec requires.
fn error(body: &Value) -> &Value {
    let error = &body["error"];
    for member in ["message", "type", "param", "code"] {
        assert!(error.get(member).is_some(), "{member} missing in {body}");
    }
    error
}

fn user(text: &str) -> Value {
    json!({"role": "user", "content": text})
}

fn strict_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "name": {"type": ["string", "null"]},
            "email": {"type": ["string", "null"]},
            "summary": {"type": "string"},
            "score": {"type": "integer"},
            "urgent": {"type": "boolean"},
            "topics": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["name", "email", "summary", "score", "urgent", "topics"],
        "additionalProperties": false,
    })
}

fn schema_format(schema: Value) -> Value {
    json!({"type": "json_schema", "json_schema": {"name": "caller", "schema": schema, "strict": true}})
}

#[tokio::test]
async fn refuses_missing_or_wrong_keys_and_unknown_urls() {
    let openai = FakeOpenAi::start().await;
    assert!(openai.base_url.starts_with("http://127.0.0.1:"));
    assert!(openai.base_url.ends_with("/v1"));
    assert!(openai.api_key.starts_with("sk-test-"));
    let url = format!("{}/chat/completions", openai.base_url);
    let body = json!({"model": "gpt-4o-mini", "messages": [user("hi")]});
    let http = reqwest::Client::new();

    let (status, wrong) =
        send(http.post(&url).bearer_auth("sk-wrong-0123456789").json(&body)).await;
    assert_eq!(status, 401);
    assert_eq!(
        wrong,
        json!({"error": {
            "message": "Incorrect API key provided: sk-*6789. You can find your API key at \
                        https://platform.openai.com/account/api-keys.",
            "type": "invalid_request_error",
            "param": null,
            "code": "invalid_api_key",
        }})
    );
    let (status, missing) = send(http.post(&url).json(&body)).await;
    assert_eq!(status, 401);
    assert_eq!(error(&missing)["code"], "invalid_api_key");
    assert!(error(&missing)["message"].as_str().is_some_and(|m| m.contains("didn't provide")));

    let (status, unknown) = send(post(&openai, "/embeddings").json(&body)).await;
    assert_eq!(status, 404);
    assert_eq!(error(&unknown)["message"], "Invalid URL (POST /v1/embeddings)");
    let get = reqwest::Client::new().get(&url).bearer_auth(&openai.api_key);
    assert_eq!(send(get).await.0, 404);

    let auths: Vec<Option<String>> = openai.requests().into_iter().map(|r| r.auth).collect();
    let key = Some(openai.api_key.clone());
    assert_eq!(auths, [Some("sk-wrong-0123456789".to_string()), None, key.clone(), key]);
    assert_eq!(openai.chat_count(), 3);
}

#[tokio::test]
async fn transcribes_uploads_as_json_or_text() {
    let openai = FakeOpenAi::start().await;
    let form = upload(32_000, "call.wav", &[("model", "gpt-4o-transcribe"), ("language", "en")]);
    let (status, body) = send(post(&openai, "/audio/transcriptions").multipart(form)).await;
    assert_eq!(status, 200);
    assert_eq!(body["text"], "Hello, this is a test call.");
    assert_eq!(body["usage"]["type"], "tokens");
    let usage = &body["usage"];
    assert_eq!(
        usage["total_tokens"].as_u64(),
        Some(
            usage["input_tokens"].as_u64().unwrap_or(0)
                + usage["output_tokens"].as_u64().unwrap_or(0)
        )
    );

    openai.set_transcript("Hi, I'm Ada Lovelace.");
    let form =
        upload(10, "call.MP3", &[("model", "gpt-4o-transcribe"), ("response_format", "text")]);
    let (status, content_type, text) =
        send_raw(post(&openai, "/audio/transcriptions").multipart(form)).await;
    assert_eq!((status, text.as_str()), (200, "Hi, I'm Ada Lovelace."));
    assert!(content_type.starts_with("text/plain"), "{content_type}");

    let form =
        upload(16_000, "call.wav", &[("model", "whisper-1"), ("response_format", "verbose_json")]);
    let (status, verbose) = send(post(&openai, "/audio/transcriptions").multipart(form)).await;
    assert_eq!(status, 200);
    assert_eq!(
        (verbose["text"].clone(), verbose["duration"].clone()),
        (json!("Hi, I'm Ada Lovelace."), json!(1.0))
    );

    let requests = openai.requests();
    assert_eq!(requests.len(), 3);
    let first = &requests[0];
    assert_eq!(first.path, "/v1/audio/transcriptions");
    assert_eq!(first.model.as_deref(), Some("gpt-4o-transcribe"));
    assert_eq!(first.audio_bytes, Some(32_000));
    assert_eq!(first.audio_filename.as_deref(), Some("call.wav"));
    assert_eq!((first.response_format.clone(), first.body_json.clone()), (None, None));
    assert_eq!(requests[1].response_format, Some(json!("text")));
    assert_eq!(openai.transcription_count(), 3);
    assert_eq!(openai.chat_count(), 0);
}

#[tokio::test]
async fn refuses_uploads_openai_would_refuse() {
    let openai = FakeOpenAi::start().await;
    let model = ("model", "gpt-4o-transcribe");
    let refusal = |form: Form| {
        let request = post(&openai, "/audio/transcriptions").multipart(form);
        async move {
            let (status, body) = send(request).await;
            assert_eq!(status, 400, "{body}");
            (error(&body)["param"].clone(), error(&body)["code"].clone())
        }
    };

    let no_file = Form::new().text("model", "gpt-4o-transcribe");
    assert_eq!(refusal(no_file).await, (json!("file"), json!("missing_required_parameter")));
    let no_model = upload(100, "call.wav", &[]);
    assert_eq!(refusal(no_model).await, (json!("model"), json!("missing_required_parameter")));
    assert_eq!(refusal(upload(100, "recording", &[model])).await.0, "file");
    assert_eq!(refusal(upload(0, "call.wav", &[model])).await.1, "audio_too_short");
    let verbose = upload(100, "call.wav", &[model, ("response_format", "verbose_json")]);
    assert_eq!(refusal(verbose).await.0, "response_format");

    let json_body = post(&openai, "/audio/transcriptions").json(&json!({"model": "whisper-1"}));
    let (status, body) = send(json_body).await;
    assert_eq!(status, 400);
    assert!(error(&body)["message"].as_str().is_some_and(|m| m.contains("multipart/form-data")));
    assert_eq!(openai.transcription_count(), 6);
}

#[tokio::test]
async fn answers_chat_by_rule_with_content_in_parts_too() {
    let openai = FakeOpenAi::start().await;
    let extracted = r#"{"name":"Ada Lovelace","email":"ada@example.com"}"#;
    openai.respond_when("Extract the caller's name", extracted);
    openai.respond_when("Summarize", "A short call.");

    let request = json!({
        "model": "gpt-4o-mini",
        "messages": [
            {"role": "system", "content": [{"type": "text", "text": "Extract the caller's name and email."}]},
            user("Transcript: Hi, I'm Ada."),
        ],
        "response_format": schema_format(strict_schema()),
    });
    let (status, body) = chat(&openai, request.clone()).await;
    assert_eq!(status, 200);
    assert_eq!(content(&body), extracted);
    assert!(body["id"].as_str().is_some_and(|id| id.starts_with("chatcmpl-")));
    assert_eq!(body["object"], "chat.completion");
    assert_eq!(body["model"], "gpt-4o-mini");
    assert!(body["created"].as_i64().is_some_and(|t| t > 1_700_000_000));
    let choice = &body["choices"][0];
    assert_eq!(
        (choice["index"].clone(), choice["finish_reason"].clone()),
        (json!(0), json!("stop"))
    );
    assert_eq!(choice["message"]["role"], "assistant");
    assert_eq!(choice["message"]["refusal"], Value::Null);
    let usage = &body["usage"];
    assert!(usage["prompt_tokens"].as_u64().is_some_and(|n| n > 0));
    assert_eq!(
        usage["total_tokens"].as_u64(),
        Some(
            usage["prompt_tokens"].as_u64().unwrap_or(0)
                + usage["completion_tokens"].as_u64().unwrap_or(0)
        )
    );

    let summary = json!({"model": "gpt-4o", "messages": [user("Summarize this call.")]});
    assert_eq!(content(&chat(&openai, summary).await.1), "A short call.");

    let recorded = openai.requests();
    assert_eq!(recorded[0].body_json.as_ref(), Some(&request));
    assert_eq!(recorded[0].response_format.as_ref(), Some(&request["response_format"]));
    assert_eq!(recorded[1].model.as_deref(), Some("gpt-4o"));
    assert_eq!(recorded[1].response_format, None);
}

#[tokio::test]
async fn defaults_to_the_smallest_answer_the_schema_accepts() {
    let openai = FakeOpenAi::start().await;
    let request = json!({
        "model": "gpt-4o-mini",
        "messages": [user("Anything")],
        "response_format": schema_format(strict_schema()),
    });
    let (status, body) = chat(&openai, request).await;
    assert_eq!(status, 200);
    let answer: Value = serde_json::from_str(content(&body)).expect("JSON content");
    assert_eq!(
        answer,
        json!({"name": null, "email": null, "summary": "", "score": 0, "urgent": false, "topics": []})
    );

    let plain = json!({"model": "gpt-4o-mini", "messages": [user("Anything")]});
    assert_eq!(content(&chat(&openai, plain).await.1), "OK");
}

#[tokio::test]
async fn refuses_malformed_chat_requests() {
    let openai = FakeOpenAi::start().await;
    let refusal = |request: RequestBuilder| async move {
        let (status, body) = send(request).await;
        assert_eq!(status, 400, "{body}");
        error(&body).clone()
    };
    let body = |body: Value| post(&openai, "/chat/completions").json(&body);

    let garbage = post(&openai, "/chat/completions")
        .header("content-type", "application/json")
        .body("{not json");
    let parse = refusal(garbage).await;
    assert!(parse["message"].as_str().is_some_and(|m| m.contains("could not parse the JSON")));
    assert_eq!(refusal(body(json!({"messages": [user("hi")]}))).await["param"], "model");
    assert_eq!(refusal(body(json!({"model": "gpt-4o"}))).await["param"], "messages");
    assert_eq!(
        refusal(body(json!({"model": "gpt-4o", "messages": []}))).await["code"],
        "empty_array"
    );
    let mut open = strict_schema();
    open.as_object_mut().expect("an object").remove("additionalProperties");
    let open = json!({"model": "gpt-4o", "messages": [user("hi")], "response_format": schema_format(open)});
    let strict = refusal(body(open)).await;
    assert_eq!(strict["param"], "response_format");
    assert!(strict["message"].as_str().is_some_and(|m| m.contains("'additionalProperties'")));
    assert_eq!(openai.chat_count(), 5);
    assert_eq!(openai.requests()[0].body_json, None);
}

#[tokio::test]
async fn fails_as_planned_and_by_needle() {
    let openai = FakeOpenAi::start().await;
    openai.fail_next("/chat/completions", 429, 2);
    let request = |text: &str| json!({"model": "gpt-4o-mini", "messages": [user(text)]});

    let (status, body) = chat(&openai, request("Analyzer: sentiment")).await;
    assert_eq!((status, error(&body)["code"].clone()), (429, json!("rate_limit_exceeded")));
    // A planned failure comes before authentication: a wrong key gets it too.
    let wrong_key = reqwest::Client::new()
        .post(format!("{}/chat/completions", openai.base_url))
        .bearer_auth("sk-nope")
        .json(&request("x"));
    assert_eq!(send(wrong_key).await.0, 429);
    let form = upload(100, "call.wav", &[("model", "gpt-4o-transcribe")]);
    assert_eq!(send(post(&openai, "/audio/transcriptions").multipart(form)).await.0, 200);
    assert_eq!(chat(&openai, request("Analyzer: sentiment")).await.0, 200);

    openai.fail_when("Analyzer: lead quality", 500);
    let (status, body) = chat(&openai, request("Analyzer: lead quality")).await;
    assert_eq!((status, error(&body)["type"].clone()), (500, json!("server_error")));
    assert_eq!(chat(&openai, request("Analyzer: lead quality")).await.0, 500);
    assert_eq!(chat(&openai, request("Analyzer: sentiment")).await.0, 200);
    openai.fail_next("/audio/transcriptions", 503, 5);
    openai.clear_failures();
    assert_eq!(chat(&openai, request("Analyzer: lead quality")).await.0, 200);
    let form = upload(100, "call.wav", &[("model", "gpt-4o-transcribe")]);
    assert_eq!(send(post(&openai, "/audio/transcriptions").multipart(form)).await.0, 200);
    assert_eq!((openai.chat_count(), openai.transcription_count()), (7, 2));
}

#[tokio::test]
async fn delays_answers_after_recording_the_request() {
    let openai = FakeOpenAi::start().await;
    openai.set_delay(Duration::from_secs(3));
    // A generous client timeout, far below the delay: on a loaded machine the request may take
    // a while to reach the fake, and the test is about the answer coming late, not early.
    let request = post(&openai, "/chat/completions")
        .timeout(Duration::from_millis(500))
        .json(&json!({"model": "gpt-4o-mini", "messages": [user("hi")]}));
    let error = request.send().await.expect_err("the client gives up first");
    assert!(error.is_timeout(), "{error}");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    while openai.chat_count() == 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(openai.chat_count(), 1, "recorded on arrival, before the delay");

    openai.set_delay(Duration::ZERO);
    let (status, _) =
        chat(&openai, json!({"model": "gpt-4o-mini", "messages": [user("hi")]})).await;
    assert_eq!(status, 200);
}

/// A WAV upload named `filename`: silence, a tone of `hz` from 0.2 s to 0.8 s, silence.
fn tone_upload(hz: f64, filename: &str) -> Form {
    let rate = 8000.0;
    let mut samples = vec![0i16; 1600];
    samples.extend(crate::audio::tone(rate, hz, 0.3, 0.6));
    samples.extend(vec![0i16; 1600]);
    let part = Part::bytes(crate::audio::wav(&[&samples], 8000)).file_name(filename.to_string());
    Form::new().part("file", part).text("model", "gpt-4o-transcribe")
}

#[tokio::test]
async fn tones_are_heard_as_the_texts_registered_for_them_in_any_order() {
    let openai = FakeOpenAi::start().await;
    openai.recognise_tone(440.0, "Hi, this is Sam from Loquent.");
    openai.recognise_tone(660.0, "Hi Sam, yes, Friday works.");
    openai.set_transcript("Something else.");

    let ask = |hz: f64| {
        let request = post(&openai, "/audio/transcriptions").multipart(tone_upload(hz, "clip.wav"));
        async move { send(request).await.1["text"].as_str().map(str::to_owned) }
    };
    let (high, low, unknown) = tokio::join!(ask(660.0), ask(440.0), ask(1200.0));

    assert_eq!(high.as_deref(), Some("Hi Sam, yes, Friday works."));
    assert_eq!(low.as_deref(), Some("Hi, this is Sam from Loquent."));
    assert_eq!(unknown.as_deref(), Some("Something else."), "no tone near: the transcript");
    let mut heard: Vec<f64> =
        openai.requests().iter().filter_map(|r| r.audio_frequency).map(f64::round).collect();
    heard.sort_by(f64::total_cmp);
    assert!(
        heard
            .iter()
            .zip([440.0, 660.0, 1200.0])
            .all(|(got, want)| (got - want).abs() <= want * 0.01),
        "{heard:?}"
    );
}

#[tokio::test]
async fn a_wav_that_does_not_decode_is_refused() {
    let openai = FakeOpenAi::start().await;
    let part = Part::bytes(b"RIFF....not really a wave file".to_vec()).file_name("clip.wav");
    let form = Form::new().part("file", part).text("model", "gpt-4o-transcribe");

    let (status, body) = send(post(&openai, "/audio/transcriptions").multipart(form)).await;

    assert_eq!(status, 400, "{body}");
    assert_eq!(error(&body)["param"], "file");
    assert_eq!(error(&body)["code"], "invalid_value");
}
