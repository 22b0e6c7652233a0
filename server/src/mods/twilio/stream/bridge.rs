//! What a call does with each thing that happens on it, as a plain state machine: a Twilio
//! message, a provider event, a tool's outcome or a deadline goes in, the actions to take come
//! out. The stream's loop only does the I/O, so the call's behaviour is tested without sockets.
//!
//! Caller audio is not routed through here: it goes from Twilio's frame to the provider as it
//! is, fifty times a second, with nothing to decide.

use std::time::Duration;

use loquent_shared::CallStatus;
use tokio::time::Instant;

use super::playback::Playback;
use super::tools::{self, Outcome};
use crate::clients::realtime::ProviderEvent;

/// How long a tool that ends the call waits for Twilio to play what the agent said before it
/// (a goodbye, "I'll put you through"): marks tell when it has; a peer that never echoes them
/// must not hold the call open.
pub const LAST_WORDS_CAP: Duration = Duration::from_secs(10);

/// How the call ended, as the call record keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Completed,
    /// The provider failed: the caller is told so before the call ends.
    Failed,
}

impl Ending {
    /// The call's status as the record keeps it.
    pub fn status(self) -> CallStatus {
        match self {
            Ending::Completed => CallStatus::Completed,
            Ending::Failed => CallStatus::Failed,
        }
    }
}

/// What the loop does next.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Model audio for the caller, then the mark that tells when it has played.
    Play { audio: String, mark: String },
    /// Drop what Twilio has queued (the caller talked over it).
    ClearTwilio,
    /// Cut the model's item at what the caller heard.
    Truncate { item_id: String, audio_end_ms: u64 },
    /// Run a tool, beside the relay.
    RunTool { call_id: String, name: String, arguments: String },
    /// A tool's answer for the model.
    ToolResult { call_id: String, name: String, output: String },
    /// The bridge is done with the call.
    End(Ending),
}

/// A tool that ends the call, waiting for the audio queued before it to play.
#[derive(Debug)]
struct Waiting {
    call_id: String,
    name: String,
    arguments: String,
    /// The last mark sent before the tool was called.
    mark: u64,
    deadline: Instant,
}

#[derive(Debug, Default)]
pub struct Bridge {
    playback: Playback,
    waiting: Vec<Waiting>,
}

impl Bridge {
    /// Twilio echoed mark `name`: the audio before it has played.
    pub fn on_mark(&mut self, name: &str, out: &mut Vec<Action>) {
        self.playback.played(name);
        self.release(false, out);
    }

    /// Twilio ended the stream: the caller hung up.
    pub fn on_hang_up(&mut self, out: &mut Vec<Action>) {
        out.push(Action::End(Ending::Completed));
    }

    /// The provider said something.
    pub fn on_provider(&mut self, event: ProviderEvent, now: Instant, out: &mut Vec<Action>) {
        match event {
            ProviderEvent::AudioDelta { item_id, audio } => {
                if self.playback.accepts(&item_id) {
                    let mark = self.playback.queued(&item_id, &audio);
                    out.push(Action::Play { audio, mark });
                }
            }
            ProviderEvent::SpeechStarted => {
                if let Some((item_id, audio_end_ms)) = self.playback.barge_in() {
                    tracing::info!(%item_id, audio_end_ms, "caller barged in");
                    out.push(Action::ClearTwilio);
                    out.push(Action::Truncate { item_id, audio_end_ms });
                    self.release(false, out);
                }
            }
            ProviderEvent::Interrupted => {
                if self.playback.barge_in().is_some() {
                    tracing::info!("caller barged in");
                }
                self.playback.cleared();
                out.push(Action::ClearTwilio);
                self.release(false, out);
            }
            ProviderEvent::ResponseStarted => self.playback.interrupted = false,
            ProviderEvent::ToolCall { call_id, name, arguments } => {
                tracing::info!(tool = %name, "tool called");
                let mark = self.playback.last_mark();
                if tools::leaves_call(&name) && !self.playback.has_played(mark) {
                    let deadline = now + LAST_WORDS_CAP;
                    self.waiting.push(Waiting { call_id, name, arguments, mark, deadline });
                } else {
                    out.push(Action::RunTool { call_id, name, arguments });
                }
            }
            ProviderEvent::Transcript { speaker, text } => {
                tracing::debug!(?speaker, %text, "transcript");
            }
            ProviderEvent::Error(e) => {
                tracing::error!(error = %e, "realtime provider failed");
                out.push(Action::End(Ending::Failed));
            }
            ProviderEvent::Closed => {
                tracing::warn!("realtime provider closed the session");
                out.push(Action::End(Ending::Failed));
            }
        }
    }

