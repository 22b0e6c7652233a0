//! The bridge with Gemini Live: µ-law 8 kHz ⇄ PCM16 16/24 kHz, resampled with real filters.

use std::time::Duration;

use loquent_server::audio::mulaw;
use loquent_tests::agent_line::{AgentLine, agent};
use loquent_tests::audio::{frequency, from_le, pcm_le, rms_db, tone};
use loquent_tests::fakes::gemini::FakeGemini;
use loquent_tests::fixtures::eventually;
use loquent_tests::media_stream::MediaStream;
use serde_json::json;

const WAIT: Duration = Duration::from_secs(10);

struct Setup {
    gemini: FakeGemini,
    line: AgentLine,
}

impl std::ops::Deref for Setup {
    type Target = AgentLine;
    fn deref(&self) -> &AgentLine {
        &self.line
    }
}

async fn setup() -> Setup {
    let gemini = FakeGemini::start().await;
    let vars = [
        ("GEMINI_BASE_URL", gemini.base_url.as_str()),
        ("GEMINI_API_KEY", gemini.api_key.as_str()),
    ];
    let tools = json!({"end_call": true, "transfer_call": []});
    let line = AgentLine::start(&vars, &agent("gemini", "server_vad", "auto", tools)).await;
    Setup { gemini, line }
}

impl Setup {
    async fn call(&self) -> (MediaStream, usize) {
        let stream = self.stream().await;
        let conn = self.gemini.wait_for_session(WAIT).await.expect("a Gemini session");
        (stream, conn)
    }
}

#[tokio::test]
async fn caller_audio_reaches_gemini_as_16_khz_pcm_with_its_tone_intact() {
    let s = setup().await;
    let (mut stream, conn) = s.call().await;
    let input = tone(8000.0, 1000.0, 0.5, 1.0);
    stream.stream_audio(&mulaw::encode(&input), None).await;
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
    let instructions = setup["systemInstruction"]["parts"][0]["text"].as_str();
    assert!(instructions.is_some_and(|i| i.starts_with("You answer for Acme Dental.\n\n")));
}

#[tokio::test]
async fn gemini_speech_reaches_the_caller_as_8_khz_mulaw_with_its_tone_intact() {
    let s = setup().await;
    let (mut stream, conn) = s.call().await;
    let speech = tone(24_000.0, 1000.0, 0.5, 1.0);

    s.gemini.speak_pcm(conn, &pcm_le(&speech), 50, None).await;

    let mut heard = Vec::new();
    while heard.len() < 7_900 {
        let (_, more) = stream
            .until("mark", WAIT)
            .await
            .unwrap_or_else(|| panic!("audio stopped at {}", heard.len()));
        heard.extend(more);
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
    let (mut stream, conn) = s.call().await;
    // Gemini interrupts only while it is generating: a turn spoken at its own pace.
    let turn = pcm_le(&tone(24_000.0, 440.0, 0.3, 1.0));
    let speak = s.gemini.speak_pcm(conn, &turn, 20, Some(Duration::from_millis(50)));
    let interrupt = async {
        stream.until("media", WAIT).await.expect("the turn's first audio");
        assert!(s.gemini.interrupted(conn).await, "interrupted while generating");
        stream.until("clear", WAIT).await.expect("Twilio's queue cleared")
    };
    let ((), (clear, _)) = tokio::join!(speak, interrupt);
    assert_eq!(clear["streamSid"], stream.stream_sid.as_str());
    assert!(
        stream.until("media", Duration::from_millis(300)).await.is_none(),
        "the rest of the turn is not played"
    );
}

#[tokio::test]
async fn gemini_tool_calls_end_the_call_through_twilio() {
    let s = setup().await;
    let (stream, conn) = s.call().await;

    s.gemini.call_tool(conn, "end_call", json!({})).await;

    eventually(10, "the hang-up", || async { !s.twilio.call_updates().is_empty() }).await;
    let update = &s.twilio.call_updates()[0];
    assert_eq!(update.call_sid, stream.call_sid);
    assert!(update.form.contains(&("Status".to_string(), "completed".to_string())));
    assert!(s.gemini.wait_closed(conn, Duration::from_secs(2)).await);
}

#[tokio::test]
async fn an_unknown_gemini_tool_gets_an_answer() {
    let s = setup().await;
    let (_stream, conn) = s.call().await;
    let id = s.gemini.call_tool(conn, "order_pizza", json!({"size": "large"})).await;
    let reply =
        s.gemini.wait_for_message(conn, "toolResponse", 0, WAIT).await.expect("tool response");
    let response = &reply["toolResponse"]["functionResponses"][0];
    assert_eq!(response["id"], id.as_str());
    assert_eq!(response["name"], "order_pizza");
    assert!(response["response"]["result"].as_str().unwrap_or_default().contains("no tool"));
}
