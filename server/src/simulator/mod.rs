//! `loquent simulate-call`: plays Twilio against any Loquent server. It signs and posts the
//! voice webhook like Twilio, follows the TwiML to the media stream, opens it with a valid
//! signature, sends `connected` and `start`, streams the caller's audio in 20 ms µ-law frames
//! (at real-time pace or as fast as possible), records what the agent says (as a caller would
//! hear it: cleared audio is never heard), answers `mark`s once the audio before them has played,
//! and ends with `stop`. Operators use it to check a deploy; the tests and the benchmark use it
//! as Twilio.

pub mod twiml_read;

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::clients::twilio::signature;

const FRAME: usize = 160;
const FRAME_TIME: Duration = Duration::from_millis(20);

#[derive(Debug, Clone)]
pub struct SimulateOptions {
    /// The server's public base URL (its `APP_HOST`), e.g. `https://voice.example.com`.
    pub server: String,
    pub account_sid: String,
    pub auth_token: String,
    pub from: String,
    pub to: String,
    /// The caller's audio: µ-law 8 kHz.
    pub audio: Vec<u8>,
    /// Real time (like a phone call) or as fast as the server takes it.
    pub real_time: bool,
    /// How long to stay on the line after the caller's audio ends.
    pub linger: Duration,
}

#[derive(Debug, Default)]
pub struct SimulationReport {
    pub call_sid: String,
    pub twiml: String,
    /// What the caller heard: µ-law 8 kHz.
    pub heard: Vec<u8>,
    pub frames_sent: usize,
    pub clears: usize,
    pub marks_answered: usize,
    /// The server closed the stream before the caller hung up (e.g. the agent ended the call).
    pub closed_by_server: bool,
}

/// The caller's audio from a WAV: 16-bit PCM mono at 8 kHz, or 24 kHz (filtered down).
pub fn caller_audio_from_wav(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let wav = crate::audio::wav::read(bytes)?;
    let [samples] = <[Vec<i16>; 1]>::try_from(wav.channels).map_err(|channels| {
        anyhow::anyhow!(
            "the WAV has {} channels: use a mono one (e.g. `sox in.wav -c 1 out.wav`)",
            channels.len()
        )
    })?;
    let pcm8k = match wav.rate {
        8000 => samples,
        24000 => crate::audio::Downsampler24kTo8k::new().process(&samples),
        other => bail!(
            "the WAV is {other} Hz: use 8 kHz or 24 kHz (e.g. `sox in.wav -r 8000 -c 1 -b 16 out.wav`)"
        ),
    };
    Ok(crate::audio::mulaw::encode(&pcm8k))
}

