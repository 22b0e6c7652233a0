//! A small voice-activity detector on the caller's µ-law audio.
//!
//! Gemini says `interrupted` only while it is generating. Once it has finished a turn, Twilio may
//! still be playing seconds of it, and a caller who talks over that audio would otherwise have to
//! wait for it to end. The bridge hears the caller start talking from this detector instead, and
//! clears Twilio's queue as it does on OpenAI's `speech_started`.
//!
//! Frame energy against a tracked noise floor: a frame is voiced when it is both loud in absolute
//! terms and well above the line's own background; speech has started when most of the last few
//! frames were voiced (a click or a cough is one or two frames). After an onset the detector
//! waits for a stretch of quiet before it can fire again.

use crate::audio::mulaw;

/// Frames of 20 ms (Twilio's) the decision looks back over.
const WINDOW: usize = 8;
/// Voiced frames within the window that make an onset: 120 ms of the last 160.
const ONSET: usize = 6;
/// Quiet frames in a row that end an utterance, re-arming the detector: 400 ms.
const REARM: usize = 20;
/// A voiced frame is at least this loud (dBFS): phone speech sits around -30 to -15 dBFS.
const MIN_SPEECH_DBFS: f64 = -40.0;
/// …and this much above the noise floor (dB).
const ABOVE_FLOOR_DB: f64 = 12.0;
/// The floor never goes below this (dBFS): digital silence would make any hiss look like speech.
const FLOOR_MIN_DBFS: f64 = -70.0;

#[derive(Debug)]
pub(super) struct VoiceActivity {
    /// Noise floor, as mean square power relative to full scale.
    floor: f64,
    /// Which of the last frames were voiced (a ring of WINDOW bits).
    recent: [bool; WINDOW],
    at: usize,
    /// Inside an utterance already reported: counts quiet frames toward re-arming.
    speaking: bool,
    quiet_run: usize,
}

impl Default for VoiceActivity {
    fn default() -> Self {
        VoiceActivity {
            floor: power_of(FLOOR_MIN_DBFS),
            recent: [false; WINDOW],
            at: 0,
            speaking: false,
            quiet_run: 0,
        }
    }
}

impl VoiceActivity {
    /// Takes a frame of caller audio; true when speech has just started.
    pub fn push(&mut self, ulaw: &[u8]) -> bool {
        if ulaw.is_empty() {
            return false;
        }
        let power = ulaw
            .iter()
            .map(|&code| {
                let s = f64::from(mulaw::decode_sample(code)) / 32768.0;
                s * s
            })
            .sum::<f64>()
            / ulaw.len() as f64;
        let voiced = power > power_of(MIN_SPEECH_DBFS).max(self.floor * power_of(ABOVE_FLOOR_DB));
        self.track_floor(power, voiced);
        self.recent[self.at] = voiced;
        self.at = (self.at + 1) % WINDOW;
        if self.speaking {
            self.quiet_run = if voiced { 0 } else { self.quiet_run + 1 };
            if self.quiet_run >= REARM {
                self.speaking = false;
            }
            return false;
        }
        if self.recent.iter().filter(|v| **v).count() >= ONSET {
            self.speaking = true;
            self.quiet_run = 0;
            return true;
        }
        false
    }

    /// The floor follows quiet frames down quickly and creeps up slowly, so a long utterance
    /// does not become the new background.
    fn track_floor(&mut self, power: f64, voiced: bool) {
        if power < self.floor {
            self.floor = 0.7 * self.floor + 0.3 * power;
        } else if !voiced {
            self.floor = 0.98 * self.floor + 0.02 * power;
        }
        self.floor = self.floor.max(power_of(FLOOR_MIN_DBFS));
    }
}

/// dBFS → mean square power relative to full scale.
fn power_of(dbfs: f64) -> f64 {
    10f64.powf(dbfs / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::test_util::{Lcg, sine};

    /// 20 ms frames of µ-law.
    fn frames(samples: &[i16]) -> Vec<Vec<u8>> {
        mulaw::encode(samples).chunks(160).map(<[u8]>::to_vec).collect()
    }

    fn noise(level: f64, len: usize, seed: u64) -> Vec<i16> {
        let mut rng = Lcg::new(seed);
        (0..len)
            .map(|_| ((f64::from(rng.next_u32() % 2001) - 1000.0) / 1000.0 * level) as i16)
            .collect()
    }

    /// The frame index at which speech was reported, if it was.
    fn onset(vad: &mut VoiceActivity, samples: &[i16]) -> Option<usize> {
        frames(samples).iter().position(|f| vad.push(f))
    }

    #[test]
    fn line_noise_is_not_speech() {
        let mut vad = VoiceActivity::default();
        // About -50 dBFS of hiss for two seconds.
        assert_eq!(onset(&mut vad, &noise(300.0, 16_000, 1)), None);
    }

    #[test]
    fn speech_level_sound_starts_within_a_few_frames() {
        let mut vad = VoiceActivity::default();
        assert_eq!(onset(&mut vad, &noise(300.0, 8_000, 2)), None);
        // A 200 Hz voice at about -20 dBFS.
        let voice = sine(200.0, 8000.0, 3_000.0, 4_000);
        let at = onset(&mut vad, &voice).expect("speech heard");
        assert!(at <= ONSET, "heard after {} ms", (at + 1) * 20);
        assert_eq!(onset(&mut vad, &voice), None, "one onset per utterance");
    }

    #[test]
    fn a_click_is_not_speech_and_quiet_rearms() {
        let mut vad = VoiceActivity::default();
        let mut click = vec![0i16; 8_000];
        click[4_000..4_200].iter_mut().for_each(|s| *s = 12_000);
        assert_eq!(onset(&mut vad, &click), None, "two loud frames are a click");
        let voice = sine(180.0, 8000.0, 4_000.0, 2_000);
        assert!(onset(&mut vad, &voice).is_some());
        assert_eq!(onset(&mut vad, &vec![0; 4_000]), None, "quiet");
        assert!(onset(&mut vad, &voice).is_some(), "a new utterance after the quiet");
    }

    #[test]
    fn a_steady_hum_is_reported_once() {
        let mut vad = VoiceActivity::default();
        // A loud, steady hum is one long utterance: reported when it starts, never again.
        let hum = sine(60.0, 8000.0, 2_000.0, 40_000);
        let mut onsets = 0;
        for frame in frames(&hum) {
            onsets += usize::from(vad.push(&frame));
        }
        assert!(onsets <= 1, "{onsets} onsets in a steady hum");
    }
}
