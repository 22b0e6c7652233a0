//! The bridge with Gemini Live: µ-law 8 kHz ⇄ PCM16 16/24 kHz, resampled with real filters.

use std::f64::consts::PI;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use futures_util::{SinkExt, StreamExt};
use loquent_server::audio::mulaw;
use loquent_server::clients::twilio::signature;
use loquent_shared::Phone;
use loquent_tests::client::json;
use loquent_tests::fakes::gemini::FakeGemini;
use loquent_tests::fakes::twilio::FakeTwilio;
use loquent_tests::fixtures::eventually;
use loquent_tests::fixtures::{OwnNumber, connect_own_number};
use loquent_tests::{SignedIn, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const WAIT: Duration = Duration::from_secs(10);

struct Setup {
    twilio: FakeTwilio,
    gemini: FakeGemini,
    app: TestApp,
    _owner: SignedIn,
    account_sid: String,
    token: String,
    phone: Phone,
}

async fn setup() -> Setup {
    let twilio = FakeTwilio::start().await;
    let gemini = FakeGemini::start().await;
    let app = TestApp::spawn_with(&[
        ("TWILIO_API_BASE", &twilio.base_url),
        ("GEMINI_BASE_URL", &gemini.base_url),
        ("GEMINI_API_KEY", &gemini.api_key),
    ])
    .await;
    let owner = app.sign_up("Acme Dental").await;
    let OwnNumber { account_sid, token, phone } =
        connect_own_number(&twilio, &owner, "+14155550123").await;
    let phones = [phone];
    let agent: Value = json(
        owner.client.post("/api/agents", &json!({
            "name": "Receptionist", "instructions": "You answer for Acme Dental.",
            "realtime_config": {"provider": "gemini", "model": "gemini-2.5-flash-native-audio-preview-09-2025", "voice": "Kore",
                "speed": 1.0, "noise_reduction": "near_field", "turn_detection": "server_vad", "eagerness": "auto"},
            "tools": {"end_call": true, "transfer_call": []}
        })).await,
        StatusCode::CREATED,
    ).await;
    owner
        .client
        .request(
            Method::PUT,
            &format!("/api/phones/{}/agent/{}", phones[0].id, agent["id"].as_str().expect("id")),
        )
        .send()
        .await
        .expect("PUT");
    Setup { twilio, gemini, app, _owner: owner, account_sid, token, phone: phones[0].clone() }
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn call(s: &Setup) -> (Socket, String, String, usize) {
    let url = format!(
        "ws://{}/twilio/stream/{}",
        s.app.base_url.trim_start_matches("http://"),
        s.phone.id
    );
    let mut req = url.as_str().into_client_request().expect("request");
    req.headers_mut().insert(
        "X-Twilio-Signature",
        signature::sign(&s.token, &url, &[]).parse().expect("header"),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.expect("upgrade");
    let call_sid = format!("CA{}", uuid::Uuid::new_v4().simple());
    let stream_sid = format!("MZ{}", uuid::Uuid::new_v4().simple());
    let start = json!({"event": "start", "sequenceNumber": "1", "streamSid": stream_sid, "start": {
        "accountSid": s.account_sid, "callSid": call_sid, "streamSid": stream_sid, "tracks": ["inbound"],
        "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
        "customParameters": {"from": "+14155550199", "to": s.phone.number}}});
    ws.send(Message::text(start.to_string())).await.expect("send");
    let conn = s.gemini.wait_for_session(WAIT).await.expect("a Gemini session");
    (ws, call_sid, stream_sid, conn)
}

fn tone(rate: f64, freq: f64, amplitude: f64, seconds: f64) -> Vec<i16> {
    let n = (rate * seconds) as usize;
    (0..n)
        .map(|i| (amplitude * 32767.0 * (2.0 * PI * freq * i as f64 / rate).sin()).round() as i16)
        .collect()
}

fn rms_db(samples: &[i16]) -> f64 {
    let mean = samples.iter().map(|&s| (s as f64).powi(2)).sum::<f64>() / samples.len() as f64;
    10.0 * mean.sqrt().max(1e-9).log10() * 2.0
}

/// The dominant frequency by counting zero crossings (fine for a clean tone).
fn frequency(samples: &[i16], rate: f64) -> f64 {
    let crossings = samples.windows(2).filter(|w| (w[0] < 0) != (w[1] < 0)).count();
    crossings as f64 / 2.0 / (samples.len() as f64 / rate)
}

fn pcm_le(samples: &[i16]) -> Vec<u8> {
    samples.iter().flat_map(|s| s.to_le_bytes()).collect()
}

fn from_le(bytes: &[u8]) -> Vec<i16> {
    bytes.chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]])).collect()
}

