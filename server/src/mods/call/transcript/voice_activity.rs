//! Where someone speaks in one party's channel: a plain energy detector. The transcription
//! model gives no timestamps, so these stretches are what gives each turn its time; each is
//! transcribed as a clip of its own.
//!
//! The channel is cut into 20 ms frames. A frame is voiced when its RMS stands well above the
//! channel's noise floor (its quietest frames) or close to its loud level, and above an
//! absolute minimum. Voiced frames
//! less than [`HANGOVER_SECS`] apart belong to one utterance, so the pauses between words and
//! sentences don't split it; an utterance shorter than [`MIN_SPEECH_SECS`] is a click or a
//! breath and is dropped. Each clip is padded a little so the first and last sounds aren't cut.

use std::ops::Range;

const FRAME_SECS: f64 = 0.02;
/// Pauses up to this long stay inside an utterance.
const HANGOVER_SECS: f64 = 0.6;
/// Shorter sounds are not speech.
const MIN_SPEECH_SECS: f64 = 0.25;
/// Audio kept before and after the voice in the clip sent to transcription.
const PAD_SECS: f64 = 0.15;
/// The share of frames taken as the noise floor: a party is silent far more than this.
const FLOOR_PERCENTILE: f64 = 0.1;
/// How far above the noise floor a voiced frame is: 4× the RMS, 12 dB.
const ABOVE_FLOOR: f64 = 4.0;
/// The channel's loud level: its loudest frames but the odd peak.
const LOUD_PERCENTILE: f64 = 0.95;
/// A frame this close to the loud level (within 12 dB) is voiced even when the "floor" is
/// speech too, as in a channel where the party hardly pauses.
const BELOW_LOUD: f64 = 0.25;
/// Never voiced below this RMS (about −47 dBFS), whatever the floor: line hiss and comfort
/// noise on a silent channel stay silence.
const MIN_VOICE_RMS: f64 = 150.0;
/// Longer utterances are cut (at their quietest frame near the limit), keeping each clip well
/// inside what a transcription request takes.
const MAX_UTTERANCE_SECS: f64 = 300.0;
/// How far back from the limit the cut may move to find a quiet frame.
const CUT_WINDOW_SECS: f64 = 10.0;

/// One stretch of speech, in samples of the channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utterance {
    /// From the first voiced frame to the end of the last one: the turn's time.
    pub voice: Range<usize>,
    /// `voice` padded on both sides (within the channel): what is transcribed.
    pub clip: Range<usize>,
}

/// The utterances of a mono channel sampled at `rate` Hz, in order.
pub fn utterances(samples: &[i16], rate: u32) -> Vec<Utterance> {
    let secs = |s: f64| (s * f64::from(rate)).round() as usize;
    let frame = secs(FRAME_SECS).max(1);
    let levels: Vec<f64> = samples.chunks(frame).map(rms).collect();
    let threshold = threshold(&levels);
    let voiced: Vec<bool> = levels.iter().map(|&level| level > threshold).collect();

    let hangover = secs(HANGOVER_SECS).div_ceil(frame);
    let mut runs: Vec<Range<usize>> = Vec::new();
    for (i, _) in voiced.iter().enumerate().filter(|(_, v)| **v) {
        match runs.last_mut() {
            Some(run) if i - run.end <= hangover => run.end = i + 1,
            _ => runs.push(i..i + 1),
        }
    }

    let pad = secs(PAD_SECS);
    runs.into_iter()
        .map(|run| run.start * frame..(run.end * frame).min(samples.len()))
        .filter(|voice| voice.len() >= secs(MIN_SPEECH_SECS))
        .flat_map(|voice| {
            cut_long(voice, &levels, frame, secs(MAX_UTTERANCE_SECS), secs(CUT_WINDOW_SECS))
        })
        .map(|voice| Utterance {
            clip: voice.start.saturating_sub(pad)..(voice.end + pad).min(samples.len()),
            voice,
        })
        .collect()
}

fn rms(frame: &[i16]) -> f64 {
    if frame.is_empty() {
        return 0.0;
    }
    let energy: f64 = frame.iter().map(|&s| f64::from(s) * f64::from(s)).sum();
    (energy / frame.len() as f64).sqrt()
}

/// The level a frame must exceed to be voiced: well above the channel's noise floor (or near
/// its loud level, whichever is lower), and never below [`MIN_VOICE_RMS`].
fn threshold(levels: &[f64]) -> f64 {
    let mut sorted = levels.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |share: f64| {
        let i = ((sorted.len() as f64) * share) as usize;
        sorted.get(i.min(sorted.len().saturating_sub(1))).copied().unwrap_or(0.0)
    };
    let (floor, loud) = (at(FLOOR_PERCENTILE), at(LOUD_PERCENTILE));
    (floor * ABOVE_FLOOR).min(loud * BELOW_LOUD).max(MIN_VOICE_RMS)
}

