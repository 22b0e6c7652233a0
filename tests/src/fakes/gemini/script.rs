//! What the model and the service do on a connection, as a test scripts it. Each method returns
//! once its messages are on the socket (at once if the connection is over).

use std::time::Duration;

use serde_json::Value;

use super::FakeGemini;
use super::events;
use super::state::Conn;

/// How long `close` and `drop_connection` wait for the connection to be over.
const END_WAIT: Duration = Duration::from_secs(10);

impl FakeGemini {
    /// The model speaks `pcm` (PCM16LE, 24 kHz): `chunks` ×
    /// `serverContent.modelTurn.parts[].inlineData {mimeType: "audio/pcm;rate=24000", data}`
    /// (the audio split into `chunks` nearly equal, sample-aligned pieces; empty pieces are not
    /// sent), then `serverContent.generationComplete` and `serverContent.turnComplete` (with
    /// `usageMetadata` beside it), then a `sessionResumptionUpdate` when the setup asked for
    /// resumption and no call awaits its response. When the setup asked for
    /// `outputAudioTranscription`, an `outputTranscription` of [`super::SPOKEN_TRANSCRIPT`]
    /// follows the first chunk. With `pace`, sleeps that long between chunks; an
    /// [`FakeGemini::interrupted`] meanwhile ends the turn (no more chunks, no
    /// `generationComplete` / `turnComplete`). Panics if the connection is already speaking.
    pub async fn speak_pcm(&self, conn: usize, pcm: &[u8], chunks: usize, pace: Option<Duration>) {
        let turn = self.server.with_conn(conn, Conn::begin_turn);
        for (i, chunk) in split(pcm, chunks).into_iter().enumerate() {
            if let Some(pace) = pace.filter(|_| i > 0) {
                tokio::time::sleep(pace).await;
            }
            if !self.server.with_conn(conn, |c| c.audio_chunk(turn, chunk)) {
                break;
            }
            self.server.flush(conn).await;
        }
        self.server.with_conn(conn, |c| c.finish_turn(turn));
        self.server.flush(conn).await;
    }

    /// The caller barged in: `serverContent {interrupted: true}` — only while a turn is being
    /// spoken (started and not yet complete), which ends; the service says nothing otherwise.
    /// Returns whether it was sent.
    pub async fn interrupted(&self, conn: usize) -> bool {
        let sent = self.server.with_conn(conn, Conn::interrupt);
        self.server.flush(conn).await;
        sent
    }

    /// A tool call: `toolCall {functionCalls: [{id, name, args}]}` (`args` a JSON object).
    /// Returns the `id`, which the `toolResponse` must echo with the `name`.
    pub async fn call_tool(&self, conn: usize, name: &str, args: Value) -> String {
        assert!(args.is_object(), "Gemini's function call args are a JSON object, not {args}");
        let id = self.server.with_conn(conn, |c| c.tool_call(name, &args));
        self.server.flush(conn).await;
        id
    }

    /// `toolCallCancellation {ids}`: what the service sends when the caller interrupts before
    /// the tools answered. A `toolResponse` for a cancelled call is refused afterwards, like one
    /// for a call the service never made.
    pub async fn cancel_tool_calls(&self, conn: usize, ids: &[String]) {
        self.server.with_conn(conn, |c| c.cancel_tool_calls(ids));
        self.server.flush(conn).await;
    }

    /// `serverContent.inputTranscription {text}`: what the caller said.
    pub async fn transcribe_input(&self, conn: usize, text: &str) {
        self.server.with_conn(conn, |c| c.send([events::input_transcription(text)]));
        self.server.flush(conn).await;
    }

    /// `{"goAway": {"timeLeft": "10s"}}`: the service will end the session soon. The
    /// connection stays open (follow with [`FakeGemini::close`] or `drop_connection`).
    pub async fn go_away(&self, conn: usize) {
        self.server.with_conn(conn, |c| c.go_away("10s"));
        self.server.flush(conn).await;
    }

    /// Ends the session cleanly: a close frame with `code` and `reason` (cut to 123 bytes),
    /// then the closing handshake. Returns once the connection is over.
    pub async fn close(&self, conn: usize, code: u16, reason: &str) {
        self.server.with_conn(conn, |c| c.close(code, reason));
        self.server.wait_closed(conn, END_WAIT).await;
    }

    /// A provider crash: the TCP connection ends without a close frame. Returns once the
    /// connection is over.
    pub async fn drop_connection(&self, conn: usize) {
        self.server.with_conn(conn, Conn::abort);
        self.server.wait_closed(conn, END_WAIT).await;
    }
}

/// `pcm` in `chunks` (at least one) nearly equal pieces cut between samples; no empty ones.
pub(super) fn split(pcm: &[u8], chunks: usize) -> Vec<&[u8]> {
    let chunks = chunks.max(1);
    let samples = pcm.len() / 2;
    let mut out = Vec::with_capacity(chunks);
    let mut start = 0;
    for i in 1..=chunks {
        let end = if i == chunks { pcm.len() } else { samples * i / chunks * 2 };
        if end > start {
            out.push(&pcm[start..end]);
            start = end;
        }
    }
    out
}
