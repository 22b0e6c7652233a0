//! What Gemini Live holds a client to, end to end against the strict fake: setups with and
//! without tools are accepted, a call outlives its connections (goAway → resumption, caller
//! audio continuous, nothing lost or sent twice), a caller talking over queued audio after the
//! model finished is heard, and a cancelled tool call gets no answer.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use loquent_server::audio::{Upsampler8kTo16k, mulaw, mulaw8k_to_pcm16k};
use loquent_server::simulator::caller_audio_from_wav;
use loquent_tests::agent_line::{AgentLine, agent, both_tools};
use loquent_tests::audio::{dbfs, pcm_le, tone};
use loquent_tests::fakes::gemini::{FakeGemini, GeminiOptions};
use loquent_tests::fixtures::eventually;
use loquent_tests::media_stream::{FRAME, MediaStream};
use serde_json::{Value, json};
use tokio::time::Instant;

const WAIT: Duration = Duration::from_secs(10);
const SPEECH: &[u8] = include_bytes!("../../../fixtures/caller-speech-8k.wav");

struct Line {
    gemini: FakeGemini,
    line: AgentLine,
}

impl std::ops::Deref for Line {
    type Target = AgentLine;
    fn deref(&self) -> &AgentLine {
        &self.line
    }
}

fn gemini_agent(tools: Value) -> Value {
    agent("gemini", "server_vad", "high", tools)
}

async fn line(options: GeminiOptions) -> Line {
    let gemini = FakeGemini::start_with(options).await;
    let vars = [
        ("GEMINI_BASE_URL", gemini.base_url.as_str()),
        ("GEMINI_API_KEY", gemini.api_key.as_str()),
    ];
    let line = AgentLine::start(&vars, &gemini_agent(both_tools())).await;
    Line { gemini, line }
}

impl Line {
    async fn call(&self) -> (MediaStream, usize) {
        let stream = self.stream().await;
        let conn = self.gemini.wait_for_session(WAIT).await.expect("a Gemini session set up");
        (stream, conn)
    }

    /// Every connection's caller audio, one after the other.
    fn all_audio(&self) -> Vec<u8> {
        (0..self.gemini.connections()).flat_map(|c| self.gemini.received_audio(c)).collect()
    }
}

#[tokio::test]
async fn setups_with_and_without_tools_are_accepted() {
    let l = line(GeminiOptions::default()).await;
    let (_stream, conn) = l.call().await;
    let declarations = l.gemini.function_declarations(conn);
    let names: Vec<&str> = declarations.iter().filter_map(|d| d["name"].as_str()).collect();
    assert_eq!(names, ["end_call", "transfer_call"]);
    assert!(declarations[0].get("parameters").is_none(), "a parameterless function has none");
    assert_eq!(declarations[1]["parameters"]["type"], "OBJECT");
    assert!(!declarations[1]["parameters"].to_string().contains("additionalProperties"));
    let setup = l.gemini.setup(conn).expect("setup");
    assert_eq!(setup["contextWindowCompression"], json!({"slidingWindow": {}}));
    assert_eq!(setup["sessionResumption"], json!({}));
    let detection = &setup["realtimeInputConfig"]["automaticActivityDetection"];
    assert_eq!(detection["endOfSpeechSensitivity"], "END_SENSITIVITY_HIGH", "eagerness high");

    l.replace_agent(&gemini_agent(json!({"end_call": false, "transfer_call": []}))).await;
    let (_stream, conn) = l.call().await;
    assert!(l.gemini.setup(conn).expect("setup").get("tools").is_none());
}