pub async fn simulate_call(opts: &SimulateOptions) -> anyhow::Result<SimulationReport> {
    let server = opts.server.trim_end_matches('/');
    let call_sid = format!("CA{}", uuid::Uuid::new_v4().simple());
    let voice_url = format!("{server}/twilio/voice");
    let params: Vec<(String, String)> = [
        ("AccountSid", opts.account_sid.as_str()),
        ("CallSid", call_sid.as_str()),
        ("From", opts.from.as_str()),
        ("To", opts.to.as_str()),
        ("CallStatus", "ringing"),
        ("Direction", "inbound"),
        ("ApiVersion", "2010-04-01"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let sig = signature::sign(&opts.auth_token, &voice_url, &params);
    let res = reqwest::Client::new()
        .post(&voice_url)
        .header("X-Twilio-Signature", sig)
        .form(&params)
        .send()
        .await
        .context("posting the voice webhook")?;
    let status = res.status();
    let twiml = res.text().await?;
    if !status.is_success() {
        bail!("the voice webhook answered {status}: {twiml}");
    }
    let mut report =
        SimulationReport { call_sid: call_sid.clone(), twiml: twiml.clone(), ..Default::default() };
    let Some((stream_url, custom)) = twiml_read::stream(&twiml) else {
        return Ok(report); // No stream: the call was answered with a message.
    };

    let mut request = stream_url.as_str().into_client_request()?;
    request
        .headers_mut()
        .insert("X-Twilio-Signature", signature::sign(&opts.auth_token, &stream_url, &[]).parse()?);
    let (socket, _) =
        tokio_tungstenite::connect_async(request).await.context("opening the media stream")?;
    let (mut tx, mut rx) = socket.split();
    let stream_sid = format!("MZ{}", uuid::Uuid::new_v4().simple());
    let custom: serde_json::Map<String, Value> =
        custom.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
    tx.send(Message::text(
        json!({"event": "connected", "protocol": "Call", "version": "1.0.0"}).to_string(),
    ))
    .await?;
    tx.send(Message::text(json!({"event": "start", "sequenceNumber": "1", "streamSid": stream_sid, "start": {
        "accountSid": opts.account_sid, "callSid": call_sid, "streamSid": stream_sid, "tracks": ["inbound"],
        "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
        "customParameters": custom}}).to_string())).await?;

    let mut sequence = 1u64;
    let mut frames = opts.audio.chunks(FRAME);
    let started = Instant::now();
    let mut caller_done_at: Option<Instant> = None;
    let mut queue = Playback::default();
    let mut ticker =
        tokio::time::interval(if opts.real_time { FRAME_TIME } else { Duration::from_millis(1) });
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    loop {
        tokio::select! {
            _ = ticker.tick() => {
                // The caller speaks one frame per tick, then listens for `linger`.
                match frames.next() {
                    Some(frame) => {
                        sequence += 1;
                        let n = report.frames_sent;
                        let media = json!({"event": "media", "sequenceNumber": sequence.to_string(), "streamSid": stream_sid,
                            "media": {"track": "inbound", "chunk": (n + 1).to_string(), "timestamp": (n * 20).to_string(),
                                      "payload": STANDARD.encode(frame)}});
                        tx.send(Message::text(media.to_string())).await?;
                        report.frames_sent += 1;
                    }
                    None => {
                        let done = *caller_done_at.get_or_insert_with(Instant::now);
                        if done.elapsed() >= opts.linger {
                            break;
                        }
                    }
                }
                // Twilio plays queued agent audio in real time (or at once, when fast).
                let budget = if opts.real_time { FRAME } else { usize::MAX };
                for mark in queue.play(budget, &mut report.heard) {
                    sequence += 1;
                    tx.send(Message::text(json!({"event": "mark", "sequenceNumber": sequence.to_string(), "streamSid": stream_sid, "mark": {"name": mark}}).to_string())).await?;
                    report.marks_answered += 1;
                }
            }
            message = rx.next() => {
                let text = match message {
                    Some(Ok(Message::Text(text))) => text,
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => { report.closed_by_server = true; break; }
                    Some(Ok(_)) => continue,
                };
                let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                match v["event"].as_str() {
                    Some("media") => {
                        let audio = STANDARD.decode(v["media"]["payload"].as_str().unwrap_or_default()).unwrap_or_default();
                        queue.push_audio(audio);
                    }
                    Some("mark") => queue.push_mark(v["mark"]["name"].as_str().unwrap_or_default().to_string()),
                    Some("clear") => {
                        report.clears += 1;
                        for mark in queue.clear() {
                            sequence += 1;
                            tx.send(Message::text(json!({"event": "mark", "sequenceNumber": sequence.to_string(), "streamSid": stream_sid, "mark": {"name": mark}}).to_string())).await?;
                            report.marks_answered += 1;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if !report.closed_by_server {
        sequence += 1;
        let stop = json!({"event": "stop", "sequenceNumber": sequence.to_string(), "streamSid": stream_sid,
            "stop": {"accountSid": opts.account_sid, "callSid": call_sid}});
        tx.send(Message::text(stop.to_string())).await?;
        let _ = tx.close().await;
    }
    tracing::debug!(elapsed = ?started.elapsed(), frames = report.frames_sent, "simulated call done");
    Ok(report)
}

/// Twilio's outbound buffer: agent audio and marks in order; a mark is answered once the
/// audio queued before it has played.
#[derive(Default)]
struct Playback {
    items: VecDeque<Queued>,
}

enum Queued {
    Audio(Vec<u8>),
    Mark(String),
}

impl Playback {
    fn push_audio(&mut self, audio: Vec<u8>) {
        self.items.push_back(Queued::Audio(audio));
    }

    fn push_mark(&mut self, name: String) {
        self.items.push_back(Queued::Mark(name));
    }

    /// Plays up to `budget` bytes into `heard`; returns the marks reached.
    fn play(&mut self, mut budget: usize, heard: &mut Vec<u8>) -> Vec<String> {
        let mut marks = Vec::new();
        while let Some(front) = self.items.front_mut() {
            match front {
                Queued::Mark(_) => {
                    if let Some(Queued::Mark(name)) = self.items.pop_front() {
                        marks.push(name);
                    }
                }
                Queued::Audio(audio) => {
                    if budget == 0 {
                        break;
                    }
                    let n = budget.min(audio.len());
                    heard.extend(audio.drain(..n));
                    budget -= n;
                    if audio.is_empty() {
                        self.items.pop_front();
                    }
                }
            }
        }
        marks
    }

    /// Drops queued audio; its marks are answered at once, as Twilio does on `clear`.
    fn clear(&mut self) -> Vec<String> {
        self.items
            .drain(..)
            .filter_map(|q| match q {
                Queued::Mark(name) => Some(name),
                Queued::Audio(_) => None,
            })
            .collect()
    }
}
