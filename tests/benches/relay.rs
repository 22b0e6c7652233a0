//! The media relay under load: N concurrent simulated calls through the real Loquent server to a
//! local echo provider (OpenAI Realtime dialect: every appended frame comes straight back as
//! model audio). Each call is what Twilio does: the signed voice webhook, the media stream, 15 s
//! of real-time audio, marks answered 20 ms after each chunk as if playing it. Calls arrive
//! evenly over a few seconds; the figures are measured while all N are up. Prints, per N: added
//! relay latency per frame (p50/p99, Twilio→provider and provider→Twilio), frames lost, the first
//! frame's round trip (the call's set-up), server CPU seconds per call-minute and its core's
//! load, RSS per call, and barge-in `clear` latency.
//!
//! The server is the release `loquent` binary in a process of its own, one worker pinned to CPU
//! 0, so every figure is that one core's; the simulated callers and the echo provider run in
//! this process on the other cores. The harness's own CPU use is printed too: when it nears
//! 100 % of its cores, the latencies are partly the harness's.
//!
//! `./dev bench` builds both and runs it; `./dev bench 100 500` picks the call counts. Needs
//! DATABASE_URL (the dev script provides it) and the server binary (LOQUENT_BIN, default
//! `target/release/loquent`).

use std::collections::HashMap;
use std::net::TcpListener as StdListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use futures_util::{SinkExt, StreamExt};
use loquent_server::clients::twilio::{TwilioCredentials, signature};
use loquent_tests::TestApp;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// Audio per call.
const SECONDS: u64 = 15;
const FRAMES: usize = (SECONDS * 50) as usize;
/// Calls arrive evenly over this long (N = 1000: 200 new calls a second, far above any real
/// line's rate), so all N are up from then until the first call ends.
const RAMP: Duration = Duration::from_secs(5);
/// The measured window starts this long after the last call arrived, once its set-up is done,
/// and ends before the first call does: every figure but the first frame's round trip (each
/// call's set-up, measured apart) is of N calls at once.
const SETTLE: Duration = Duration::from_secs(1);
const WINDOW: Duration = Duration::from_secs(8);
/// The server's core. The harness takes the others.
const SERVER_CPU: usize = 0;

/// Nanoseconds since the bench started, per (call, frame): sent by the caller, received by the
/// provider, received back by the caller. Lock-free: 100k frames a second land here.
struct Clock {
    start: Instant,
    sent: Vec<AtomicU64>,
    at_provider: Vec<AtomicU64>,
    back: Vec<AtomicU64>,
    barge_sent: Vec<AtomicU64>,
    barge_cleared: Vec<AtomicU64>,
    /// Nanoseconds since the start of the bench of the measured window's start and end.
    window: (AtomicU64, AtomicU64),
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
            window: (AtomicU64::new(u64::MAX), AtomicU64::new(0)),
        }
    }
    fn now(&self) -> u64 {
        self.start.elapsed().as_nanos() as u64
    }
    fn stamp(&self, slots: &[AtomicU64], ids: Option<(usize, usize)>) {
        if let Some((call, n)) = ids
            && n < FRAMES
            && let Some(slot) = slots.get(call * FRAMES + n)
        {
            slot.store(self.now(), Ordering::Relaxed);
        }
    }
}

/// A 160-byte µ-law frame carrying (call, frame) in its first 8 bytes, base64 as Twilio sends it.
fn frame(call: usize, n: usize) -> String {
    let mut f = [0xffu8; 160];
    f[..4].copy_from_slice(&(call as u32).to_be_bytes());
    f[4..8].copy_from_slice(&(n as u32).to_be_bytes());
    STANDARD.encode(f)
}

/// (call, frame) from a frame's base64: only its first 12 characters are decoded.
fn ids(b64: &str) -> Option<(usize, usize)> {
    let head = STANDARD.decode(b64.get(..12)?).ok()?;
    let call = u32::from_be_bytes(head.get(..4)?.try_into().ok()?) as usize;
    let n = u32::from_be_bytes(head.get(4..8)?.try_into().ok()?) as usize;
    Some((call, n))
}

fn socket_config() -> WebSocketConfig {
    WebSocketConfig::default().read_buffer_size(4 * 1024)
}

/// What the echo provider reads: borrowed, so reading a frame allocates nothing.
#[derive(Deserialize)]
struct ClientEvent<'a> {
    #[serde(rename = "type", borrow)]
    kind: &'a str,
    #[serde(borrow)]
    audio: Option<&'a str>,
}

