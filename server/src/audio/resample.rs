//! Streaming sample-rate converters between the phone side (8 kHz) and a realtime model (16 kHz
//! in, 24 kHz out).
//!
//! Both are Kaiser-windowed-sinc low-pass FIR filters, designed once (on first use) and shared,
//! run in f32 and rounded (saturating) back to i16. Each converter keeps the tail of its input
//! between calls, so a signal processed in chunks of any size gives exactly the samples it gives
//! when processed whole (every output is summed in the same order, whatever the chunking); use
//! one converter per call and direction.
//!
//! - [`Upsampler8kTo16k`]: ×2 by zero-stuffing and a 95-tap low-pass (cutoff 3.8 kHz at 16 kHz,
//!   Kaiser β 7: ±0.002 dB to 3.4 kHz, ≥ 72 dB down from 4.2 kHz), split into two 48-tap
//!   polyphase branches so the stuffed zeros are never multiplied. DC gain 2 (making up the
//!   zero-stuffing loss), so levels are kept. Delay 47 output samples (2.9 ms).
//! - [`Downsampler24kTo8k`]: ÷3 with a 157-tap anti-aliasing low-pass (cutoff 3.7 kHz at
//!   24 kHz, Kaiser β 6: ±0.007 dB to 3.4 kHz, ≥ 63 dB down from 4 kHz), as a polyphase
//!   decimator: the input is dealt into three 53-tap branches and only kept outputs are
//!   computed. Delay 26 output samples (3.25 ms).
//!
//! The inner loops compute a block of outputs at once (one tap times a run of inputs), which the
//! compiler vectorises without any horizontal sums.

use std::sync::LazyLock;

/// Upsampler prototype length (odd: linear phase with a whole-sample delay).
const UP_PROTO_LEN: usize = 95;
/// Taps per polyphase branch.
const UP_PHASE_LEN: usize = UP_PROTO_LEN.div_ceil(2);
const UP_CUTOFF_HZ: f64 = 3800.0;
const UP_RATE_HZ: f64 = 16_000.0;
const UP_BETA: f64 = 7.0;

/// Downsampler prototype length (odd, and (len - 1) / 2 a multiple of 3 so the delay is a whole
/// number of output samples).
const DOWN_PROTO_LEN: usize = 157;
const DOWN_CUTOFF_HZ: f64 = 3700.0;
const DOWN_RATE_HZ: f64 = 24_000.0;
const DOWN_BETA: f64 = 6.0;
const DOWN_FACTOR: usize = 3;
/// Taps per polyphase branch.
const DOWN_PHASE_LEN: usize = DOWN_PROTO_LEN.div_ceil(DOWN_FACTOR);
const _: () = assert!((DOWN_PROTO_LEN - 1).is_multiple_of(2 * DOWN_FACTOR));

/// Outputs computed together in the upsampler's main loop (per branch: 2 × 16 accumulators).
const UP_BLOCK: usize = 16;
/// Outputs computed together in the downsampler's main loop.
const DOWN_BLOCK: usize = 32;
/// The smaller block used before falling back to one output at a time.
const SMALL_BLOCK: usize = 8;

/// The upsampler's two branches, each reversed (oldest input first): with `w` the 48 inputs
/// ending at `x[n]`, output `2n + p` is `Σ UP_TAPS[p][i] · w[i]`.
static UP_TAPS: LazyLock<[Vec<f32>; 2]> = LazyLock::new(|| {
    let proto = kaiser_lowpass(UP_PROTO_LEN, UP_CUTOFF_HZ, UP_RATE_HZ, UP_BETA, 2.0);
    [0, 1].map(|phase| {
        // Branch p holds h[p], h[p + 2], …; h[2k + p] multiplies x[n - k], at index
        // UP_PHASE_LEN - 1 - k of the window. Branch 1 is one tap short: its oldest tap is 0.
        let mut taps = vec![0.0f32; UP_PHASE_LEN];
        for (k, &h) in proto.iter().skip(phase).step_by(2).enumerate() {
            taps[UP_PHASE_LEN - 1 - k] = h as f32;
        }
        taps
    })
});