/// `voice` in pieces of at most `max` samples, each cut at the quietest frame of the `window`
/// before the limit (so a long monologue is cut between words where it can be).
fn cut_long(
    voice: Range<usize>,
    levels: &[f64],
    frame: usize,
    max: usize,
    window: usize,
) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut start = voice.start;
    while voice.end - start > max {
        let limit = start + max;
        let earliest = (limit - window.min(max / 2)).div_ceil(frame);
        let quietest = (earliest..limit / frame)
            .min_by(|a, b| levels[*a].total_cmp(&levels[*b]))
            .unwrap_or(limit / frame);
        let cut = (quietest * frame).clamp(start + 1, limit);
        pieces.push(start..cut);
        start = cut;
    }
    pieces.push(start..voice.end);
    pieces
}

#[cfg(test)]
mod tests {
    use std::f64::consts::PI;

    use super::*;

    const RATE: u32 = 8000;

    /// `secs` of signal: tones of 440 Hz at 0.3 of full scale where `speech` says, over a
    /// noise floor of `noise` (peak, deterministic pseudo-random).
    fn channel(secs: f64, speech: &[(f64, f64)], noise: i16) -> Vec<i16> {
        let n = (secs * f64::from(RATE)) as usize;
        let mut seed = 0x2545_f491_u32;
        (0..n)
            .map(|i| {
                let t = i as f64 / f64::from(RATE);
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let hiss = if noise == 0 { 0 } else { (seed >> 16) as i16 % noise };
                let voiced = speech.iter().any(|&(from, to)| t >= from && t < to);
                let tone =
                    if voiced { (0.3 * 32767.0 * (2.0 * PI * 440.0 * t).sin()) as i16 } else { 0 };
                tone.saturating_add(hiss)
            })
            .collect()
    }

    fn secs(range: &Range<usize>) -> (f64, f64) {
        (range.start as f64 / f64::from(RATE), range.end as f64 / f64::from(RATE))
    }

    fn near(actual: (f64, f64), expected: (f64, f64)) -> bool {
        (actual.0 - expected.0).abs() <= 0.021 && (actual.1 - expected.1).abs() <= 0.021
    }

    #[test]
    fn silence_and_hiss_have_no_utterances() {
        assert!(utterances(&channel(3.0, &[], 0), RATE).is_empty());
        assert!(utterances(&channel(3.0, &[], 100), RATE).is_empty());
        assert!(utterances(&[], RATE).is_empty());
    }

    #[test]
    fn speech_is_found_where_it_is_and_padded_for_transcription() {
        let found = utterances(&channel(3.0, &[(0.5, 1.5)], 60), RATE);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(near(secs(&found[0].voice), (0.5, 1.5)), "{found:?}");
        assert!(near(secs(&found[0].clip), (0.35, 1.65)), "{found:?}");
    }

    #[test]
    fn padding_stays_inside_the_channel() {
        let found = utterances(&channel(1.0, &[(0.0, 1.0)], 0), RATE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].clip, 0..8000);
    }

    #[test]
    fn short_pauses_stay_inside_an_utterance_and_long_ones_split_it() {
        let joined = utterances(&channel(4.0, &[(0.5, 1.2), (1.6, 2.5)], 60), RATE);
        assert_eq!(joined.len(), 1, "a 0.4 s pause: {joined:?}");
        assert!(near(secs(&joined[0].voice), (0.5, 2.5)));
        let split = utterances(&channel(4.0, &[(0.5, 1.2), (2.0, 2.5)], 60), RATE);
        assert_eq!(split.len(), 2, "a 0.8 s pause: {split:?}");
        assert!(near(secs(&split[1].voice), (2.0, 2.5)));
    }

    #[test]
    fn blips_are_not_speech() {
        let found = utterances(&channel(4.0, &[(0.5, 0.6), (2.0, 3.0)], 60), RATE);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(near(secs(&found[0].voice), (2.0, 3.0)));
    }

    #[test]
    fn a_loud_noise_floor_raises_the_threshold() {
        // Hiss at about −40 dBFS, above the absolute minimum: still not speech.
        let noisy = channel(4.0, &[(1.0, 2.0)], 600);
        let found = utterances(&noisy, RATE);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(near(secs(&found[0].voice), (1.0, 2.0)));
    }

    #[test]
    fn a_monologue_is_cut_into_clips_of_bounded_length() {
        // At a tenth of the rate, so the test stays small: 12 minutes with a 0.3 s pause (too
        // short to end the utterance) every 7 s.
        let rate = 800;
        let frame = 16;
        let n = 720 * rate;
        let samples: Vec<i16> = (0..n)
            .map(|i| {
                let voiced = (i as f64 / rate as f64) % 7.0 < 6.7;
                match (voiced, i % 2) {
                    (false, _) => 0,
                    (true, 0) => 8000,
                    (true, _) => -8000,
                }
            })
            .collect();
        let found = utterances(&samples, rate as u32);
        let max = (MAX_UTTERANCE_SECS * rate as f64) as usize;
        assert!(found.len() >= 3, "{found:?}");
        assert!(found.iter().all(|u| u.voice.len() <= max), "{found:?}");
        assert!(found.windows(2).all(|w| w[0].voice.end == w[1].voice.start), "contiguous");
        // Each cut falls in a pause (a silent frame), not in the middle of a sound.
        for u in &found[1..] {
            assert!(samples[u.voice.start..u.voice.start + frame].iter().all(|&s| s == 0), "{u:?}");
        }
    }
}
