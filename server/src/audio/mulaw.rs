//! G.711 µ-law (ITU-T G.711, the bias-132 algorithm Twilio's media streams use): 8-bit codes to
//! and from linear PCM16.
//!
//! Decoding is a 256-entry table lookup; encoding is the standard segment search (clip at 32635,
//! add the 0x84 bias, find the segment from the highest set bit, keep four mantissa bits, invert).
//! Both codes for zero (0x7F and 0xFF) decode to 0; 0 encodes to 0xFF.

/// The bias added to magnitudes before encoding (and removed after decoding).
const BIAS: i32 = 0x84;
/// The largest magnitude that still fits a code once biased.
const CLIP: i32 = 32635;

/// One code decoded, as a `const fn` so the table is built at compile time.
const fn decode_code(code: u8) -> i16 {
    let u = !code;
    let magnitude = ((((u & 0x0F) as i32) << 3) + BIAS) << ((u & 0x70) >> 4);
    let value = if u & 0x80 != 0 { BIAS - magnitude } else { magnitude - BIAS };
    // Within ±32124: the cast never truncates.
    value as i16
}

const fn build_decode_table() -> [i16; 256] {
    let mut table = [0i16; 256];
    let mut code = 0;
    while code < 256 {
        table[code] = decode_code(code as u8);
        code += 1;
    }
    table
}

/// Every µ-law code's linear value.
static DECODE_TABLE: [i16; 256] = build_decode_table();

/// Decodes one µ-law code.
#[inline]
#[must_use]
pub fn decode_sample(code: u8) -> i16 {
    DECODE_TABLE[usize::from(code)]
}

/// Encodes one linear sample as µ-law.
#[inline]
#[must_use]
pub fn encode_sample(sample: i16) -> u8 {
    let mut x = i32::from(sample);
    let sign = if x < 0 {
        x = -x;
        0x80
    } else {
        0
    };
    x = x.min(CLIP) + BIAS;
    // x is in 132..=32767, so x >> 7 is in 1..=255 and its log2 (the segment) in 0..=7.
    let exponent = (x >> 7).ilog2();
    let mantissa = (x >> (exponent + 3)) & 0x0F;
    // Eight significant bits: the cast keeps them all.
    !((sign | ((exponent as i32) << 4) | mantissa) as u8)
}

/// Decodes µ-law codes to linear PCM16.
#[must_use]
pub fn decode(ulaw: &[u8]) -> Vec<i16> {
    let mut out = Vec::with_capacity(ulaw.len());
    decode_into(ulaw, &mut out);
    out
}

/// Decodes µ-law codes, appending to `out` (no allocation once `out` has the capacity).
pub fn decode_into(ulaw: &[u8], out: &mut Vec<i16>) {
    out.extend(ulaw.iter().map(|&code| decode_sample(code)));
}

/// Encodes linear PCM16 as µ-law codes.
#[must_use]
pub fn encode(pcm: &[i16]) -> Vec<u8> {
    let mut out = Vec::with_capacity(pcm.len());
    encode_into(pcm, &mut out);
    out
}

/// Encodes linear PCM16, appending the codes to `out` (no allocation once `out` has the capacity).
pub fn encode_into(pcm: &[i16], out: &mut Vec<u8>) {
    out.extend(pcm.iter().map(|&sample| encode_sample(sample)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_every_code_then_encoding_gives_the_code_back() {
        let codes: Vec<u8> = (0..=255).collect();
        let decoded = decode(&codes);
        let encoded = encode(&decoded);
        for (&code, &back) in codes.iter().zip(&encoded) {
            // 0x7F is "negative zero": it decodes to 0, which encodes as 0xFF.
            let expected = if code == 0x7F { 0xFF } else { code };
            assert_eq!(back, expected, "code {code:#04x} decoded to {}", decode_sample(code));
        }
    }

    #[test]
    fn table_matches_known_values() {
        assert_eq!(decode_sample(0xFF), 0);
        assert_eq!(decode_sample(0x7F), 0);
        assert_eq!(decode_sample(0x80), 32124);
        assert_eq!(decode_sample(0x00), -32124);
        assert_eq!(decode_sample(0xFE), 8);
        assert_eq!(decode_sample(0x7E), -8);
        // Decoded values are odd-symmetric and grow monotonically with the inverted code.
        for code in 0..=0x7Fu8 {
            assert_eq!(decode_sample(code), -decode_sample(code | 0x80));
        }
        for code in 0x80..0xFFu8 {
            assert!(decode_sample(code) > decode_sample(code + 1));
        }
    }

    #[test]
    fn encodes_known_values() {
        assert_eq!(encode(&[0, 32767, -32768]), vec![0xFF, 0x80, 0x00]);
        assert_eq!(encode_sample(-1), 0x7F);
        assert_eq!(encode_sample(1), 0xFF);
        // Clipping: everything from 32635 up is the top code.
        assert_eq!(encode_sample(32635), 0x80);
        assert_eq!(encode_sample(-32635), 0x00);
    }

    #[test]
    fn into_variants_append() {
        let mut pcm = vec![7i16];
        decode_into(&[0xFF, 0x80], &mut pcm);
        assert_eq!(pcm, vec![7, 0, 32124]);
        let mut ulaw = vec![1u8];
        encode_into(&[0, -32768], &mut ulaw);
        assert_eq!(ulaw, vec![1, 0xFF, 0x00]);
    }

    #[test]
    fn full_scale_sine_round_trips_within_g711_snr() {
        let pcm: Vec<i16> = (0..8000)
            .map(|n| {
                let phase = 2.0 * std::f64::consts::PI * 1013.0 * f64::from(n) / 8000.0;
                (32000.0 * phase.sin()).round() as i16
            })
            .collect();
        let back = decode(&encode(&pcm));
        let signal: f64 = pcm.iter().map(|&s| f64::from(s).powi(2)).sum();
        let noise: f64 =
            pcm.iter().zip(&back).map(|(&a, &b)| (f64::from(a) - f64::from(b)).powi(2)).sum();
        let snr_db = 10.0 * (signal / noise).log10();
        println!("µ-law round trip SNR of a full-scale sine: {snr_db:.2} dB");
        assert!(snr_db > 35.0, "SNR {snr_db:.2} dB");
    }
}