/// The downsampler's three branches, each reversed (oldest first): branch r holds h[3k + r],
/// which multiplies x[3n - 3k - r], i.e. stream r's sample `n - k` (see [`Downsampler24kTo8k`]).
/// Branches 1 and 2 are one tap short: their oldest tap is 0.
static DOWN_TAPS: LazyLock<[Vec<f32>; DOWN_FACTOR]> = LazyLock::new(|| {
    let proto = kaiser_lowpass(DOWN_PROTO_LEN, DOWN_CUTOFF_HZ, DOWN_RATE_HZ, DOWN_BETA, 1.0);
    std::array::from_fn(|branch| {
        let mut taps = vec![0.0f32; DOWN_PHASE_LEN];
        for (k, &h) in proto.iter().skip(branch).step_by(DOWN_FACTOR).enumerate() {
            taps[DOWN_PHASE_LEN - 1 - k] = h as f32;
        }
        taps
    })
});

/// A linear-phase low-pass: a sinc with the -6 dB point at `cutoff_hz`, Kaiser-windowed with
/// `beta`, scaled so its DC gain is `dc_gain`.
fn kaiser_lowpass(len: usize, cutoff_hz: f64, rate_hz: f64, beta: f64, dc_gain: f64) -> Vec<f64> {
    use std::f64::consts::PI;
    let centre = (len - 1) as f64 / 2.0;
    let fc = cutoff_hz / rate_hz;
    let i0_beta = bessel_i0(beta);
    let mut taps: Vec<f64> = (0..len)
        .map(|i| {
            let m = i as f64 - centre;
            let sinc = if m == 0.0 { 2.0 * fc } else { (2.0 * PI * fc * m).sin() / (PI * m) };
            let r = m / centre;
            let window = bessel_i0(beta * (1.0 - r * r).max(0.0).sqrt()) / i0_beta;
            sinc * window
        })
        .collect();
    let scale = dc_gain / taps.iter().sum::<f64>();
    for tap in &mut taps {
        *tap *= scale;
    }
    taps
}

/// The modified Bessel function of the first kind, order 0 (power series).
fn bessel_i0(x: f64) -> f64 {
    let half_sq = (x / 2.0) * (x / 2.0);
    let mut sum = 1.0;
    let mut term = 1.0;
    let mut k = 1.0;
    while term > 1e-15 * sum {
        term *= half_sq / (k * k);
        sum += term;
        k += 1.0;
    }
    sum
}

/// `acc[b] += Σ_i taps[i] · x[i + b]` for each of `B` consecutive outputs, the taps added in
/// order (so each output is summed exactly as [`fir_one`] sums it).
#[inline(always)]
fn fir_block<const B: usize>(taps: &[f32], x: &[f32], acc: &mut [f32; B]) {
    debug_assert!(x.len() + 1 >= taps.len() + B);
    let mut a = *acc;
    for (&t, window) in taps.iter().zip(x.windows(B)) {
        let window: &[f32; B] = window.try_into().expect("windows are B long");
        for (a, &v) in a.iter_mut().zip(window) {
            *a += t * v;
        }
    }
    *acc = a;
}

/// [`fir_block`] for two tap sets over the same inputs (the upsampler's two branches).
#[inline(always)]
fn fir_block_pair<const B: usize>(
    taps: [&[f32]; 2],
    x: &[f32],
    acc0: &mut [f32; B],
    acc1: &mut [f32; B],
) {
    debug_assert!(taps[0].len() == taps[1].len() && x.len() + 1 >= taps[0].len() + B);
    let (mut a0, mut a1) = (*acc0, *acc1);
    for ((&t0, &t1), window) in taps[0].iter().zip(taps[1]).zip(x.windows(B)) {
        let window: &[f32; B] = window.try_into().expect("windows are B long");
        for ((a0, a1), &v) in a0.iter_mut().zip(a1.iter_mut()).zip(window) {
            *a0 += t0 * v;
            *a1 += t1 * v;
        }
    }
    (*acc0, *acc1) = (a0, a1);
}

/// `acc + Σ_i taps[i] · x[i]`, the taps added in order.
#[inline]
fn fir_one(acc: f32, taps: &[f32], x: &[f32]) -> f32 {
    taps.iter().zip(x).fold(acc, |acc, (&t, &v)| acc + t * v)
}

