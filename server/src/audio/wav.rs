//! 16-bit PCM WAV (RIFF) files: read with any number of channels, each channel its own
//! sample list; written mono. Enough for Twilio's `.wav` recordings (one channel per call leg
//! when recorded dual) and for the clips Loquent sends to transcription.

/// A PCM16 recording, one sample list per channel (left first), all the same length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pcm {
    pub rate: u32,
    pub channels: Vec<Vec<i16>>,
}

impl Pcm {
    /// Samples per channel.
    pub fn len(&self) -> usize {
        self.channels.first().map_or(0, Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WavError {
    #[error("not a WAV file (no RIFF/WAVE header)")]
    NotWav,
    #[error("the WAV's {0} chunk is cut short")]
    Truncated(&'static str),
    #[error("the WAV's data comes before its format")]
    DataBeforeFormat,
    #[error("the WAV has no data chunk")]
    NoData,
    #[error(
        "need 16-bit PCM WAV (got format {format}, {bits} bits, {channels} channels, {rate} Hz)"
    )]
    Unsupported { format: u16, bits: u16, channels: u16, rate: u32 },
}

/// `WAVE_FORMAT_PCM`, and `WAVE_FORMAT_EXTENSIBLE` (whose sub-format must then be PCM).
const PCM: u16 = 1;
const EXTENSIBLE: u16 = 0xFFFE;

struct Format {
    tag: u16,
    channels: u16,
    rate: u32,
    bits: u16,
}

/// Reads a PCM16 WAV of any channel count, splitting its interleaved frames into channels.
pub fn read(bytes: &[u8]) -> Result<Pcm, WavError> {
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return Err(WavError::NotWav);
    }
    let mut at = 12;
    let mut format: Option<Format> = None;
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let size = u32::from_le_bytes([bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]]);
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        let body_start = at + 8;
        match id {
            b"fmt " => {
                let body = bytes
                    .get(body_start..body_start.saturating_add(size))
                    .filter(|b| b.len() >= 16)
                    .ok_or(WavError::Truncated("fmt"))?;
                format = Some(read_format(body));
            }
            b"data" => {
                let Some(format) = format else { return Err(WavError::DataBeforeFormat) };
                let body = bytes
                    .get(body_start..body_start.saturating_add(size))
                    .ok_or(WavError::Truncated("data"))?;
                return split(&format, body);
            }
            _ => {}
        }
        // Chunks are word-aligned: an odd-sized one is followed by a pad byte.
        at = body_start.saturating_add(size).saturating_add(size & 1);
    }
    Err(WavError::NoData)
}

fn read_format(body: &[u8]) -> Format {
    let u16_at = |i: usize| u16::from_le_bytes([body[i], body[i + 1]]);
    let mut tag = u16_at(0);
    // WAVE_FORMAT_EXTENSIBLE names the real format in the first two bytes of its sub-format GUID.
    if tag == EXTENSIBLE && body.len() >= 26 {
        tag = u16_at(24);
    }
    Format {
        tag,
        channels: u16_at(2),
        rate: u32::from_le_bytes([body[4], body[5], body[6], body[7]]),
        bits: u16_at(14),
    }
}

fn split(format: &Format, data: &[u8]) -> Result<Pcm, WavError> {
    let Format { tag, channels, rate, bits } = *format;
    if tag != PCM || bits != 16 || channels == 0 || rate == 0 {
        return Err(WavError::Unsupported { format: tag, bits, channels, rate });
    }
    let count = usize::from(channels);
    let frames = data.len() / (2 * count);
    let mut out = vec![Vec::with_capacity(frames); count];
    // A trailing partial frame (a cut-off download) is dropped rather than misassigned.
    for frame in data.chunks_exact(2 * count) {
        for (channel, sample) in out.iter_mut().zip(frame.chunks_exact(2)) {
            channel.push(i16::from_le_bytes([sample[0], sample[1]]));
        }
    }
    Ok(Pcm { rate, channels: out })
}