/// What a caller reads from the server.
#[derive(Deserialize)]
struct StreamEvent<'a> {
    #[serde(borrow)]
    event: &'a str,
    #[serde(borrow)]
    media: Option<Payload<'a>>,
    #[serde(borrow)]
    mark: Option<Name<'a>>,
}

#[derive(Deserialize)]
struct Payload<'a> {
    #[serde(borrow)]
    payload: &'a str,
}

#[derive(Deserialize)]
struct Name<'a> {
    #[serde(borrow)]
    name: &'a str,
}

/// What the echo provider confirms any configuration with: µ-law both ways.
const SESSION_UPDATED: &str = r#"{"type":"session.updated","session":{"type":"realtime","audio":{"input":{"format":{"type":"audio/pcmu"}},"output":{"format":{"type":"audio/pcmu"}}}}}"#;

/// The echo provider: speaks OpenAI Realtime's GA events just enough for the bridge.
async fn echo_provider(clock: Arc<Clock>, barge: Arc<tokio::sync::Notify>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let _ = tcp.set_nodelay(true);
            let clock = clock.clone();
            let barge = barge.clone();
            tokio::spawn(async move {
                let Ok(ws) =
                    tokio_tungstenite::accept_async_with_config(tcp, Some(socket_config())).await
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
                            let Ok(event) = serde_json::from_str::<ClientEvent>(&text) else { continue };
                            if event.kind == "session.update" {
                                // The bridge relays audio only once the session is confirmed.
                                if tx.send(Message::text(SESSION_UPDATED)).await.is_err() { break; }
                                continue;
                            }
                            let (true, Some(audio)) = (event.kind == "input_audio_buffer.append", event.audio) else { continue };
                            let ids = ids(audio);
                            clock.stamp(&clock.at_provider, ids);
                            call_of_conn = call_of_conn.or(ids.map(|(call, _)| call));
                            let delta = format!(r#"{{"type":"response.output_audio.delta","item_id":"echo-{item}","delta":"{audio}"}}"#);
                            if tx.send(Message::text(delta)).await.is_err() { break; }
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
/// What a caller needs to reach the server as Twilio does.
struct Line {
    http: reqwest::Client,
    base_url: String,
    stream_url: String,
    number: String,
    account: String,
    token: String,
}

async fn caller(call: usize, line: Arc<Line>, clock: Arc<Clock>) {
    // Twilio asks for TwiML first (the server opens the agent's provider session meanwhile),
    // then opens the media stream it names.
    let call_sid = format!("CA{:032x}", call);
    let from = format!("+1415{:07}", call);
    let params: Vec<(String, String)> = [
        ("AccountSid", line.account.as_str()),
        ("CallSid", &call_sid),
        ("From", &from),
        ("To", &line.number),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let voice_url = format!("{}/twilio/voice", line.base_url);
    let answered = line
        .http
        .post(&voice_url)
        .header("X-Twilio-Signature", signature::sign(&line.token, &voice_url, &params))
        .form(&params)
        .send()
        .await;
    if !answered.is_ok_and(|r| r.status().is_success()) {
        return;
    }
    let url = &format!("{}/{call_sid}", line.stream_url);
    let (token, account) = (&line.token, &line.account);
    let mut req = url.as_str().into_client_request().expect("request");
    req.headers_mut()
        .insert("X-Twilio-Signature", signature::sign(token, url, &[]).parse().expect("header"));
    let Ok((ws, _)) =
        tokio_tungstenite::connect_async_with_config(req, Some(socket_config()), true).await
    else {
        return;
    };
    let (mut tx, mut rx) = ws.split();
    let stream_sid = format!("MZ{:032x}", call);
    let start = json!({"event": "start", "streamSid": stream_sid, "start": {"accountSid": account,
        "callSid": call_sid, "streamSid": stream_sid, "tracks": ["inbound"],
        "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
        "customParameters": {"from": from, "to": line.number}}});
    let _ = tx.send(Message::text(start.to_string())).await;
    let (mark_tx, mut mark_rx) = tokio::sync::mpsc::unbounded_channel::<(Instant, String)>();
    let reader_clock = clock.clone();
    let reader = tokio::spawn(async move {
        while let Some(Ok(message)) = rx.next().await {
            let Message::Text(text) = message else { continue };
            let Ok(event) = serde_json::from_str::<StreamEvent>(&text) else { continue };
            match (event.event, event.media, event.mark) {
                ("media", Some(media), _) => {
                    reader_clock.stamp(&reader_clock.back, ids(media.payload));
                }
                ("mark", _, Some(mark)) => {
                    let due = Instant::now() + Duration::from_millis(20);
                    let _ = mark_tx.send((due, mark.name.to_string()));
                }
                ("clear", _, _) => {
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
        let media = format!(
            r#"{{"event":"media","sequenceNumber":"{}","media":{{"track":"inbound","chunk":"{}","timestamp":"{}","payload":"{}"}},"streamSid":"{stream_sid}"}}"#,
            n + 2,
            n + 1,
            n * 20,
            frame(call, n)
        );
        clock.sent[call * FRAMES + n].store(clock.now(), Ordering::Relaxed);
        if tx.send(Message::text(media)).await.is_err() {
            break;
        }
        while let Ok(m) = mark_rx.try_recv() {
            pending_marks.push_back(m);
        }
        let now = Instant::now();
        while pending_marks.front().is_some_and(|(due, _)| *due <= now) {
            if let Some((_, name)) = pending_marks.pop_front() {
                let mark = format!(
                    r#"{{"event":"mark","sequenceNumber":"0","streamSid":"{stream_sid}","mark":{{"name":"{name}"}}}}"#
                );
                let _ = tx.send(Message::text(mark)).await;
            }
        }
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let stop = format!(r#"{{"event":"stop","sequenceNumber":"0","streamSid":"{stream_sid}"}}"#);
    let _ = tx.send(Message::text(stop)).await;
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

/// CPU seconds a process has used (all its threads), from /proc.
fn cpu_seconds(pid: &str) -> f64 {
    let ticks = 100.0; // USER_HZ on Linux
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> =
        stat.rsplit(')').next().unwrap_or_default().split_whitespace().collect();
    let utime: f64 = fields.get(11).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
    let stime: f64 = fields.get(12).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
    (utime + stime) / ticks
}

fn rss_mb(pid: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The release server in a process of its own, one worker, pinned to [`SERVER_CPU`].
struct ServerProcess {
    child: Child,
    base_url: String,
}

impl ServerProcess {
    async fn start(vars: &HashMap<String, String>) -> ServerProcess {
        let bin = std::env::var("LOQUENT_BIN").unwrap_or_else(|_| {
            format!("{}/../target/release/loquent", env!("CARGO_MANIFEST_DIR"))
        });
        let port = StdListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let base_url = format!("http://127.0.0.1:{port}");
        let mut command = Command::new("taskset");
        command
            .args(["-c", &SERVER_CPU.to_string(), &bin, "serve"])
            .envs(vars)
            .env("LOQUENT_BIND", format!("127.0.0.1:{port}"))
            .env("APP_HOST", &base_url)
            .env("LOQUENT_WORKERS", "1")
            .env("JOB_WORKERS", "0")
            .env("DATABASE_POOL_SIZE", "16")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null());
        let child = command.spawn().unwrap_or_else(|e| panic!("starting {bin}: {e}"));
        let server = ServerProcess { child, base_url };
        let http = reqwest::Client::new();
        for _ in 0..200 {
            let ready = http.get(format!("{}/readyz", server.base_url)).send().await;
            if ready.is_ok_and(|r| r.status().is_success()) {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server at {} did not become ready (is {bin} built?)", server.base_url);
    }

    fn pid(&self) -> String {
        self.child.id().to_string()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn run(calls: usize) -> HashMap<&'static str, f64> {
    let clock = Arc::new(Clock::new(calls));
    let barge = Arc::new(tokio::sync::Notify::new());
    let provider = echo_provider(clock.clone(), barge.clone()).await;
    // This in-process server only seeds the database; the calls go to the server process.
    let app = TestApp::spawn_with(&[
        ("OPENAI_BASE_URL", &provider),
        ("OPENAI_API_KEY", "sk-bench"),
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

    let server = ServerProcess::start(app.vars()).await;
    let pid = server.pid();
    let line = Arc::new(Line {
        http: reqwest::Client::new(),
        stream_url: format!(
            "ws://{}/twilio/stream/{}",
            server.base_url.trim_start_matches("http://"),
            phone.id
        ),
        base_url: server.base_url.clone(),
        number: phone.number.clone(),
        account,
        token,
    });

    let rss_before = rss_mb(&pid);
    let started = tokio::time::Instant::now();
    let mut tasks = Vec::new();
    for call in 0..calls {
        let due = started + RAMP.mul_f64(call as f64 / calls as f64);
        tokio::time::sleep_until(due).await;
        tasks.push(tokio::spawn(caller(call, line.clone(), clock.clone())));
    }
    // All N calls are up: measure.
    tokio::time::sleep_until(started + RAMP + SETTLE).await;
    clock.window.0.store(clock.now(), Ordering::Relaxed);
    let (cpu_before, harness_before) = (cpu_seconds(&pid), cpu_seconds("self"));
    tokio::time::sleep(WINDOW / 2).await;
    let rss_during = rss_mb(&pid);
    barge.notify_waiters();
    tokio::time::sleep(WINDOW / 2).await;
    clock.window.1.store(clock.now(), Ordering::Relaxed);
    let cpu = cpu_seconds(&pid) - cpu_before;
    let harness_cores =
        std::thread::available_parallelism().map_or(1, |n| n.get()).saturating_sub(1).max(1);
    let harness_load =
        (cpu_seconds("self") - harness_before) / WINDOW.as_secs_f64() / harness_cores as f64;
    for t in tasks {
        let _ = t.await;
    }
    drop(server);

    let window = (clock.window.0.load(Ordering::Relaxed), clock.window.1.load(Ordering::Relaxed));
    let (mut up, mut down, mut lost, mut first) = (Vec::new(), Vec::new(), 0usize, Vec::new());
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
        if i % FRAMES == 0 {
            first.push(b.saturating_sub(s));
        }
        if s < window.0 || s > window.1 {
            continue;
        }
        up.push(p.saturating_sub(s));
        down.push(b.saturating_sub(p));
    }
    up.sort_unstable();
    down.sort_unstable();
    first.sort_unstable();
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
    let call_minutes = calls as f64 * WINDOW.as_secs_f64() / 60.0;
    HashMap::from([
        ("calls", calls as f64),
        ("frames", (calls * FRAMES) as f64),
        ("first_p50", percentile(&first, 0.5)),
        ("first_p99", percentile(&first, 0.99)),
        ("up_p50", percentile(&up, 0.5)),
        ("up_p99", percentile(&up, 0.99)),
        ("down_p50", percentile(&down, 0.5)),
        ("down_p99", percentile(&down, 0.99)),
        ("lost", lost as f64),
        ("cpu_per_call_minute", cpu / call_minutes),
        ("server_load", cpu / WINDOW.as_secs_f64()),
        ("rss_per_call_kb", (rss_during - rss_before) * 1024.0 / calls as f64),
        ("clear_p50", percentile(&clears, 0.5)),
        ("clear_p99", percentile(&clears, 0.99)),
        ("harness_load", harness_load),
    ])
}

/// Keeps this process (every thread) off the server's core.
fn pin_harness() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores < 2 {
        println!("one core only: the harness shares it with the server");
        return;
    }
    let others = format!("{}-{}", SERVER_CPU + 1, cores - 1);
    let pinned = Command::new("taskset")
        .args(["-a", "-p", "-c", &others, &std::process::id().to_string()])
        .stdout(Stdio::null())
        .status();
    if !pinned.is_ok_and(|s| s.success()) {
        println!("could not pin the harness to CPUs {others}: figures include its load");
    }
}

fn main() {
    let counts: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let counts = if counts.is_empty() { vec![100, 500, 1000, 2000] } else { counts };
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    pin_harness();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores.saturating_sub(1).max(1))
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "relay benchmark: {SECONDS} s of real-time audio per call; the server on 1 worker pinned to \
         CPU {SERVER_CPU}, the callers and echo provider on the other {} of {cores} cores",
        cores.saturating_sub(1).max(1)
    );
    println!(
        "{:>6} {:>9} {:>10} {:>10} {:>10} {:>10} {:>7} {:>11} {:>11} {:>13} {:>11} {:>11} {:>10} {:>10} {:>8}",
        "calls",
        "frames",
        "up p50 ms",
        "up p99 ms",
        "dn p50 ms",
        "dn p99 ms",
        "lost",
        "1st p50 ms",
        "1st p99 ms",
        "cpu s/callmin",
        "server core",
        "rss KB/call",
        "clear p50",
        "clear p99",
        "harness"
    );
    for n in counts {
        let r = runtime.block_on(run(n));
        println!(
            "{:>6} {:>9} {:>10.3} {:>10.3} {:>10.3} {:>10.3} {:>7} {:>11.1} {:>11.1} {:>13.4} {:>10.0}% {:>11.1} {:>10.3} {:>10.3} {:>7.0}%",
            r["calls"],
            r["frames"],
            r["up_p50"],
            r["up_p99"],
            r["down_p50"],
            r["down_p99"],
            r["lost"],
            r["first_p50"],
            r["first_p99"],
            r["cpu_per_call_minute"],
            r["server_load"] * 100.0,
            r["rss_per_call_kb"],
            r["clear_p50"],
            r["clear_p99"],
            r["harness_load"] * 100.0
        );
    }
}
