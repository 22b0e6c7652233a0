//! What the caller has actually heard. Each model audio delta sent to Twilio is followed by a
//! `mark`; Twilio echoes a mark once the audio before it has played. So on barge-in the model's
//! item can be truncated at exactly what was played, not at what was sent.

use std::collections::VecDeque;

/// µ-law at 8 kHz: one byte per sample, 8 bytes per millisecond.
const BYTES_PER_MS: u64 = 8;
/// Marks awaiting Twilio's echo, at most: 30 s of 20 ms chunks. Twilio echoes each within
/// moments; a peer that never does must not grow a call's memory without end, so the oldest
/// are forgotten (only a barge-in's precision suffers, and only for such a peer).
const MAX_PENDING_MARKS: usize = 1500;

#[derive(Debug, Default)]
pub struct Playback {
    /// The model item being played and the bytes of it sent so far.
    item_id: Option<String>,
    sent_bytes: u64,
    /// Bytes of the current item confirmed played by echoed marks.
    played_bytes: u64,
    /// Marks sent and not yet echoed: (number, item bytes sent when it was queued).
    pending: VecDeque<(u64, u64)>,
    next_mark: u64,
    /// Every mark up to this number has been played (or cleared): Twilio echoes in order.
    played_through: u64,
    /// Set on barge-in: the rest of the interrupted response is dropped, not played.
    pub interrupted: bool,
}

impl Playback {
    /// Whether a delta of `item_id` should be played: not the rest of an interrupted item; a
    /// new item after an interruption plays again.
    pub fn accepts(&mut self, item_id: &str) -> bool {
        if self.interrupted && self.item_id.as_deref() == Some(item_id) {
            return false;
        }
        self.interrupted = false;
        true
    }

    /// Notes a delta sent to Twilio; returns the name of the mark to send after it.
    pub fn queued(&mut self, item_id: &str, audio_b64: &str) -> String {
        if self.item_id.as_deref() != Some(item_id) {
            self.item_id = Some(item_id.to_string());
            self.sent_bytes = 0;
            self.played_bytes = 0;
            self.pending.clear();
        }
        self.sent_bytes += decoded_len(audio_b64);
        self.next_mark += 1;
        if self.pending.len() == MAX_PENDING_MARKS {
            self.pending.pop_front();
        }
        self.pending.push_back((self.next_mark, self.sent_bytes));
        format!("m{}", self.next_mark)
    }

    /// The number of the last mark sent: the audio queued so far ends there.
    pub fn last_mark(&self) -> u64 {
        self.next_mark
    }

    /// Whether everything up to mark `number` has been played (or cleared).
    pub fn has_played(&self, number: u64) -> bool {
        self.played_through >= number
    }

    /// Twilio's queue was cleared: what was in it will never play, so nothing waits for it.
    pub fn cleared(&mut self) {
        self.played_through = self.next_mark;
    }

    /// Twilio echoed a mark: the audio before it has played.
    pub fn played(&mut self, mark: &str) {
        let Some(number) = mark.strip_prefix('m').and_then(|n| n.parse::<u64>().ok()) else {
            return;
        };
        self.played_through = self.played_through.max(number);
        if let Some(at) = self.pending.iter().position(|(n, _)| *n == number) {
            self.played_bytes = self.pending[at].1;
            self.pending.drain(..=at);
        }
    }

    /// The caller started talking. If model audio is still queued at Twilio, returns the item to
    /// truncate and how many milliseconds of it were heard; the rest is dropped from then on.
    pub fn barge_in(&mut self) -> Option<(String, u64)> {
        if self.pending.is_empty() {
            return None;
        }
        self.cleared();
        self.interrupted = true;
        self.pending.clear();
        let item = self.item_id.clone()?;
        Some((item, self.played_bytes / BYTES_PER_MS))
    }
}

/// Bytes a base64 string decodes to, without decoding it.
fn decoded_len(b64: &str) -> u64 {
    let len = b64.len() as u64;
    let padding = b64.bytes().rev().take_while(|b| *b == b'=').count() as u64;
    (len / 4) * 3 - padding.min(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn frame(ms: usize) -> String {
        base64::engine::general_purpose::STANDARD.encode(vec![0xffu8; ms * 8])
    }

    #[test]
    fn truncates_at_what_was_played_not_what_was_sent() {
        let mut p = Playback::default();
        let m1 = p.queued("item_1", &frame(20));
        let _m2 = p.queued("item_1", &frame(20));
        let _m3 = p.queued("item_1", &frame(20));
        p.played(&m1);
        assert_eq!(p.barge_in(), Some(("item_1".to_string(), 20)));
        assert!(p.interrupted);
        assert_eq!(p.barge_in(), None, "nothing queued any more");
    }

    #[test]
    fn knows_when_the_audio_queued_so_far_has_played() {
        let mut p = Playback::default();
        let _ = p.queued("item_1", &frame(20));
        let second = p.queued("item_2", &frame(20));
        let last = p.last_mark();
        assert!(!p.has_played(last));
        p.played(&second);
        assert!(p.has_played(last), "marks of an earlier item count too");
        let _ = p.queued("item_2", &frame(20));
        assert!(!p.has_played(p.last_mark()));
        assert!(p.barge_in().is_some());
        assert!(p.has_played(p.last_mark()), "cleared audio waits for nothing");
    }

    #[test]
    fn no_barge_in_when_everything_played() {
        let mut p = Playback::default();
        let m = p.queued("item_1", &frame(20));
        p.played(&m);
        assert_eq!(p.barge_in(), None);
        assert!(!p.interrupted);
    }

    #[test]
    fn unechoed_marks_stay_bounded() {
        let mut p = Playback::default();
        for _ in 0..(MAX_PENDING_MARKS + 500) {
            p.queued("item_1", &frame(20));
        }
        assert_eq!(p.pending.len(), MAX_PENDING_MARKS);
        assert!(p.barge_in().is_some());
    }

    #[test]
    fn a_new_item_starts_counting_afresh() {
        let mut p = Playback::default();
        let m = p.queued("item_1", &frame(100));
        p.played(&m);
        let n = p.queued("item_2", &frame(20));
        let _ = p.queued("item_2", &frame(20));
        p.played(&n);
        assert_eq!(p.barge_in(), Some(("item_2".to_string(), 20)));
        assert_eq!(decoded_len(&frame(20)), 160);
    }
}
