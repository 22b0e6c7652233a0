//! Audio for the phone bridge: G.711 µ-law (Twilio's 8 kHz media streams) and streaming
//! resamplers to and from the rates realtime models use (PCM16 at 16 kHz in, 24 kHz out), and
//! PCM16 WAV files (recordings split per channel, clips for transcription).
//!
//! Keep one [`Upsampler8kTo16k`] and one [`Downsampler24kTo8k`] per call (one per direction):
//! they carry filter state, so frames join without clicks.

pub mod mulaw;
pub mod resample;
pub mod wav;

#[cfg(test)]
pub(crate) mod test_util;

pub use resample::{Downsampler24kTo8k, Upsampler8kTo16k};

/// Twilio → model: µ-law 8 kHz to PCM16 little-endian bytes at 16 kHz (4 bytes per code).
#[must_use]
pub fn mulaw8k_to_pcm16k(up: &mut Upsampler8kTo16k, ulaw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    mulaw8k_to_pcm16k_into(up, ulaw, &mut out);
    out
}

/// [`mulaw8k_to_pcm16k`], appending to `out`.
pub fn mulaw8k_to_pcm16k_into(up: &mut Upsampler8kTo16k, ulaw: &[u8], out: &mut Vec<u8>) {
    out.reserve(ulaw.len() * 4);
    up.process_with(ulaw.iter().map(|&code| mulaw::decode_sample(code)), |sample| {
        out.extend_from_slice(&sample.to_le_bytes());
    });
}

/// Model → Twilio: PCM16 little-endian bytes at 24 kHz to µ-law 8 kHz. An odd trailing byte is
/// carried (in `down`) into the next call.
#[must_use]
pub fn pcm24k_to_mulaw8k(down: &mut Downsampler24kTo8k, pcm_le: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    pcm24k_to_mulaw8k_into(down, pcm_le, &mut out);
    out
}

/// [`pcm24k_to_mulaw8k`], appending to `out`.
pub fn pcm24k_to_mulaw8k_into(down: &mut Downsampler24kTo8k, pcm_le: &[u8], out: &mut Vec<u8>) {
    out.reserve(pcm_le.len() / 6 + 1);
    down.process_le_bytes_with(pcm_le, |sample| out.push(mulaw::encode_sample(sample)));
}

#[cfg(test)]
mod tests {
    use super::test_util::{db, frequency_hz, rms, sine};
    use super::*;

    fn le_samples(bytes: &[u8]) -> Vec<i16> {
        assert_eq!(bytes.len() % 2, 0);
        bytes.chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect()
    }

    #[test]
    fn mulaw_8k_to_pcm_16k_keeps_frequency_and_level() {
        let tone = sine(1000.0, 8000.0, 16384.0, 8000);
        let ulaw = mulaw::encode(&tone);
        let mut up = Upsampler8kTo16k::new();
        // In Twilio's 20 ms frames.
        let bytes: Vec<u8> =
            ulaw.chunks(160).flat_map(|frame| mulaw8k_to_pcm16k(&mut up, frame)).collect();
        assert_eq!(bytes.len(), ulaw.len() * 4);
        let pcm = le_samples(&bytes);
        let steady = &pcm[up.latency_samples() + 200..];
        let freq = frequency_hz(steady, 16000.0);
        let gain = db(rms(steady) / rms(&tone));
        println!("µ-law 8 kHz → PCM 16 kHz, 1 kHz tone: {freq:.3} Hz, level {gain:+.4} dB");
        assert!((freq - 1000.0).abs() < 10.0, "{freq} Hz");
        assert!(gain.abs() < 1.0, "{gain} dB");
    }

    #[test]
    fn pcm_24k_to_mulaw_8k_keeps_frequency_and_level() {
        let tone = sine(1000.0, 24000.0, 16384.0, 24000);
        let bytes: Vec<u8> = tone.iter().flat_map(|s| s.to_le_bytes()).collect();
        let mut down = Downsampler24kTo8k::new();
        // Odd-sized chunks, as a WebSocket might deliver them.
        let ulaw: Vec<u8> =
            bytes.chunks(961).flat_map(|chunk| pcm24k_to_mulaw8k(&mut down, chunk)).collect();
        assert_eq!(ulaw.len(), 8000);
        let pcm = mulaw::decode(&ulaw);
        let steady = &pcm[down.latency_samples() + 100..];
        let freq = frequency_hz(steady, 8000.0);
        let gain = db(rms(steady) / rms(&tone));
        println!("PCM 24 kHz → µ-law 8 kHz, 1 kHz tone: {freq:.3} Hz, level {gain:+.4} dB");
        assert!((freq - 1000.0).abs() < 10.0, "{freq} Hz");
        assert!(gain.abs() < 1.0, "{gain} dB");
    }

    #[test]
    fn odd_trailing_byte_is_carried_into_the_next_call() {
        let samples: Vec<i16> = sine(440.0, 24000.0, 20000.0, 960);
        let bytes: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
        let whole = pcm24k_to_mulaw8k(&mut Downsampler24kTo8k::new(), &bytes);
        assert_eq!(whole.len(), 320);

        let mut down = Downsampler24kTo8k::new();
        let mut split = pcm24k_to_mulaw8k(&mut down, &bytes[..7]);
        // A lone byte completes the pending sample; a lone byte then waits again.
        split.extend(pcm24k_to_mulaw8k(&mut down, &bytes[7..8]));
        split.extend(pcm24k_to_mulaw8k(&mut down, &bytes[8..9]));
        split.extend(pcm24k_to_mulaw8k(&mut down, &[]));
        split.extend(pcm24k_to_mulaw8k(&mut down, &bytes[9..961]));
        split.extend(pcm24k_to_mulaw8k(&mut down, &bytes[961..]));
        assert_eq!(split, whole);
    }
}