/// Rounds half away from zero, saturating to the i16 range (float-to-int `as` saturates).
#[inline]
fn to_i16(y: f32) -> i16 {
    (y + 0.5f32.copysign(y)) as i16
}

/// Streaming ×2 upsampler, 8 kHz → 16 kHz (zero-stuff + polyphase low-pass).
#[derive(Debug, Clone)]
pub struct Upsampler8kTo16k {
    /// The last `UP_PHASE_LEN - 1` input samples (zeros at the start), then, during a call, the
    /// new input.
    buf: Vec<f32>,
}

impl Default for Upsampler8kTo16k {
    fn default() -> Self {
        Self::new()
    }
}

impl Upsampler8kTo16k {
    /// A converter starting from silence.
    #[must_use]
    pub fn new() -> Self {
        let mut buf = Vec::with_capacity(UP_PHASE_LEN - 1 + 320);
        buf.resize(UP_PHASE_LEN - 1, 0.0);
        Self { buf }
    }

    /// Upsamples `input` (8 kHz); returns twice as many samples (16 kHz).
    #[must_use]
    pub fn process(&mut self, input: &[i16]) -> Vec<i16> {
        let mut out = Vec::with_capacity(input.len() * 2);
        self.process_into(input, &mut out);
        out
    }

    /// Upsamples `input`, appending `2 * input.len()` samples to `out`.
    pub fn process_into(&mut self, input: &[i16], out: &mut Vec<i16>) {
        out.reserve(input.len() * 2);
        self.process_with(input.iter().copied(), |s| out.push(s));
    }

    /// The group delay, in output (16 kHz) samples: output `m + latency` corresponds to input
    /// instant `m / 2`.
    #[must_use]
    pub fn latency_samples(&self) -> usize {
        UP_PHASE_LEN - 1
    }

    /// Upsamples `input`, handing each output sample to `emit` in order.
    pub(crate) fn process_with(
        &mut self,
        input: impl IntoIterator<Item = i16>,
        mut emit: impl FnMut(i16),
    ) {
        self.buf.extend(input.into_iter().map(f32::from));
        let [even, odd] = &*UP_TAPS;
        let taps = [even.as_slice(), odd.as_slice()];
        let count = self.buf.len() - (UP_PHASE_LEN - 1);
        let mut emit_block = |acc0: &[f32], acc1: &[f32]| {
            for (&y0, &y1) in acc0.iter().zip(acc1) {
                emit(to_i16(y0));
                emit(to_i16(y1));
            }
        };
        let mut n = 0;
        while n + UP_BLOCK <= count {
            let (mut acc0, mut acc1) = ([0.0; UP_BLOCK], [0.0; UP_BLOCK]);
            fir_block_pair(taps, &self.buf[n..], &mut acc0, &mut acc1);
            emit_block(&acc0, &acc1);
            n += UP_BLOCK;
        }
        while n + SMALL_BLOCK <= count {
            let (mut acc0, mut acc1) = ([0.0; SMALL_BLOCK], [0.0; SMALL_BLOCK]);
            fir_block_pair(taps, &self.buf[n..], &mut acc0, &mut acc1);
            emit_block(&acc0, &acc1);
            n += SMALL_BLOCK;
        }
        for n in n..count {
            let window = &self.buf[n..n + UP_PHASE_LEN];
            emit_block(&[fir_one(0.0, even, window)], &[fir_one(0.0, odd, window)]);
        }
        self.buf.drain(..count);
    }
}

/// Streaming ÷3 downsampler, 24 kHz → 8 kHz (polyphase anti-aliasing low-pass).
///
/// Output n is `Σ_r Σ_k h[3k + r] · x[3n - 3k - r]`. The input is dealt into three streams,
/// stream r holding `s_r[m] = x[3m - r]`, so branch r is an ordinary convolution of stream r
/// and output n is due once `x[3n]` (= `s_0[n]`) has arrived.
#[derive(Debug, Clone)]
pub struct Downsampler24kTo8k {
    /// The three streams; `streams[r][0]` is `s_r[n - (DOWN_PHASE_LEN - 1)]` for the next output
    /// n. Streams 1 and 2 may run one sample ahead of stream 0.
    streams: [Vec<f32>; DOWN_FACTOR],
    /// The next input sample's index, modulo 3.
    phase: usize,
    /// The first byte of a PCM16LE sample split across calls of
    /// [`process_le_bytes_into`](Self::process_le_bytes_into).
    pending_byte: Option<u8>,
}

