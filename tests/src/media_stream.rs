//! The test as Twilio on a call's media stream: a signed upgrade to
//! `/twilio/stream/{number}/{call}`,
//! `connected` and `start` as Twilio sends them, then caller audio in 20 ms `media` frames with
//! running chunk numbers and timestamps. What Loquent sends back (`media`, `mark`, `clear`) is
//! read as JSON; marks are echoed only when the test says so, as Twilio echoes a mark once the
//! audio before it has played.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use futures_util::{SinkExt, StreamExt};
use loquent_server::clients::twilio::signature;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::TestApp;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// µ-law bytes in one 20 ms frame at 8 kHz.
pub const FRAME: usize = 160;

pub struct MediaStream {
    ws: Socket,
    pub call_sid: String,
    pub stream_sid: String,
    /// Frames sent so far (the next chunk's number).
    sent: usize,
}

/// Who calls which number of which account.
pub struct Dial<'a> {
    pub app: &'a TestApp,
    pub phone_id: uuid::Uuid,
    pub number: &'a str,
    pub account_sid: &'a str,
    pub token: &'a str,
    pub from: &'a str,
}

impl MediaStream {
    /// Opens the stream of a new call and starts it.
    pub async fn open(dial: &Dial<'_>) -> MediaStream {
        MediaStream::open_call(dial, format!("CA{}", uuid::Uuid::new_v4().simple())).await
    }

    /// Opens the stream of call `call_sid` (one Twilio has already asked the voice webhook
    /// about) and starts it.
    pub async fn open_call(dial: &Dial<'_>, call_sid: String) -> MediaStream {
        let url = format!(
            "ws://{}/twilio/stream/{}/{call_sid}",
            dial.app.base_url.trim_start_matches("http://"),
            dial.phone_id
        );
        let mut req = url.as_str().into_client_request().expect("request");
        req.headers_mut().insert(
            "X-Twilio-Signature",
            signature::sign(dial.token, &url, &[]).parse().expect("header"),
        );
        let (mut ws, _) = tokio_tungstenite::connect_async(req).await.expect("upgrade");
        let stream_sid = format!("MZ{}", uuid::Uuid::new_v4().simple());
        ws.send(Message::text(r#"{"event":"connected","protocol":"Call","version":"1.0.0"}"#))
            .await
            .expect("send");
        let start = json!({"event": "start", "sequenceNumber": "1", "streamSid": stream_sid, "start": {
            "accountSid": dial.account_sid, "callSid": call_sid, "streamSid": stream_sid, "tracks": ["inbound"],
            "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
            "customParameters": {"from": dial.from, "to": dial.number}}});
        ws.send(Message::text(start.to_string())).await.expect("send");
        MediaStream { ws, call_sid, stream_sid, sent: 0 }
    }

    /// One frame of caller audio (µ-law).
    pub async fn send_audio(&mut self, ulaw: &[u8]) {
        let chunk = self.sent + 1;
        let media = json!({"event": "media", "sequenceNumber": (chunk + 1).to_string(),
            "streamSid": self.stream_sid, "media": {"track": "inbound", "chunk": chunk.to_string(),
            "timestamp": (self.sent * 20).to_string(), "payload": STANDARD.encode(ulaw)}});
        self.ws.send(Message::text(media.to_string())).await.expect("send");
        self.sent += 1;
    }

    /// Caller audio in 20 ms frames, one every `pace` (none: as fast as the socket takes them).
    pub async fn stream_audio(&mut self, ulaw: &[u8], pace: Option<Duration>) {
        for frame in ulaw.chunks(FRAME) {
            self.send_audio(frame).await;
            if let Some(pace) = pace {
                tokio::time::sleep(pace).await;
            }
        }
    }

    /// Twilio has played the audio before mark `name`.
    pub async fn echo_mark(&mut self, name: &str) {
        let mark = json!({"event": "mark", "sequenceNumber": "0", "streamSid": self.stream_sid,
            "mark": {"name": name}});
        self.ws.send(Message::text(mark.to_string())).await.expect("send");
    }

    /// The next JSON message from Loquent within `wait`; `None` once the stream is over.
    pub async fn next(&mut self, wait: Duration) -> Option<Value> {
        loop {
            match tokio::time::timeout(wait, self.ws.next()).await {
                Ok(Some(Ok(Message::Text(t)))) => return serde_json::from_str(&t).ok(),
                Ok(Some(Ok(Message::Close(_)) | Err(_))) | Ok(None) | Err(_) => return None,
                Ok(Some(Ok(_))) => {}
            }
        }
    }

    /// Reads until a message of `event` (`media`, `mark`, `clear`) arrives within `wait`, and
    /// returns it with the µ-law of every `media` read on the way (its own included).
    pub async fn until(&mut self, event: &str, wait: Duration) -> Option<(Value, Vec<u8>)> {
        let deadline = tokio::time::Instant::now() + wait;
        let mut heard = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let message = self.next(left).await?;
            if message["event"] == "media" {
                let payload = message["media"]["payload"].as_str().unwrap_or_default();
                heard.extend(STANDARD.decode(payload).expect("base64 media"));
            }
            if message["event"] == event {
                return Some((message, heard));
            }
        }
    }

    /// Whether Loquent closes the stream within `wait` (reading what comes before the close).
    pub async fn closed_by_server(&mut self, wait: Duration) -> bool {
        tokio::time::timeout(wait, async {
            while let Some(Ok(message)) = self.ws.next().await {
                if message.is_close() {
                    return;
                }
            }
        })
        .await
        .is_ok()
    }

    /// `stop`, as Twilio sends when the caller hangs up.
    pub async fn stop(&mut self) {
        let stop = json!({"event": "stop", "sequenceNumber": "999", "streamSid": self.stream_sid,
            "stop": {"accountSid": "", "callSid": self.call_sid}});
        let _ = self.ws.send(Message::text(stop.to_string())).await;
    }
}