/// PCM16 mono at `rate` as a WAV file.
pub fn write_mono(samples: &[i16], rate: u32) -> Vec<u8> {
    let data_len = u32::try_from(samples.len() * 2).unwrap_or(u32::MAX);
    let mut out = Vec::with_capacity(44 + samples.len() * 2);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&36u32.saturating_add(data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&PCM.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&rate.saturating_mul(2).to_le_bytes());
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
    use super::*;

    /// A stereo WAV with an extra chunk before the format and an odd-sized one after it.
    fn stereo(left: &[i16], right: &[i16], rate: u32) -> Vec<u8> {
        let mut data = Vec::new();
        for (l, r) in left.iter().zip(right) {
            data.extend_from_slice(&l.to_le_bytes());
            data.extend_from_slice(&r.to_le_bytes());
        }
        let mut fmt = Vec::new();
        fmt.extend_from_slice(&PCM.to_le_bytes());
        fmt.extend_from_slice(&2u16.to_le_bytes());
        fmt.extend_from_slice(&rate.to_le_bytes());
        fmt.extend_from_slice(&(rate * 4).to_le_bytes());
        fmt.extend_from_slice(&4u16.to_le_bytes());
        fmt.extend_from_slice(&16u16.to_le_bytes());
        let mut body = b"WAVE".to_vec();
        for (id, chunk) in
            [(b"LIST", &b"info"[..]), (b"fmt ", &fmt), (b"junk", &b"odd"[..]), (b"data", &data)]
        {
            body.extend_from_slice(id);
            body.extend_from_slice(&u32::try_from(chunk.len()).expect("small").to_le_bytes());
            body.extend_from_slice(chunk);
            if chunk.len() % 2 == 1 {
                body.push(0);
            }
        }
        let mut out = b"RIFF".to_vec();
        out.extend_from_slice(&u32::try_from(body.len()).expect("small").to_le_bytes());
        out.extend_from_slice(&body);
        out
    }

    #[test]
    fn a_stereo_file_splits_into_its_two_channels() {
        let left: Vec<i16> = (0..500).map(|i| i * 3).collect();
        let right: Vec<i16> = (0..500).map(|i| -i).collect();
        let pcm = read(&stereo(&left, &right, 8000)).expect("stereo WAV");
        assert_eq!(pcm, Pcm { rate: 8000, channels: vec![left, right] });
        assert_eq!(pcm.len(), 500);
    }

    #[test]
    fn mono_round_trips() {
        let samples: Vec<i16> = (0..1000).map(|i| (i * 37 % 2000 - 1000) as i16).collect();
        let pcm = read(&write_mono(&samples, 16_000)).expect("mono WAV");
        assert_eq!(pcm, Pcm { rate: 16_000, channels: vec![samples] });
    }

    #[test]
    fn a_cut_off_last_frame_is_dropped() {
        let mut bytes = stereo(&[1, 2], &[3, 4], 8000);
        // Shorten the data chunk by one byte: the second frame is incomplete.
        let at = bytes.len() - 8 - 4;
        bytes[at..at + 4].copy_from_slice(&7u32.to_le_bytes());
        bytes.pop();
        assert_eq!(read(&bytes).expect("WAV").channels, vec![vec![1], vec![3]]);
    }

    #[test]
    fn what_is_not_pcm16_wav_is_refused() {
        assert_eq!(read(b"not a wav at all"), Err(WavError::NotWav));
        let mut eight_bit = write_mono(&[0; 4], 8000);
        eight_bit[34] = 8;
        assert!(matches!(read(&eight_bit), Err(WavError::Unsupported { bits: 8, .. })));
        let mut truncated = write_mono(&[0; 100], 8000);
        truncated.truncate(60);
        assert_eq!(read(&truncated), Err(WavError::Truncated("data")));
        let header_only = &write_mono(&[], 8000)[..36];
        assert_eq!(read(header_only), Err(WavError::NoData));
    }
}
