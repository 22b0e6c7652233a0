//! The media relay under load: N concurrent simulated calls (Twilio's side, at real-time pace,
//! answering marks 20 ms after each chunk as if playing it) through the real Loquent server to a
//! local echo provider (OpenAI Realtime dialect: every appended frame comes straight back as
//! model audio). Prints, per N: added relay latency per frame (p50/p99, Twilio→provider and
//! provider→Twilio), server CPU seconds per call-minute, RSS per call, frames lost, and barge-in
//! `clear` latency.
//!
//! `./dev bench` runs it (release build); `cargo bench -p loquent-tests --bench relay -- 100 500`
//! picks the call counts. Needs DATABASE_URL (the dev script provides it).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use futures_util::{SinkExt, StreamExt};
use loquent_server::clients::twilio::{TwilioCredentials, signature};
use loquent_tests::TestApp;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const SECONDS: u64 = 10;
const FRAMES: usize = (SECONDS * 50) as usize;

/// Nanoseconds since the bench started, per (call, frame): sent by the caller, received by the
/// provider, received back by the caller. Lock-free: 100k frames a second land here.
struct Clock {
    start: Instant,
    sent: Vec<AtomicU64>,
    at_provider: Vec<AtomicU64>,
    back: Vec<AtomicU64>,
    barge_sent: Vec<AtomicU64>,
    barge_cleared: Vec<AtomicU64>,
}

impl Clock {
    fn new(calls: usize) -> Clock {
        let slots = |n: usize| (0..n).map(|_| AtomicU64::new(0)).collect();
        Clock {
            start: Instant::now(),
            sent: slots(calls * FRAMES),
            at_provider: slots(calls * FRAMES),
            back: slots(calls * FRAMES),
            barge_sent: slots(calls),
            barge_cleared: slots(calls),
        }
    }
    fn now(&self) -> u64 {
        self.start.elapsed().as_nanos() as u64
    }
}

/// A 160-byte µ-law frame carrying (call, frame) in its first 8 bytes.
fn frame(call: usize, n: usize) -> Vec<u8> {
    let mut f = vec![0xffu8; 160];
    f[..4].copy_from_slice(&(call as u32).to_be_bytes());
    f[4..8].copy_from_slice(&(n as u32).to_be_bytes());
    f
}

fn ids(f: &[u8]) -> Option<(usize, usize)> {
    let call = u32::from_be_bytes(f.get(..4)?.try_into().ok()?) as usize;
    let n = u32::from_be_bytes(f.get(4..8)?.try_into().ok()?) as usize;
    Some((call, n))
}

/// The echo provider: speaks OpenAI Realtime's GA events just enough for the bridge.
async fn echo_provider(clock: Arc<Clock>, barge: Arc<tokio::sync::Notify>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let clock = clock.clone();
            let barge = barge.clone();
            tokio::spawn(async move {
                let config = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
                    .read_buffer_size(4 * 1024);
                let Ok(ws) = tokio_tungstenite::accept_async_with_config(tcp, Some(config)).await
                else {
                    return;
                };
                let (mut tx, mut rx) = ws.split();
                let _ = tx
                    .send(Message::text(
                        r#"{"type":"session.created","session":{"type":"realtime"}}"#,
                    ))
                    .await;
                let mut call_of_conn = None;
                // A new item after each barge-in, as a provider's next response would be.
                let mut item = 0u32;
                loop {
                    tokio::select! {
                        msg = rx.next() => {
                            let Some(Ok(Message::Text(text))) = msg else { break };
                            let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                            if v["type"] == "input_audio_buffer.append" {
                                let audio = STANDARD.decode(v["audio"].as_str().unwrap_or_default()).unwrap_or_default();
                                if let Some((call, n)) = ids(&audio) {
                                    call_of_conn = Some(call);
                                    if let Some(slot) = clock.at_provider.get(call * FRAMES + n) { slot.store(clock.now(), Ordering::Relaxed); }
                                }
                                let delta = json!({"type": "response.output_audio.delta", "item_id": format!("echo-{item}"), "delta": v["audio"]});
                                if tx.send(Message::text(delta.to_string())).await.is_err() { break; }
                            }
                        }
                        _ = barge.notified() => {
                            if let Some(call) = call_of_conn {
                                clock.barge_sent[call].store(clock.now(), Ordering::Relaxed);
                                let _ = tx.send(Message::text(r#"{"type":"input_audio_buffer.speech_started","audio_start_ms":0,"item_id":"u"}"#)).await;
                                item += 1;
                            }
                        }
                    }
                }
            });
        }
    });
    format!("http://{addr}/v1")
}