#[tokio::test]
async fn a_long_call_outlives_two_connections_with_its_audio_whole() {
    // A Live connection lasts ten minutes, a 12-minute call spans two go-aways; simulated with
    // connections of 1.5 s. Without context compression the session would also end at 1 s.
    let options = GeminiOptions {
        connection_lifetime: Some(Duration::from_millis(1500)),
        go_away_notice: Duration::from_millis(500),
        audio_session_limit: Some(Duration::from_secs(1)),
    };
    let l = line(options).await;
    let (mut stream, first) = l.call().await;
    let caller = mulaw::encode(&tone(8000.0, 300.0, 0.3, 3.2));

    // The caller talks without a pause while the session moves; the longest stretch in which
    // no caller audio reached Gemini is what the caller would notice.
    let sending = AtomicBool::new(true);
    let send = async {
        stream.stream_audio(&caller, Some(Duration::from_millis(20))).await;
        sending.store(false, Ordering::Relaxed);
    };
    let watch = async {
        let (mut last_len, mut last_change, mut longest) = (0, Instant::now(), Duration::ZERO);
        while sending.load(Ordering::Relaxed) {
            let len = l.all_audio().len();
            if len != last_len {
                longest = longest.max(last_change.elapsed());
                (last_len, last_change) = (len, Instant::now());
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        longest
    };
    let ((), longest_gap) = tokio::join!(send, watch);

    let mut up = Upsampler8kTo16k::new();
    let expected: Vec<u8> =
        caller.chunks(FRAME).flat_map(|f| mulaw8k_to_pcm16k(&mut up, f)).collect();
    eventually(5, "all caller audio at Gemini", || async { l.all_audio().len() >= expected.len() })
        .await;
    assert!(l.all_audio() == expected, "every frame once, in order, across the connections");
    let conns = l.gemini.connections();
    let go_aways: usize = (0..conns).map(|c| l.gemini.go_aways(c)).sum();
    assert!(go_aways >= 2, "{go_aways} go-aways over {conns} connections");
    for c in first + 1..conns {
        assert_eq!(l.gemini.resumed_from(c), Some(c - 1), "connection {c} resumed the session");
        let old = c - 1;
        assert_eq!(
            l.gemini.closed_with(old),
            None,
            "Loquent left connection {old} before its deadline"
        );
        assert!(l.gemini.client_close(old).is_some(), "with a closing handshake");
    }
    println!(
        "{conns} connections, {go_aways} go-aways, longest stall of caller audio {longest_gap:?}"
    );
    assert!(longest_gap < Duration::from_millis(250), "caller audio stalled for {longest_gap:?}");

    // The model's speech on the newest connection still reaches the caller.
    let last = conns - 1;
    assert!(!l.gemini.is_closed(last));
    l.gemini.speak_pcm(last, &pcm_le(&tone(24_000.0, 440.0, 0.3, 0.2)), 2, None).await;
    assert!(stream.until("media", WAIT).await.is_some());
}

#[tokio::test]
async fn a_caller_talking_over_queued_audio_after_the_turn_is_heard() {
    let l = line(GeminiOptions::default()).await;
    let (mut stream, conn) = l.call().await;

    // Gemini streams three seconds of speech faster than real time and finishes its turn;
    // Twilio has it all queued and has played none of it (no mark echoed).
    l.gemini.speak_pcm(conn, &pcm_le(&tone(24_000.0, 440.0, 0.3, 3.0)), 30, None).await;
    let mut queued = 0;
    while let Some(message) = stream.next(Duration::from_millis(300)).await {
        queued += message["media"]["payload"].as_str().map_or(0, |p| p.len() * 3 / 4);
    }
    assert!(queued > 23_000, "about three seconds queued at Twilio: {queued} bytes");
    assert!(!l.gemini.interrupted(conn).await, "Gemini interrupts only while generating");

    // A quiet line clears nothing.
    stream.stream_audio(&mulaw::encode(&vec![0i16; 4000]), Some(Duration::from_millis(20))).await;
    assert!(stream.until("clear", Duration::from_millis(200)).await.is_none(), "nothing cleared");

    // Real speech does, within a fraction of a second of its start.
    let speech = caller_audio_from_wav(SPEECH).expect("the speech fixture");
    let voiced = speech
        .chunks(FRAME)
        .position(|f| dbfs(&mulaw::decode(f)) > -35.0)
        .expect("speech in the fixture");
    let mut cleared_at = None;
    for (i, frame) in speech.chunks(FRAME).enumerate() {
        stream.send_audio(frame).await;
        if let Some(message) = stream.next(Duration::from_millis(20)).await
            && message["event"] == "clear"
        {
            assert_eq!(message["streamSid"], stream.stream_sid.as_str());
            cleared_at = Some(i);
            break;
        }
    }
    let cleared_at = cleared_at.expect("Twilio's queue was cleared");
    println!(
        "cleared {} ms after the caller's speech began",
        (cleared_at.saturating_sub(voiced) + 1) * 20
    );
    assert!(cleared_at >= voiced, "not before the caller spoke");
    assert!(
        (cleared_at - voiced) * 20 <= 400,
        "cleared {} ms into the speech",
        (cleared_at - voiced) * 20
    );
}

#[tokio::test]
async fn a_cancelled_tool_call_gets_no_answer() {
    let l = line(GeminiOptions::default()).await;
    let (stream, conn) = l.call().await;
    // The hang-up fails, slowly: the tool's answer would be "could not hang up".
    l.twilio.set_latency(Duration::from_millis(800));
    let path = format!("/Calls/{}.json", stream.call_sid);
    l.twilio.fail_next("POST", &path, 404, 20404, "The requested resource was not found");

    let id = l.gemini.call_tool(conn, "end_call", json!({})).await;
    eventually(5, "the hang-up under way", || async {
        l.twilio.requests().iter().any(|r| r.path.ends_with(&path))
    })
    .await;
    l.gemini.cancel_tool_calls(conn, &[id]).await;

    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert!(l.gemini.tool_responses(conn).is_empty(), "no answer to a cancelled call");
    assert!(!l.gemini.is_closed(conn), "the session goes on: {:?}", l.gemini.closed_with(conn));
}

#[tokio::test]
async fn a_dropped_connection_is_resumed_and_the_caller_audio_meanwhile_kept() {
    let l = line(GeminiOptions::default()).await;
    let (mut stream, conn) = l.call().await;
    let caller = mulaw::encode(&tone(8000.0, 300.0, 0.3, 1.0));
    let (before, after) = caller.split_at(FRAME * 20);
    stream.stream_audio(before, Some(Duration::from_millis(20))).await;

    // Gemini's side crashes: no goAway, no close frame. Loquent resumes from the last handle
    // while the caller keeps talking.
    let drop = l.gemini.drop_connection(conn);
    let talk = stream.stream_audio(after, Some(Duration::from_millis(20)));
    tokio::join!(drop, talk);

    let resumed = l.gemini.wait_for_session(WAIT).await.expect("a new connection");
    assert_eq!(l.gemini.resumed_from(resumed), Some(conn));
    // Frames already written to the crashed socket are gone with it (no service acknowledges
    // them); every frame from then on waits for the new connection and arrives once, in order.
    let mut up = Upsampler8kTo16k::new();
    let frames: Vec<Vec<u8>> =
        caller.chunks(FRAME).map(|f| mulaw8k_to_pcm16k(&mut up, f)).collect();
    let tail_of = |n: usize| frames[frames.len() - n..].concat();
    eventually(5, "the caller's last frame at Gemini", || async {
        let new = l.gemini.received_audio(resumed);
        let n = new.len() / frames[0].len();
        n > 0 && new == tail_of(n)
    })
    .await;
    let arrived = l.gemini.received_audio(resumed).len() / frames[0].len();
    let old = l.gemini.received_audio(conn);
    let delivered = old.len() / frames[0].len();
    assert!(old == frames[..delivered].concat(), "the old connection's audio, in order");
    let lost = frames.len() - delivered - arrived;
    println!("{lost} frames lost in the crash, {arrived} on the new connection");
    assert!(lost <= 5, "{lost} frames lost");
    assert!(l.twilio.call_updates().is_empty(), "the call goes on");
}