    /// A tool finished.
    pub fn on_tool_done(
        &mut self,
        call_id: String,
        name: String,
        outcome: Outcome,
        out: &mut Vec<Action>,
    ) {
        match outcome {
            Outcome::CallLeaves(what) => {
                tracing::info!(%what, "the call left the agent");
                out.push(Action::End(Ending::Completed));
            }
            Outcome::Reply(output) => out.push(Action::ToolResult { call_id, name, output }),
        }
    }

    /// When the earliest waiting tool runs even if its audio has not been confirmed played.
    pub fn deadline(&self) -> Option<Instant> {
        self.waiting.iter().map(|w| w.deadline).min()
    }

    /// The deadline passed.
    pub fn on_deadline(&mut self, now: Instant, out: &mut Vec<Action>) {
        let overdue = self.waiting.iter().any(|w| w.deadline <= now);
        if overdue {
            tracing::warn!("Twilio did not confirm the agent's last words in time: going ahead");
        }
        self.release(overdue, out);
    }

    /// Runs the waiting tools whose audio has played (all of them when `all`).
    fn release(&mut self, all: bool, out: &mut Vec<Action>) {
        let playback = &self.playback;
        let (ready, still): (Vec<Waiting>, Vec<Waiting>) =
            self.waiting.drain(..).partition(|w| all || playback.has_played(w.mark));
        self.waiting = still;
        for w in ready {
            out.push(Action::RunTool { call_id: w.call_id, name: w.name, arguments: w.arguments });
        }
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;

    use super::*;

    fn audio(item: &str) -> ProviderEvent {
        let audio = base64::engine::general_purpose::STANDARD.encode([0xFFu8; 160]);
        ProviderEvent::AudioDelta { item_id: item.into(), audio }
    }

    fn tool(name: &str) -> ProviderEvent {
        ProviderEvent::ToolCall { call_id: "c1".into(), name: name.into(), arguments: "{}".into() }
    }

    /// Feeds provider events; returns the actions.
    fn feed(bridge: &mut Bridge, events: impl IntoIterator<Item = ProviderEvent>) -> Vec<Action> {
        let mut out = Vec::new();
        for event in events {
            bridge.on_provider(event, Instant::now(), &mut out);
        }
        out
    }

    fn marks(actions: &[Action]) -> Vec<String> {
        actions
            .iter()
            .filter_map(|a| match a {
                Action::Play { mark, .. } => Some(mark.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn model_audio_is_played_with_a_mark_each() {
        let mut b = Bridge::default();
        let out = feed(&mut b, [audio("i1"), audio("i1")]);
        assert_eq!(marks(&out), ["m1", "m2"]);
    }

    #[test]
    fn barge_in_clears_and_truncates_at_what_was_heard_and_drops_the_rest() {
        let mut b = Bridge::default();
        let played = feed(&mut b, [audio("i1"), audio("i1"), audio("i1")]);
        b.on_mark(&marks(&played)[0], &mut Vec::new());
        let out = feed(&mut b, [ProviderEvent::SpeechStarted, audio("i1")]);
        assert_eq!(
            out,
            [Action::ClearTwilio, Action::Truncate { item_id: "i1".into(), audio_end_ms: 20 }],
            "the rest of the item is not played"
        );
        assert_eq!(marks(&feed(&mut b, [ProviderEvent::ResponseStarted, audio("i2")])), ["m4"]);
        let again = feed(&mut b, [ProviderEvent::SpeechStarted]);
        assert_eq!(again[1], Action::Truncate { item_id: "i2".into(), audio_end_ms: 0 });
        assert!(feed(&mut b, [ProviderEvent::SpeechStarted]).is_empty(), "nothing queued");
    }

    #[test]
    fn a_tool_that_ends_the_call_waits_for_the_last_words_to_play() {
        let mut b = Bridge::default();
        let goodbye = feed(&mut b, [audio("bye"), audio("bye"), audio("bye")]);
        let out = feed(&mut b, [tool(tools::END_CALL)]);
        assert!(out.is_empty(), "waits: {out:?}");
        let names = marks(&goodbye);
        let mut out = Vec::new();
        b.on_mark(&names[1], &mut out);
        assert!(out.is_empty(), "one chunk still to play");
        b.on_mark(&names[2], &mut out);
        assert!(matches!(&out[..], [Action::RunTool { name, .. }] if name == tools::END_CALL));
    }

    #[test]
    fn other_tools_and_tools_with_nothing_queued_run_at_once() {
        let mut b = Bridge::default();
        let out = feed(&mut b, [tool(tools::END_CALL)]);
        assert!(matches!(&out[..], [Action::RunTool { .. }]), "nothing queued");
        let mut b = Bridge::default();
        let out = feed(&mut b, [audio("i1"), tool("look_up_order")]);
        assert!(matches!(&out[1], Action::RunTool { name, .. } if name == "look_up_order"));
    }

    #[test]
    fn a_peer_that_never_echoes_holds_the_call_no_longer_than_the_cap() {
        let mut b = Bridge::default();
        let start = Instant::now();
        let mut out = Vec::new();
        b.on_provider(audio("bye"), start, &mut out);
        b.on_provider(tool(tools::TRANSFER_CALL), start, &mut out);
        assert_eq!(b.deadline(), Some(start + LAST_WORDS_CAP));
        out.clear();
        b.on_deadline(start + LAST_WORDS_CAP / 2, &mut out);
        assert!(out.is_empty(), "not yet");
        b.on_deadline(start + LAST_WORDS_CAP, &mut out);
        assert!(matches!(&out[..], [Action::RunTool { name, .. }] if name == tools::TRANSFER_CALL));
        assert_eq!(b.deadline(), None);
    }

    #[test]
    fn a_barge_in_releases_a_waiting_tool() {
        let mut b = Bridge::default();
        let out = feed(&mut b, [audio("bye"), tool(tools::END_CALL), ProviderEvent::SpeechStarted]);
        assert!(matches!(out.last(), Some(Action::RunTool { .. })), "{out:?}");
    }

    #[test]
    fn tool_outcomes_and_provider_failures() {
        let mut b = Bridge::default();
        let mut out = Vec::new();
        b.on_tool_done(
            "c1".into(),
            "transfer_call".into(),
            Outcome::Reply("no such".into()),
            &mut out,
        );
        b.on_tool_done(
            "c2".into(),
            "end_call".into(),
            Outcome::CallLeaves("hung up".into()),
            &mut out,
        );
        assert_eq!(
            out,
            [
                Action::ToolResult {
                    call_id: "c1".into(),
                    name: "transfer_call".into(),
                    output: "no such".into()
                },
                Action::End(Ending::Completed)
            ]
        );
        let out = feed(&mut b, [ProviderEvent::Error("quota".into()), ProviderEvent::Closed]);
        assert_eq!(out, [Action::End(Ending::Failed), Action::End(Ending::Failed)]);
        let mut out = Vec::new();
        b.on_hang_up(&mut out);
        assert_eq!(out, [Action::End(Ending::Completed)]);
    }
}
