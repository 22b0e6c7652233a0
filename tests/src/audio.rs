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

/// A 16-bit PCM WAV file of `channels` (interleaved; all the same length) at `rate` Hz, written
/// here rather than by the server's writer so the fakes and tests check the server's reader.
pub fn wav(channels: &[&[i16]], rate: u32) -> Vec<u8> {
    let count = channels.len();
    let frames = channels.first().map_or(0, |c| c.len());
    assert!(channels.iter().all(|c| c.len() == frames), "channels of different lengths");
    let data_len = (frames * count * 2) as u32;
    let block = (count * 2) as u16;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&(count as u16).to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * u32::from(block)).to_le_bytes());
    out.extend_from_slice(&block.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..frames {
        for channel in channels {
            out.extend_from_slice(&channel[i].to_le_bytes());
        }
    }
    out
}

/// A PCM16 WAV's rate and channels (deinterleaved), or why it isn't one.
pub fn read_wav(bytes: &[u8]) -> Result<(u32, Vec<Vec<i16>>), String> {
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return Err("no RIFF/WAVE header".into());
    }
    let mut at = 12;
    let mut format = None;
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let size = u32::from_le_bytes([bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]])
            as usize;
        let body = bytes.get(at + 8..at + 8 + size).ok_or("a chunk runs past the end")?;
        match id {
            b"fmt " if size >= 16 => {
                let u16_at = |i: usize| u16::from_le_bytes([body[i], body[i + 1]]);
                let rate = u32::from_le_bytes([body[4], body[5], body[6], body[7]]);
                format = Some((u16_at(0), u16_at(2), rate, u16_at(14)));
            }
            b"data" => {
                let (kind, count, rate, bits) = format.ok_or("data before fmt")?;
                if kind != 1 || bits != 16 || count == 0 {
                    return Err(format!(
                        "not PCM16 (format {kind}, {bits} bits, {count} channels)"
                    ));
                }
                let count = usize::from(count);
                let mut channels = vec![Vec::new(); count];
                for frame in body.chunks_exact(2 * count) {
                    for (c, sample) in frame.chunks_exact(2).enumerate() {
                        channels[c].push(i16::from_le_bytes([sample[0], sample[1]]));
                    }
                }
                return Ok((rate, channels));
            }
            _ => {}
        }
        at += 8 + size + (size & 1);
    }
    Err("no data chunk".into())
}

/// The dominant frequency of the audible part of `samples`: zero crossings counted over the
/// 20 ms frames nearly as loud as the loudest, so silence around a tone (and the frames it
/// starts or ends in) doesn't dilute it. 0 for silence.
pub fn audible_frequency(samples: &[i16], rate: f64) -> f64 {
    let frame = ((rate * 0.02) as usize).max(1);
    let level = |f: &[i16]| f.iter().map(|&s| f64::from(s).abs()).sum::<f64>() / f.len() as f64;
    let loudest = samples.chunks(frame).map(level).fold(0.0, f64::max);
    if loudest == 0.0 {
        return 0.0;
    }
    // Runs of loud frames, counted whole so no crossing between two frames is missed.
    let loud: Vec<bool> = samples.chunks(frame).map(|f| level(f) >= loudest * 0.7).collect();
    let (mut crossings, mut pairs) = (0usize, 0usize);
    let mut i = 0;
    while i < loud.len() {
        if !loud[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < loud.len() && loud[i] {
            i += 1;
        }
        let run = &samples[start * frame..(i * frame).min(samples.len())];
        crossings += run.windows(2).filter(|w| (w[0] < 0) != (w[1] < 0)).count();
        pairs += run.len().saturating_sub(1);
    }
    if pairs == 0 {
        return 0.0;
    }
    crossings as f64 / 2.0 / (pairs as f64 / rate)
}