impl Default for Downsampler24kTo8k {
    fn default() -> Self {
        Self::new()
    }
}

impl Downsampler24kTo8k {
    /// A converter starting from silence.
    #[must_use]
    pub fn new() -> Self {
        // Stream 0 starts with s_0[-52..0]; streams 1 and 2 also hold s_r[0] = x[-r], from
        // before the start (silence).
        let streams = std::array::from_fn(|r| {
            let mut stream = Vec::with_capacity(DOWN_PHASE_LEN + 320);
            stream.resize(DOWN_PHASE_LEN - 1 + usize::from(r > 0), 0.0);
            stream
        });
        Self { streams, phase: 0, pending_byte: None }
    }

    /// Downsamples `input` (24 kHz); returns a third as many samples (8 kHz; the count varies
    /// by one from call to call when the input isn't a multiple of 3).
    #[must_use]
    pub fn process(&mut self, input: &[i16]) -> Vec<i16> {
        let mut out = Vec::with_capacity(input.len() / DOWN_FACTOR + 1);
        self.process_into(input, &mut out);
        out
    }

    /// Downsamples `input`, appending the output samples to `out`.
    pub fn process_into(&mut self, input: &[i16], out: &mut Vec<i16>) {
        out.reserve(input.len() / DOWN_FACTOR + 1);
        self.process_with(input.iter().copied(), |s| out.push(s));
    }

    /// Downsamples PCM16 little-endian bytes, appending the output samples to `out`. An odd
    /// trailing byte is kept and joined with the first byte of the next call.
    pub fn process_le_bytes_into(&mut self, pcm_le: &[u8], out: &mut Vec<i16>) {
        out.reserve(pcm_le.len() / (2 * DOWN_FACTOR) + 1);
        self.process_le_bytes_with(pcm_le, |s| out.push(s));
    }

    /// The group delay, in output (8 kHz) samples: output `n + latency` corresponds to input
    /// instant `3n`.
    #[must_use]
    pub fn latency_samples(&self) -> usize {
        (DOWN_PROTO_LEN - 1) / 2 / DOWN_FACTOR
    }

    /// Downsamples `input`, handing each output sample to `emit` in order.
    pub(crate) fn process_with(
        &mut self,
        input: impl IntoIterator<Item = i16>,
        emit: impl FnMut(i16),
    ) {
        for sample in input {
            self.push(sample);
        }
        self.run(emit);
    }

    /// [`process_le_bytes_into`](Self::process_le_bytes_into), handing each output sample to
    /// `emit` in order.
    pub(crate) fn process_le_bytes_with(&mut self, mut pcm_le: &[u8], emit: impl FnMut(i16)) {
        if let Some(low) = self.pending_byte.take() {
            let Some((&high, rest)) = pcm_le.split_first() else {
                self.pending_byte = Some(low);
                return;
            };
            self.push(i16::from_le_bytes([low, high]));
            pcm_le = rest;
        }
        let samples = pcm_le.chunks_exact(2);
        self.pending_byte = samples.remainder().first().copied();
        for bytes in samples {
            self.push(i16::from_le_bytes([bytes[0], bytes[1]]));
        }
        self.run(emit);
    }

    /// Deals one input sample to its stream: x[3m] to s_0[m], x[3m + 1] to s_2[m + 1],
    /// x[3m + 2] to s_1[m + 1].
    #[inline]
    fn push(&mut self, sample: i16) {
        const STREAM: [usize; DOWN_FACTOR] = [0, 2, 1];
        self.streams[STREAM[self.phase]].push(f32::from(sample));
        self.phase = if self.phase == DOWN_FACTOR - 1 { 0 } else { self.phase + 1 };
    }

