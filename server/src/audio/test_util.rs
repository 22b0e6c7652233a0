//! Signal generators and measurements shared by the audio tests.

use std::f64::consts::PI;

/// `len` samples of `amplitude · sin(2π · freq · n / rate)`, rounded.
pub fn sine(freq_hz: f64, rate_hz: f64, amplitude: f64, len: usize) -> Vec<i16> {
    (0..len)
        .map(|n| (amplitude * (2.0 * PI * freq_hz * n as f64 / rate_hz).sin()).round() as i16)
        .collect()
}

pub fn rms(samples: &[i16]) -> f64 {
    let power: f64 = samples.iter().map(|&s| f64::from(s).powi(2)).sum();
    (power / samples.len() as f64).sqrt()
}

/// An amplitude ratio in decibels.
pub fn db(ratio: f64) -> f64 {
    20.0 * ratio.max(1e-12).log10()
}

/// A tone's frequency from its rising zero crossings (linearly interpolated).
pub fn frequency_hz(samples: &[i16], rate_hz: f64) -> f64 {
    let crossings: Vec<f64> = samples
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0] < 0 && w[1] >= 0)
        .map(|(i, w)| {
            let (a, b) = (f64::from(w[0]), f64::from(w[1]));
            i as f64 + a / (a - b)
        })
        .collect();
    let (Some(first), Some(last)) = (crossings.first(), crossings.last()) else {
        return 0.0;
    };
    (crossings.len() - 1) as f64 * rate_hz / (last - first)
}

/// The amplitude of the `freq_hz` component (Goertzel, i.e. one DFT bin; exact when the slice
/// holds a whole number of its cycles).
pub fn goertzel_amplitude(samples: &[i16], freq_hz: f64, rate_hz: f64) -> f64 {
    let w = 2.0 * PI * freq_hz / rate_hz;
    let coeff = 2.0 * w.cos();
    let (mut s1, mut s2) = (0.0, 0.0);
    for &x in samples {
        let s0 = f64::from(x) + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    let power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    2.0 * power.max(0.0).sqrt() / samples.len() as f64
}

/// A small deterministic generator (no dependency needed for test noise).
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u32(&mut self) -> u32 {
        self.0 =
            self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 32) as u32
    }
}
