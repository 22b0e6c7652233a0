//! Minimal WAV (RIFF, PCM 16-bit mono) reading and writing for the simulator.

use anyhow::{Context, bail};

/// Samples and rate of a PCM16 mono WAV.
pub fn read(bytes: &[u8]) -> anyhow::Result<(Vec<i16>, u32)> {
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        bail!("not a WAV file");
    }
    let mut at = 12;
    let mut format: Option<(u16, u16, u32, u16)> = None;
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let size =
            u32::from_le_bytes(bytes[at + 4..at + 8].try_into().context("chunk size")?) as usize;
        let body = bytes.get(at + 8..at + 8 + size).context("truncated WAV chunk")?;
        match id {
            b"fmt " if size >= 16 => {
                let u16_at = |i: usize| u16::from_le_bytes([body[i], body[i + 1]]);
                let rate = u32::from_le_bytes([body[4], body[5], body[6], body[7]]);
                format = Some((u16_at(0), u16_at(2), rate, u16_at(14)));
            }
            b"data" => {
                let Some((kind, channels, rate, bits)) = format else {
                    bail!("WAV data before its format")
                };
                if kind != 1 || channels != 1 || bits != 16 {
                    bail!(
                        "need 16-bit PCM mono WAV (got format {kind}, {channels} channels, {bits} bits)"
                    );
                }
                let samples =
                    body.chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]])).collect();
                return Ok((samples, rate));
            }
            _ => {}
        }
        at += 8 + size + (size & 1);
    }
    bail!("WAV without a data chunk")
}

/// PCM16 mono at `rate` as a WAV file.
pub fn write(samples: &[i16], rate: u32) -> Vec<u8> {
    let data_len = u32::try_from(samples.len() * 2).unwrap_or(u32::MAX);
    let mut out = Vec::with_capacity(44 + samples.len() * 2);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trips() {
        let samples: Vec<i16> = (0..1000).map(|i| (i * 37 % 2000 - 1000) as i16).collect();
        let (back, rate) = super::read(&super::write(&samples, 8000)).expect("valid WAV");
        assert_eq!((back, rate), (samples, 8000));
        assert!(super::read(b"not a wav").is_err());
    }
}