/// One caller: the Twilio side of the stream at real-time pace; answers each mark 20 ms after
/// the chunk before it arrived, as Twilio does once it has played it.
async fn caller(call: usize, url: String, token: String, account: String, clock: Arc<Clock>) {
    let mut req = url.as_str().into_client_request().expect("request");
    req.headers_mut()
        .insert("X-Twilio-Signature", signature::sign(&token, &url, &[]).parse().expect("header"));
    let config = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
        .read_buffer_size(4 * 1024);
    let Ok((ws, _)) = tokio_tungstenite::connect_async_with_config(req, Some(config), true).await
    else {
        return;
    };
    let (mut tx, mut rx) = ws.split();
    let stream_sid = format!("MZ{:032x}", call);
    let start = json!({"event": "start", "streamSid": stream_sid, "start": {"accountSid": account,
        "callSid": format!("CA{:032x}", call), "streamSid": stream_sid, "tracks": ["inbound"],
        "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
        "customParameters": {"from": format!("+1415{:07}", call), "to": "+14155550123"}}});
    let _ = tx.send(Message::text(start.to_string())).await;
    let (mark_tx, mut mark_rx) = tokio::sync::mpsc::unbounded_channel::<(Instant, String)>();
    let reader_clock = clock.clone();
    let reader = tokio::spawn(async move {
        while let Some(Ok(Message::Text(text))) = rx.next().await {
            let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            match v["event"].as_str() {
                Some("media") => {
                    let audio = STANDARD
                        .decode(v["media"]["payload"].as_str().unwrap_or_default())
                        .unwrap_or_default();
                    if let Some((c, n)) = ids(&audio)
                        && let Some(slot) = reader_clock.back.get(c * FRAMES + n)
                    {
                        slot.store(reader_clock.now(), Ordering::Relaxed);
                    }
                }
                Some("mark") => {
                    let _ = mark_tx.send((
                        Instant::now() + Duration::from_millis(20),
                        v["mark"]["name"].as_str().unwrap_or_default().to_string(),
                    ));
                }
                Some("clear") => {
                    reader_clock.barge_cleared[call].store(reader_clock.now(), Ordering::Relaxed);
                }
                _ => {}
            }
        }
    });
    let mut tick = tokio::time::interval(Duration::from_millis(20));
    let mut pending_marks: std::collections::VecDeque<(Instant, String)> = Default::default();
    for n in 0..FRAMES {
        tick.tick().await;
        let f = frame(call, n);
        clock.sent[call * FRAMES + n].store(clock.now(), Ordering::Relaxed);
        let media = json!({"event": "media", "streamSid": stream_sid, "media": {"track": "inbound", "chunk": (n + 1).to_string(), "timestamp": (n * 20).to_string(), "payload": STANDARD.encode(&f)}});
        if tx.send(Message::text(media.to_string())).await.is_err() {
            break;
        }
        while let Ok(m) = mark_rx.try_recv() {
            pending_marks.push_back(m);
        }
        while pending_marks.front().is_some_and(|(due, _)| *due <= Instant::now()) {
            if let Some((_, name)) = pending_marks.pop_front() {
                let _ = tx
                    .send(Message::text(
                        json!({"event": "mark", "streamSid": stream_sid, "mark": {"name": name}})
                            .to_string(),
                    ))
                    .await;
            }
        }
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _ =
        tx.send(Message::text(json!({"event": "stop", "streamSid": stream_sid}).to_string())).await;
    let _ = tx.close().await;
    reader.abort();
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1e6
}

/// CPU seconds used so far by the server's own threads (actix workers), from /proc.
fn server_cpu_seconds() -> f64 {
    let ticks = 100.0; // USER_HZ on Linux
    let mut total = 0.0;
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else { return f64::NAN };
    for task in tasks.flatten() {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if !comm.starts_with("actix") {
            continue;
        }
        let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
        let fields: Vec<&str> =
            stat.rsplit(')').next().unwrap_or_default().split_whitespace().collect();
        let utime: f64 = fields.get(11).and_then(|v| v.parse().ok()).unwrap_or(0.0);
        let stime: f64 = fields.get(12).and_then(|v| v.parse().ok()).unwrap_or(0.0);
        total += (utime + stime) / ticks;
    }
    total
}

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

async fn run(calls: usize) -> HashMap<&'static str, f64> {
    let clock = Arc::new(Clock::new(calls));
    let barge = Arc::new(tokio::sync::Notify::new());
    let provider = echo_provider(clock.clone(), barge.clone()).await;
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).to_string();
    let app = TestApp::spawn_with(&[
        ("OPENAI_BASE_URL", &provider),
        ("OPENAI_API_KEY", "sk-bench"),
        ("LOQUENT_WORKERS", &workers),
        ("DATABASE_POOL_SIZE", "32"),
        ("RUST_LOG", "error"),
    ])
    .await;
    let owner = app.sign_up("Bench Dental").await;
    let account = format!("AC{}", "b".repeat(32));
    let token = "c".repeat(32);
    let mut conn = app.conn().await;
    loquent_server::mods::twilio::account::save(
        &mut conn,
        &app.state.cipher,
        owner.me.organization.id,
        &TwilioCredentials { account_sid: account.clone(), auth_token: token.clone().into() },
        true,
    )
    .await
    .expect("account");
    let phone = app.insert_phone(&owner, "+14155550123").await;
    let agent: Value = owner.client.post("/api/agents", &json!({"name": "Echo", "instructions": "", "tools": {"end_call": false, "transfer_call": []}})).await.json().await.expect("agent");
    owner
        .client
        .request(
            reqwest::Method::PUT,
            &format!("/api/phones/{}/agent/{}", phone.id, agent["id"].as_str().expect("id")),
        )
        .send()
        .await
        .expect("assign");
    let url =
        format!("ws://{}/twilio/stream/{}", app.base_url.trim_start_matches("http://"), phone.id);

    let rss_before = rss_mb();
    let cpu_before = server_cpu_seconds();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for call in 0..calls {
        tasks.push(tokio::spawn(caller(
            call,
            url.clone(),
            token.clone(),
            account.clone(),
            clock.clone(),
        )));
        if call % 50 == 49 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    tokio::time::sleep(Duration::from_secs(SECONDS / 2)).await;
    let rss_during = rss_mb();
    barge.notify_waiters();
    for t in tasks {
        let _ = t.await;
    }
    let wall = started.elapsed().as_secs_f64();
    let cpu = server_cpu_seconds() - cpu_before;

    let (mut up, mut down, mut lost) = (Vec::new(), Vec::new(), 0usize);
    for i in 0..calls * FRAMES {
        let (s, p, b) = (
            clock.sent[i].load(Ordering::Relaxed),
            clock.at_provider[i].load(Ordering::Relaxed),
            clock.back[i].load(Ordering::Relaxed),
        );
        if s == 0 {
            continue;
        }
        if p == 0 || b == 0 {
            lost += 1;
            continue;
        }
        up.push(p.saturating_sub(s));
        down.push(b.saturating_sub(p));
    }
    up.sort_unstable();
    down.sort_unstable();
    let mut clears: Vec<u64> = (0..calls)
        .filter_map(|c| {
            let (sent, cleared) = (
                clock.barge_sent[c].load(Ordering::Relaxed),
                clock.barge_cleared[c].load(Ordering::Relaxed),
            );
            (sent > 0 && cleared >= sent).then(|| cleared - sent)
        })
        .collect();
    clears.sort_unstable();
    let call_minutes = calls as f64 * wall / 60.0;
    HashMap::from([
        ("calls", calls as f64),
        ("frames", (up.len() + lost) as f64),
        ("up_p50", percentile(&up, 0.5)),
        ("up_p99", percentile(&up, 0.99)),
        ("down_p50", percentile(&down, 0.5)),
        ("down_p99", percentile(&down, 0.99)),
        ("lost", lost as f64),
        ("cpu_per_call_minute", cpu / call_minutes),
        ("rss_per_call_kb", (rss_during - rss_before) * 1024.0 / calls as f64),
        ("clear_p50", percentile(&clears, 0.5)),
        ("clear_p99", percentile(&clears, 0.99)),
        ("clears_measured", clears.len() as f64),
    ])
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let counts: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let counts = if counts.is_empty() { vec![100, 500, 1000, 2000] } else { counts };
    println!(
        "relay benchmark: {SECONDS} s of real-time audio per call, {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "{:>6} {:>9} {:>10} {:>10} {:>10} {:>10} {:>7} {:>12} {:>10} {:>10} {:>10}",
        "calls",
        "frames",
        "up p50 ms",
        "up p99 ms",
        "dn p50 ms",
        "dn p99 ms",
        "lost",
        "cpu s/callmin",
        "rss KB/call",
        "clear p50",
        "clear p99"
    );
    for n in counts {
        let r = run(n).await;
        println!(
            "{:>6} {:>9} {:>10.3} {:>10.3} {:>10.3} {:>10.3} {:>7} {:>12.4} {:>10.1} {:>10.3} {:>10.3}",
            r["calls"],
            r["frames"],
            r["up_p50"],
            r["up_p99"],
            r["down_p50"],
            r["down_p99"],
            r["lost"],
            r["cpu_per_call_minute"],
            r["rss_per_call_kb"],
            r["clear_p50"],
            r["clear_p99"]
        );
    }
}
