//! Test audio: tones, PCM16 little-endian bytes, and the measurements the bridge tests take.

use std::f64::consts::PI;

/// A sine of `freq` Hz at `amplitude` (of full scale) for `seconds`, sampled at `rate`.
pub fn tone(rate: f64, freq: f64, amplitude: f64, seconds: f64) -> Vec<i16> {
    let n = (rate * seconds) as usize;
    (0..n)
        .map(|i| (amplitude * 32767.0 * (2.0 * PI * freq * i as f64 / rate).sin()).round() as i16)
        .collect()
}

/// RMS level in dB relative to one unit (compare two of them, not one with full scale).
pub fn rms_db(samples: &[i16]) -> f64 {
    let mean = samples.iter().map(|&s| f64::from(s).powi(2)).sum::<f64>() / samples.len() as f64;
    10.0 * mean.sqrt().max(1e-9).log10() * 2.0
}

/// Level relative to full scale (dBFS).
pub fn dbfs(samples: &[i16]) -> f64 {
    rms_db(samples) - 20.0 * 32768f64.log10()
}

/// The dominant frequency by counting zero crossings (fine for a clean tone).
pub fn frequency(samples: &[i16], rate: f64) -> f64 {
    let crossings = samples.windows(2).filter(|w| (w[0] < 0) != (w[1] < 0)).count();
    crossings as f64 / 2.0 / (samples.len() as f64 / rate)
}

pub fn pcm_le(samples: &[i16]) -> Vec<u8> {
    samples.iter().flat_map(|s| s.to_le_bytes()).collect()
}

pub fn from_le(bytes: &[u8]) -> Vec<i16> {
    bytes.chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]])).collect()
}
