//! Speech-like sound for the demo recordings: no words, but voiced syllables with a rising and
//! falling pitch, timed to a transcript's turns, so a player shows a conversation where the
//! transcript says one was. Each party has a voice of its own (pitch and vocal tract length).
//! A glottal pulse train goes through three formant resonators per vowel: classic formant
//! synthesis, cheap enough to render a minute of audio in a few milliseconds.

use std::f64::consts::PI;

use super::rng::Rng;

/// Telephone audio: 8 kHz.
pub const RATE: u32 = 8_000;

/// How a party sounds.
#[derive(Debug, Clone, Copy)]
pub struct Voice {
    /// Speaking pitch, in Hz.
    pub pitch: f64,
    /// Formant frequencies relative to an average adult's (shorter vocal tracts are higher).
    pub tract: f64,
}

/// Vowels' first three formants, in Hz.
const VOWELS: [[f64; 3]; 6] = [
    [730.0, 1090.0, 2440.0],
    [270.0, 2290.0, 3010.0],
    [300.0, 870.0, 2240.0],
    [530.0, 1840.0, 2480.0],
    [570.0, 840.0, 2410.0],
    [660.0, 1720.0, 2410.0],
];
const FORMANT_GAINS: [f64; 3] = [1.0, 0.55, 0.25];
const FORMANT_BANDWIDTHS: [f64; 3] = [90.0, 110.0, 170.0];
/// Syllables a second of speech holds.
const SYLLABLES_PER_SEC: f64 = 4.2;

/// A two-pole resonator at one frequency.
struct Resonator {
    a: f64,
    b1: f64,
    b2: f64,
    y1: f64,
    y2: f64,
}

impl Resonator {
    fn new(freq: f64, bandwidth: f64) -> Resonator {
        let rate = f64::from(RATE);
        let r = (-PI * bandwidth / rate).exp();
        let b1 = 2.0 * r * (2.0 * PI * freq.min(rate * 0.45) / rate).cos();
        Resonator { a: 1.0 - r, b1, b2: -r * r, y1: 0.0, y2: 0.0 }
    }

    fn step(&mut self, x: f64) -> f64 {
        let y = self.a * x + self.b1 * self.y1 + self.b2 * self.y2;
        self.y2 = self.y1;
        self.y1 = y;
        y
    }
}

/// Renders `secs` seconds of a phone line: a faint hiss, and each `(voice, start, end)` turn
/// spoken as syllables. Deterministic for the same `rng`.
pub fn render(rng: &mut Rng, secs: f64, turns: &[(Voice, f64, f64)]) -> Vec<i16> {
    let rate = f64::from(RATE);
    let total = (secs.max(0.0) * rate).ceil() as usize;
    let mut out = vec![0.0f64; total];
    for &(voice, start, end) in turns {
        speak(rng, &mut out, voice, start, end);
    }
    // Full scale is far louder than a phone call: leave headroom.
    let peak = out.iter().fold(0.0f64, |m, s| m.max(s.abs())).max(1e-9);
    let gain = 0.45 / peak;
    out.iter()
        .map(|s| {
            let hiss = (rng.unit() - 0.5) * 0.004;
            ((s * gain + hiss) * f64::from(i16::MAX)).round() as i16
        })
        .collect()
}

/// One turn: syllables from `start` to `end` seconds, the pitch falling through the phrase.
fn speak(rng: &mut Rng, out: &mut [f64], voice: Voice, start: f64, end: f64) {
    let rate = f64::from(RATE);
    let length = (end - start).max(0.0);
    let syllables = (length * SYLLABLES_PER_SEC).round().max(1.0) as usize;
    let each = length / syllables as f64;
    let mut phase = 0.0f64;
    for k in 0..syllables {
        // Every few syllables a word boundary: a short gap.
        let gap = if rng.chance(0.3) { 0.35 } else { 0.12 };
        let voiced = each * (1.0 - gap);
        let at = start + k as f64 * each;
        let vowel = VOWELS[rng.below(VOWELS.len())];
        let mut resonators: Vec<Resonator> = vowel
            .iter()
            .zip(FORMANT_BANDWIDTHS)
            .map(|(f, bw)| Resonator::new(f * voice.tract, bw))
            .collect();
        let progress = k as f64 / syllables as f64;
        // Declination over the phrase, a little lift on stressed syllables.
        let pitch = voice.pitch * (1.12 - 0.22 * progress) * (1.0 + (rng.unit() - 0.5) * 0.12);
        let loudness = 0.7 + rng.unit() * 0.3;
        let first = (at * rate) as usize;
        let count = (voiced * rate) as usize;
        for i in 0..count {
            let Some(sample) = out.get_mut(first + i) else { break };
            let t = i as f64 / count.max(1) as f64;
            // A quick rise and a slower fall: a syllable's loudness.
            let envelope = (t * PI).sin().powf(0.6) * loudness;
            let glide = pitch * (1.0 + 0.05 * (t * PI).sin());
            phase = (phase + glide / rate).fract();
            // The glottis: a pulse once per period, a little breath beside it.
            let source = (1.0 - 2.0 * phase) + (rng.unit() - 0.5) * 0.15;
            let voiced_sample: f64 =
                resonators.iter_mut().zip(FORMANT_GAINS).map(|(r, g)| r.step(source) * g).sum();
            *sample += voiced_sample * envelope;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rms(samples: &[i16]) -> f64 {
        let sum: f64 = samples.iter().map(|s| f64::from(*s).powi(2)).sum();
        (sum / samples.len().max(1) as f64).sqrt()
    }

    #[test]
    fn turns_are_heard_where_they_are_and_silence_between_them() {
        let voice = Voice { pitch: 200.0, tract: 1.1 };
        let samples = render(&mut Rng::new(1), 6.0, &[(voice, 1.0, 2.5), (voice, 4.0, 5.0)]);
        assert_eq!(samples.len(), 6 * RATE as usize);
        let second = |s: f64| &samples[(s * 8000.0) as usize..((s + 0.5) * 8000.0) as usize];
        assert!(rms(second(1.5)) > 20.0 * rms(second(3.0)), "speech louder than the pause");
        assert!(rms(second(4.2)) > 20.0 * rms(second(0.2)));
        assert!(samples.iter().all(|s| s.unsigned_abs() < 16_000), "headroom kept");
        let again = render(&mut Rng::new(1), 6.0, &[(voice, 1.0, 2.5), (voice, 4.0, 5.0)]);
        assert_eq!(samples, again);
    }
}