    /// Emits every output whose inputs have all arrived, then drops what no later output needs.
    fn run(&mut self, mut emit: impl FnMut(i16)) {
        let taps = &*DOWN_TAPS;
        let [s0, s1, s2] = &self.streams;
        let count = s0.len() - (DOWN_PHASE_LEN - 1);
        let mut n = 0;
        while n + DOWN_BLOCK <= count {
            let mut acc = [0.0; DOWN_BLOCK];
            for (taps, stream) in taps.iter().zip([s0, s1, s2]) {
                fir_block(taps, &stream[n..], &mut acc);
            }
            acc.iter().for_each(|&y| emit(to_i16(y)));
            n += DOWN_BLOCK;
        }
        while n + SMALL_BLOCK <= count {
            let mut acc = [0.0; SMALL_BLOCK];
            for (taps, stream) in taps.iter().zip([s0, s1, s2]) {
                fir_block(taps, &stream[n..], &mut acc);
            }
            acc.iter().for_each(|&y| emit(to_i16(y)));
            n += SMALL_BLOCK;
        }
        for n in n..count {
            let y = taps
                .iter()
                .zip([s0, s1, s2])
                .fold(0.0, |acc, (taps, stream)| fir_one(acc, taps, &stream[n..]));
            emit(to_i16(y));
        }
        for stream in &mut self.streams {
            stream.drain(..count);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::test_util::{Lcg, db, frequency_hz, goertzel_amplitude, rms, sine};

    /// |H(f)| of real taps at `freq_hz`, sampled at `rate_hz`.
    fn magnitude(taps: &[f64], freq_hz: f64, rate_hz: f64) -> f64 {
        let w = 2.0 * std::f64::consts::PI * freq_hz / rate_hz;
        let (re, im) = taps.iter().enumerate().fold((0.0, 0.0), |(re, im), (i, &h)| {
            let phase = w * i as f64;
            (re + h * phase.cos(), im - h * phase.sin())
        });
        re.hypot(im)
    }

    /// (min, max) of the response in dB re `gain` over `from..=to` in steps of `step` Hz.
    fn response_range_db(
        taps: &[f64],
        rate_hz: f64,
        gain: f64,
        (from, to, step): (u32, u32, u32),
    ) -> (f64, f64) {
        (from..=to).step_by(step as usize).fold((f64::MAX, f64::MIN), |(lo, hi), f| {
            let level = db(magnitude(taps, f64::from(f), rate_hz) / gain);
            (lo.min(level), hi.max(level))
        })
    }

    #[test]
    fn upsampler_design_is_flat_to_3400_and_rejects_images() {
        let proto = kaiser_lowpass(UP_PROTO_LEN, UP_CUTOFF_HZ, UP_RATE_HZ, UP_BETA, 2.0);
        let (lo, hi) = response_range_db(&proto, UP_RATE_HZ, 2.0, (0, 3400, 10));
        // Images of a 0–3.4 kHz input land at 4.6–8 kHz.
        let (_, image) = response_range_db(&proto, UP_RATE_HZ, 2.0, (4600, 8000, 10));
        let (_, near) = response_range_db(&proto, UP_RATE_HZ, 2.0, (4200, 8000, 10));
        println!(
            "upsampler design: passband {lo:+.4}..{hi:+.4} dB, ≤ {image:.1} dB from 4.6 kHz, \
             ≤ {near:.1} dB from 4.2 kHz"
        );
        assert!(lo > -0.05 && hi < 0.05);
        assert!(image < -75.0 && near < -70.0);
        // The taps really used are the same filter, rounded to f32.
        let used: Vec<f64> = (0..UP_PROTO_LEN)
            .map(|i| f64::from(UP_TAPS[i % 2][UP_PHASE_LEN - 1 - i / 2]))
            .collect();
        for (a, b) in proto.iter().zip(&used) {
            assert!((a - b).abs() < 1e-6);
        }
        assert_eq!(UP_TAPS[1][0], 0.0);
    }

    #[test]
    fn downsampler_design_is_flat_to_3400_and_stops_from_4000() {
        let proto = kaiser_lowpass(DOWN_PROTO_LEN, DOWN_CUTOFF_HZ, DOWN_RATE_HZ, DOWN_BETA, 1.0);
        let (lo, hi) = response_range_db(&proto, DOWN_RATE_HZ, 1.0, (0, 3400, 10));
        let (_, stop) = response_range_db(&proto, DOWN_RATE_HZ, 1.0, (4000, 12000, 10));
        println!("downsampler design: passband {lo:+.4}..{hi:+.4} dB, ≤ {stop:.1} dB from 4 kHz");
        assert!(lo > -0.05 && hi < 0.05);
        assert!(stop < -60.0);
        // The branches really used are the same filter, rounded to f32.
        for (j, &h) in proto.iter().enumerate() {
            let used = DOWN_TAPS[j % DOWN_FACTOR][DOWN_PHASE_LEN - 1 - j / DOWN_FACTOR];
            assert!((h - f64::from(used)).abs() < 1e-6);
        }
        assert_eq!((DOWN_TAPS[1][0], DOWN_TAPS[2][0]), (0.0, 0.0));
    }

    /// Direct-form reference: `taps` over `input` (zeros before it), in f64.
    fn convolve(taps: &[f64], input: &[f64]) -> Vec<f64> {
        (0..input.len())
            .map(|n| {
                taps.iter()
                    .enumerate()
                    .filter(|&(j, _)| j <= n)
                    .map(|(j, h)| h * input[n - j])
                    .sum()
            })
            .collect()
    }

    #[test]
    fn upsampler_matches_direct_form_zero_stuff_and_filter() {
        let input = noise(1000, 5).iter().map(|&s| s / 2).collect::<Vec<_>>();
        let stuffed: Vec<f64> = input.iter().flat_map(|&s| [f64::from(s), 0.0]).collect();
        let proto = kaiser_lowpass(UP_PROTO_LEN, UP_CUTOFF_HZ, UP_RATE_HZ, UP_BETA, 2.0);
        let reference = convolve(&proto, &stuffed);
        let output = Upsampler8kTo16k::new().process(&input);
        assert_eq!(output.len(), reference.len());
        for (m, (&y, &r)) in output.iter().zip(&reference).enumerate() {
            assert!((f64::from(y) - r).abs() <= 1.0, "sample {m}: {y} vs {r:.2}");
        }
    }

    #[test]
    fn downsampler_matches_direct_form_filter_and_decimate() {
        let input = noise(3000, 6).iter().map(|&s| s / 2).collect::<Vec<_>>();
        let proto = kaiser_lowpass(DOWN_PROTO_LEN, DOWN_CUTOFF_HZ, DOWN_RATE_HZ, DOWN_BETA, 1.0);
        let filtered = convolve(&proto, &input.iter().map(|&s| f64::from(s)).collect::<Vec<_>>());
        let reference: Vec<f64> = filtered.iter().step_by(DOWN_FACTOR).copied().collect();
        let output = Downsampler24kTo8k::new().process(&input);
        assert_eq!(output.len(), reference.len());
        for (n, (&y, &r)) in output.iter().zip(&reference).enumerate() {
            assert!((f64::from(y) - r).abs() <= 1.0, "sample {n}: {y} vs {r:.2}");
        }
    }

    /// Chunk sizes from 1 to 400 (with 1 and 160 forced in), covering `len` exactly.
    fn random_chunks(len: usize, seed: u64) -> Vec<usize> {
        let mut rng = Lcg::new(seed);
        let mut sizes = vec![1, 160, 1, 1, 160];
        let mut total: usize = sizes.iter().sum();
        while total < len {
            let size = (1 + rng.next_u32() as usize % 400).min(len - total);
            sizes.push(size);
            total += size;
        }
        sizes
    }

    fn noise(len: usize, seed: u64) -> Vec<i16> {
        let mut rng = Lcg::new(seed);
        // Full scale, so saturation on overshoot is covered too.
        (0..len).map(|_| (rng.next_u32() >> 16) as u16 as i16).collect()
    }

    #[test]
    fn upsampler_keeps_frequency_and_level() {
        let input = sine(1000.0, 8000.0, 16384.0, 8000);
        let mut up = Upsampler8kTo16k::new();
        let output = up.process(&input);
        assert_eq!(output.len(), 16000);
        let steady = &output[up.latency_samples() + 200..];
        let freq = frequency_hz(steady, 16000.0);
        let gain = db(rms(steady) / rms(&input[100..]));
        println!("upsampler 1 kHz: {freq:.3} Hz, level {gain:+.4} dB");
        assert!((freq - 1000.0).abs() < 10.0, "{freq} Hz");
        assert!(gain.abs() < 1.0, "{gain} dB");
    }

    #[test]
    fn upsampler_output_is_aligned_by_its_latency() {
        let input = sine(700.0, 8000.0, 16384.0, 2000);
        let mut up = Upsampler8kTo16k::new();
        let output = up.process(&input);
        let latency = up.latency_samples();
        // The even outputs (after the delay) are the input samples, interpolated back.
        let worst = (200..input.len() - latency)
            .map(|n| (i32::from(output[2 * n + latency]) - i32::from(input[n])).abs())
            .max()
            .expect("samples");
        assert!(worst < 20, "worst error {worst}");
    }

    #[test]
    fn upsampler_passband_and_images_measured() {
        let mut worst_pass: (f64, f64) = (0.0, 0.0);
        let mut worst_image = f64::MIN;
        for f in (300..=3400).step_by(100) {
            let f = f64::from(f);
            let input = sine(f, 8000.0, 16384.0, 1600);
            let mut up = Upsampler8kTo16k::new();
            let output = up.process(&input);
            // 0.1 s after the filter has filled: a whole number of cycles of f and of 8000 - f.
            let steady = &output[1000..2600];
            let tone = goertzel_amplitude(steady, f, 16000.0);
            let image = goertzel_amplitude(steady, 8000.0 - f, 16000.0);
            let gain = db(tone / 16384.0);
            worst_pass = (worst_pass.0.min(gain), worst_pass.1.max(gain));
            worst_image = worst_image.max(db(image / tone));
        }
        println!(
            "upsampler measured: passband 300–3400 Hz {:+.3}..{:+.3} dB, images ≤ {worst_image:.1} dB",
            worst_pass.0, worst_pass.1
        );
        assert!(worst_pass.0 > -0.1 && worst_pass.1 < 0.1);
        assert!(worst_image < -60.0);
    }

    #[test]
    fn upsampler_chunked_equals_one_shot() {
        let input = noise(8000, 1);
        let whole = Upsampler8kTo16k::new().process(&input);
        for seed in 0..4 {
            let mut up = Upsampler8kTo16k::new();
            let mut chunked = Vec::new();
            let mut rest = &input[..];
            for size in random_chunks(input.len(), seed) {
                let (chunk, tail) = rest.split_at(size);
                up.process_into(chunk, &mut chunked);
                rest = tail;
            }
            up.process_into(&[], &mut chunked);
            assert_eq!(chunked, whole);
        }
    }

    #[test]
    fn downsampler_keeps_frequency_and_level() {
        let input = sine(1000.0, 24000.0, 16384.0, 24000);
        let mut down = Downsampler24kTo8k::new();
        let output = down.process(&input);
        assert_eq!(output.len(), 8000);
        let steady = &output[down.latency_samples() + 100..];
        let freq = frequency_hz(steady, 8000.0);
        let gain = db(rms(steady) / rms(&input[300..]));
        println!("downsampler 1 kHz: {freq:.3} Hz, level {gain:+.4} dB");
        assert!((freq - 1000.0).abs() < 10.0, "{freq} Hz");
        assert!(gain.abs() < 1.0, "{gain} dB");
    }

    #[test]
    fn downsampler_output_is_aligned_by_its_latency() {
        let input = sine(700.0, 24000.0, 16384.0, 6000);
        let mut down = Downsampler24kTo8k::new();
        let output = down.process(&input);
        let latency = down.latency_samples();
        let worst = (100..output.len() - latency)
            .map(|n| (i32::from(output[n + latency]) - i32::from(input[3 * n])).abs())
            .max()
            .expect("samples");
        assert!(worst < 20, "worst error {worst}");
    }

    #[test]
    fn downsampler_rejects_what_would_alias() {
        // 5 kHz at 24 kHz would fold to 3 kHz at 8 kHz.
        let input = sine(5000.0, 24000.0, 16384.0, 24000);
        let mut down = Downsampler24kTo8k::new();
        let output = down.process(&input);
        let steady = &output[down.latency_samples() + 100..];
        let attenuation = db(rms(&input) / rms(steady).max(1e-9));
        println!("downsampler 5 kHz: attenuated {attenuation:.1} dB");
        assert!(attenuation >= 40.0, "{attenuation} dB");
    }

    #[test]
    fn downsampler_passband_and_stopband_measured() {
        let level = |f: f64| {
            let input = sine(f, 24000.0, 16384.0, 3600);
            let output = Downsampler24kTo8k::new().process(&input);
            db(rms(&output[400..1200]) / (16384.0 / std::f64::consts::SQRT_2))
        };
        let pass = (300..=3400).step_by(100).map(|f| level(f64::from(f)));
        let (lo, hi) = pass.fold((f64::MAX, f64::MIN), |(lo, hi), l| (lo.min(l), hi.max(l)));
        // From just above 4 kHz (exactly 4 kHz lands on the new Nyquist, where RMS depends on
        // phase) to 12 kHz.
        let stop =
            (4050..=11950).step_by(100).map(|f| level(f64::from(f))).fold(f64::MIN, f64::max);
        println!(
            "downsampler measured: passband 300–3400 Hz {lo:+.3}..{hi:+.3} dB, \
             4.05–11.95 kHz ≤ {stop:.1} dB"
        );
        assert!(lo > -0.1 && hi < 0.1);
        assert!(stop < -50.0);
    }

    #[test]
    fn downsampler_chunked_equals_one_shot() {
        let input = noise(24000, 2);
        let whole = Downsampler24kTo8k::new().process(&input);
        assert_eq!(whole.len(), 8000);
        for seed in 0..4 {
            let mut down = Downsampler24kTo8k::new();
            let mut chunked = Vec::new();
            let mut rest = &input[..];
            for size in random_chunks(input.len(), seed) {
                let (chunk, tail) = rest.split_at(size);
                down.process_into(chunk, &mut chunked);
                rest = tail;
            }
            down.process_into(&[], &mut chunked);
            assert_eq!(chunked, whole);
        }
    }

    #[test]
    fn downsampler_bytes_with_odd_splits_equal_samples() {
        let input = noise(2400, 3);
        let whole = Downsampler24kTo8k::new().process(&input);
        let bytes: Vec<u8> = input.iter().flat_map(|s| s.to_le_bytes()).collect();
        let mut down = Downsampler24kTo8k::new();
        let mut out = Vec::new();
        let mut rest = &bytes[..];
        // Odd and even chunks, including single bytes and an empty call mid-sample.
        for size in random_chunks(bytes.len(), 9).into_iter().map(|s| s | 1) {
            let (chunk, tail) = rest.split_at(size.min(rest.len()));
            down.process_le_bytes_into(chunk, &mut out);
            down.process_le_bytes_into(&[], &mut out);
            rest = tail;
        }
        assert_eq!(out, whole);
    }

    #[test]
    #[ignore = "timing printout, not a check; run with --release --ignored --nocapture"]
    fn timing_per_20ms_frame() {
        use std::time::Instant;
        const FRAMES: u32 = 20_000;
        let ulaw = crate::audio::mulaw::encode(&sine(1000.0, 8000.0, 16384.0, 160));
        let mut up = Upsampler8kTo16k::new();
        let mut pcm = Vec::with_capacity(320);
        let start = Instant::now();
        for _ in 0..FRAMES {
            pcm.clear();
            up.process_with(ulaw.iter().map(|&c| crate::audio::mulaw::decode_sample(c)), |s| {
                pcm.push(s)
            });
            std::hint::black_box(&pcm);
        }
        let up_ns = start.elapsed().as_nanos() / u128::from(FRAMES);

        let model = sine(1000.0, 24000.0, 16384.0, 480);
        let mut down = Downsampler24kTo8k::new();
        let mut out = Vec::with_capacity(160);
        let start = Instant::now();
        for _ in 0..FRAMES {
            out.clear();
            down.process_with(model.iter().copied(), |s| {
                out.push(crate::audio::mulaw::encode_sample(s))
            });
            std::hint::black_box(&out);
        }
        let down_ns = start.elapsed().as_nanos() / u128::from(FRAMES);
        println!("per 20 ms frame: µ-law→16 kHz {up_ns} ns, 24 kHz→µ-law {down_ns} ns");
    }
}