#[tokio::test]
async fn caller_audio_reaches_gemini_as_16_khz_pcm_with_its_tone_intact() {
    let s = setup().await;
    let (mut ws, _, stream_sid, conn) = call(&s).await;
    let input = tone(8000.0, 1000.0, 0.5, 1.0);
    let ulaw = mulaw::encode(&input);
    for (i, frame) in ulaw.chunks(160).enumerate() {
        let media = json!({"event": "media", "streamSid": stream_sid, "media": {"track": "inbound", "chunk": (i + 1).to_string(),
            "timestamp": (i * 20).to_string(), "payload": STANDARD.encode(frame)}});
        ws.send(Message::text(media.to_string())).await.expect("send");
    }
    assert!(
        s.gemini.wait_for_audio(conn, 31_000, WAIT).await,
        "about a second of 16 kHz PCM arrived"
    );

    let received = from_le(&s.gemini.received_audio(conn));
    assert_eq!(s.gemini.input_rate(conn), Some(16_000));
    let steady = &received[800..received.len() - 800];
    let f = frequency(steady, 16_000.0);
    assert!((f - 1000.0).abs() < 10.0, "frequency kept: {f} Hz");
    let level = rms_db(steady) - rms_db(&input[400..input.len() - 400]);
    assert!(level.abs() < 1.0, "level within 1 dB: {level:.2} dB");
    let setup = s.gemini.setup(conn).expect("setup");
    assert_eq!(
        setup["generationConfig"]["speechConfig"]["voiceConfig"]["prebuiltVoiceConfig"]["voiceName"],
        "Kore"
    );
    assert_eq!(setup["systemInstruction"]["parts"][0]["text"], "You answer for Acme Dental.");
}

#[tokio::test]
async fn gemini_speech_reaches_the_caller_as_8_khz_mulaw_with_its_tone_intact() {
    let s = setup().await;
    let (mut ws, _, _, conn) = call(&s).await;
    let speech = tone(24_000.0, 1000.0, 0.5, 1.0);

    s.gemini.speak_pcm(conn, &pcm_le(&speech), 50, None).await;

    let mut heard = Vec::new();
    while heard.len() < 7_900 {
        let Ok(Some(Ok(Message::Text(t)))) = tokio::time::timeout(WAIT, ws.next()).await else {
            panic!("audio stopped at {}", heard.len())
        };
        let v: Value = serde_json::from_str(&t).expect("json");
        if v["event"] == "media" {
            heard.extend(
                STANDARD.decode(v["media"]["payload"].as_str().expect("payload")).expect("base64"),
            );
        }
    }
    let pcm = mulaw::decode(&heard);
    let steady = &pcm[400..pcm.len() - 400];
    let f = frequency(steady, 8000.0);
    assert!((f - 1000.0).abs() < 10.0, "frequency kept: {f} Hz");
    let level = rms_db(steady) - rms_db(&speech[1200..speech.len() - 1200]);
    assert!(level.abs() < 1.0, "level within 1 dB: {level:.2} dB");
}

#[tokio::test]
async fn an_interruption_clears_twilio_and_drops_the_rest_of_the_turn() {
    let s = setup().await;
    let (mut ws, _, stream_sid, conn) = call(&s).await;
    s.gemini.speak_pcm(conn, &pcm_le(&tone(24_000.0, 440.0, 0.3, 0.2)), 5, None).await;
    let mut got_audio = false;
    while !got_audio {
        let Ok(Some(Ok(Message::Text(t)))) = tokio::time::timeout(WAIT, ws.next()).await else {
            panic!("no audio")
        };
        got_audio = serde_json::from_str::<Value>(&t).expect("json")["event"] == "media";
    }

    s.gemini.interrupted(conn).await;

    let clear = loop {
        let Ok(Some(Ok(Message::Text(t)))) = tokio::time::timeout(WAIT, ws.next()).await else {
            panic!("no clear")
        };
        let v: Value = serde_json::from_str(&t).expect("json");
        if v["event"] == "clear" {
            break v;
        }
    };
    assert_eq!(clear["streamSid"], stream_sid.as_str());
}

#[tokio::test]
async fn gemini_tool_calls_end_the_call_through_twilio() {
    let s = setup().await;
    let (_ws, call_sid, _, conn) = call(&s).await;

    s.gemini.call_tool(conn, "end_call", json!({})).await;

    eventually(10, "the hang-up", || async { !s.twilio.call_updates().is_empty() }).await;
    let update = &s.twilio.call_updates()[0];
    assert_eq!(update.call_sid, call_sid);
    assert!(update.form.contains(&("Status".to_string(), "completed".to_string())));
    assert!(s.gemini.wait_closed(conn, Duration::from_secs(2)).await);
}

#[tokio::test]
async fn an_unknown_gemini_tool_gets_an_answer() {
    let s = setup().await;
    let (_ws, _, _, conn) = call(&s).await;
    let id = s.gemini.call_tool(conn, "order_pizza", json!({"size": "large"})).await;
    let reply =
        s.gemini.wait_for_message(conn, "toolResponse", 0, WAIT).await.expect("tool response");
    let response = &reply["toolResponse"]["functionResponses"][0];
    assert_eq!(response["id"], id.as_str());
    assert_eq!(response["name"], "order_pizza");
    assert!(response["response"]["result"].as_str().unwrap_or_default().contains("no tool"));
}
