//! Whole simulated calls with real speech (`tests/fixtures/caller-speech-8k.wav`), the
//! simulator playing Twilio, against each fake provider.

use std::time::Duration;

use loquent_server::simulator::{SimulateOptions, caller_audio_from_wav, simulate_call};
use loquent_shared::{CallPage, CallStatus, Phone};
use loquent_tests::client::json;
use loquent_tests::fakes::gemini::FakeGemini;
use loquent_tests::fakes::realtime::FakeRealtime;
use loquent_tests::fakes::twilio::FakeTwilio;
use loquent_tests::fixtures::eventually;
use loquent_tests::fixtures::{OwnNumber, connect_own_number};
use loquent_tests::{SignedIn, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(15);
const SPEECH: &[u8] = include_bytes!("../../../fixtures/caller-speech-8k.wav");

struct Line {
    twilio: FakeTwilio,
    app: TestApp,
    owner: SignedIn,
    options: SimulateOptions,
}

async fn line(provider: &str, extra: &[(&str, &str)]) -> Line {
    let twilio = FakeTwilio::start().await;
    let mut vars = vec![("TWILIO_API_BASE", twilio.base_url.as_str())];
    vars.extend_from_slice(extra);
    let app = TestApp::spawn_with(&vars).await;
    let owner = app.sign_up("Acme Dental").await;
    let OwnNumber { account_sid, token, phone } =
        connect_own_number(&twilio, &owner, "+14155550123").await;
    let phones = [phone];
    let (model, voice) = if provider == "gemini" {
        ("gemini-2.5-flash-native-audio-preview-09-2025", "Kore")
    } else {
        ("gpt-realtime", "marin")
    };
    let agent: Value = json(
        owner.client.post("/api/agents", &json!({
            "name": "Receptionist", "instructions": "You answer for Acme Dental.",
            "realtime_config": {"provider": provider, "model": model, "voice": voice, "speed": 1.0,
                "noise_reduction": "near_field", "turn_detection": "server_vad", "eagerness": "auto"},
            "tools": {"end_call": true, "transfer_call": [{"label": "Billing", "number": "+14155550100"}]}
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
    let options = SimulateOptions {
        server: app.base_url.clone(),
        account_sid,
        auth_token: token,
        from: "+14155550199".into(),
        to: "+14155550123".into(),
        audio: caller_audio_from_wav(SPEECH).expect("the fixture"),
        real_time: false,
        linger: Duration::from_millis(1500),
    };
    Line { twilio, app, owner, options }
}

async fn calls(line: &Line) -> CallPage {
    json(line.owner.client.get("/api/calls").await, StatusCode::OK).await
}

#[tokio::test]
async fn openai_calls_with_real_speech_barge_in_both_tools_and_both_hang_ups() {
    let realtime = FakeRealtime::start().await;
    let mut l = line(
        "openai",
        &[("OPENAI_BASE_URL", &realtime.base_url), ("OPENAI_API_KEY", &realtime.api_key)],
    )
    .await;
    // Real time, so the agent's audio is still queued at "Twilio" when the caller barges in;
    // the first second of the speech keeps the test short.
    l.options.real_time = true;
    l.options.audio.truncate(8000);
    l.options.linger = Duration::from_secs(10);
    let speech_len = l.options.audio.len();
    let options = l.options.clone();
    let caller = tokio::spawn(async move { simulate_call(&options).await });

    let conn = realtime.wait_for_session(WAIT).await.expect("a session");
    assert!(
        realtime.wait_for_audio(conn, speech_len, WAIT).await,
        "all of the caller's speech arrived"
    );
    assert_eq!(realtime.received_audio(conn), l.options.audio, "byte for byte");
    // The agent answers, the caller talks over it, the agent answers again and hangs up.
    realtime.speak_partially(conn, 25, 160).await;
    tokio::time::sleep(Duration::from_millis(150)).await;
    realtime.speech_started(conn).await;
    let truncate = realtime
        .wait_for_event(conn, "conversation.item.truncate", 0, WAIT)
        .await
        .expect("truncate");
    let heard_ms = truncate["audio_end_ms"].as_u64().expect("ms");
    assert!((60..=300).contains(&heard_ms), "truncated at what was played by then: {heard_ms} ms");
    realtime.finish_speaking(conn, 10).await;
    realtime.speak(conn, 25, 160, 0x33, None).await;
    // The answer plays for half a second before the agent hangs up.
    tokio::time::sleep(Duration::from_millis(800)).await;
    realtime.call_tool(conn, "end_call", json!({})).await;

    let report = tokio::time::timeout(WAIT, caller)
        .await
        .expect("the call ended")
        .expect("task")
        .expect("simulation");
    assert!(report.twiml.contains("<Stream"));
    assert_eq!(report.frames_sent, speech_len.div_ceil(160));
    assert!(report.clears >= 1, "barge-in cleared Twilio's queue");
    assert!(report.closed_by_server, "the agent hung up");
    assert!(
        report.heard.windows(4000).any(|w| w.iter().all(|&b| b == 0x33)),
        "the caller heard the agent's answer"
    );
    assert!(
        report.heard.len() < 25 * 160 + 25 * 160 + 10 * 160,
        "the interrupted answer was not all heard"
    );
    let updates = l.twilio.call_updates();
    assert!(updates.iter().any(|u| u.call_sid == report.call_sid
        && u.form.contains(&("Status".into(), "completed".into()))));
    assert!(realtime.wait_closed(conn, Duration::from_secs(2)).await);
    eventually(10, "the call to be completed", || async {
        calls(&l).await.items.first().is_some_and(|c| c.status == CallStatus::Completed)
    })
    .await;
}

#[tokio::test]
async fn gemini_calls_with_real_speech_interruption_both_tools_and_both_hang_ups() {
    let gemini = FakeGemini::start().await;
    let l = line(
        "gemini",
        &[("GEMINI_BASE_URL", &gemini.base_url), ("GEMINI_API_KEY", &gemini.api_key)],
    )
    .await;
    let options = l.options.clone();
    let caller = tokio::spawn(async move { simulate_call(&options).await });

    let conn = gemini.wait_for_session(WAIT).await.expect("a session");
    // 6.6 s of 8 kHz speech arrives as about twice as many bytes of 16 kHz PCM.
    assert!(
        gemini.wait_for_audio(conn, l.options.audio.len() * 4 - 4000, WAIT).await,
        "the caller's speech, upsampled"
    );
    assert_eq!(gemini.input_rate(conn), Some(16_000));
    let tone: Vec<u8> = (0..24_000)
        .flat_map(|i| {
            ((8000.0 * (2.0 * std::f64::consts::PI * 440.0 * i as f64 / 24_000.0).sin()) as i16)
                .to_le_bytes()
        })
        .collect();
    // Gemini interrupts only while it is generating: the caller talks over a turn spoken at
    // its own pace.
    let speak = gemini.speak_pcm(conn, &tone, 20, Some(Duration::from_millis(50)));
    let interrupt = async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(gemini.interrupted(conn).await, "interrupted while generating");
    };
    tokio::join!(speak, interrupt);
    let report = tokio::time::timeout(WAIT, caller)
        .await
        .expect("the call ended")
        .expect("task")
        .expect("simulation");
    assert!(!report.closed_by_server, "the caller hung up");
    assert!(!report.heard.is_empty(), "the caller heard the agent");
    assert!(report.clears >= 1, "the interruption cleared Twilio's queue");
    assert!(
        gemini.wait_closed(conn, Duration::from_secs(1)).await,
        "the provider session closed within a second"
    );
    eventually(10, "the call to be completed", || async {
        calls(&l).await.items.first().is_some_and(|c| c.ended_at.is_some())
    })
    .await;

    // A second call, transferred by the agent.
    let options = l.options.clone();
    let caller = tokio::spawn(async move { simulate_call(&options).await });
    let conn = gemini.wait_for_session(WAIT).await.expect("a second session");
    gemini.call_tool(conn, "transfer_call", json!({"destination": "Billing"})).await;
    let report = tokio::time::timeout(WAIT, caller)
        .await
        .expect("the call ended")
        .expect("task")
        .expect("simulation");
    assert!(report.closed_by_server);
    let transfer = l
        .twilio
        .call_updates()
        .into_iter()
        .find(|u| u.call_sid == report.call_sid)
        .expect("transfer");
    let twiml =
        transfer.form.iter().find(|(k, _)| k == "Twiml").map(|(_, v)| v.clone()).expect("Twiml");
    assert!(twiml.contains("<Number>+14155550100</Number>"), "{twiml}");
}

#[tokio::test]
async fn a_number_without_an_agent_answers_with_a_message() {
    let l = line("openai", &[]).await;
    let phones: Vec<Phone> = json(l.owner.client.get("/api/phones").await, StatusCode::OK).await;
    l.owner.client.delete(&format!("/api/phones/{}/agent", phones[0].id)).await;
    let report = simulate_call(&l.options).await.expect("simulation");
    assert!(report.twiml.contains("<Say>") && !report.twiml.contains("<Stream"));
    assert_eq!(report.frames_sent, 0);
    let _ = &l.app;
}
