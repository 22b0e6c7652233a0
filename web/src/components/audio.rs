//! Playing call recordings: a play button for lists, a player with a seek bar for a call's page.
//!
//! Only one recording plays at a time: [`Playback`] (app-wide context) remembers which track
//! started last, and every other track pauses itself.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::feedback::Spinner;
use super::icons::{Icon, Svg};
use crate::util;

/// Which track is playing, app-wide. Provided by the app root.
#[derive(Debug, Clone, Copy)]
pub struct Playback {
    current: RwSignal<Option<u64>>,
    next: StoredValue<u64>,
}

impl Playback {
    pub fn provide() {
        provide_context(Playback { current: RwSignal::new(None), next: StoredValue::new(0) });
    }
}

/// One recording's `<audio>` element and what it is doing.
#[derive(Debug, Clone, Copy)]
pub struct Track {
    id: u64,
    node: NodeRef<leptos::html::Audio>,
    playing: RwSignal<bool>,
    loading: RwSignal<bool>,
    position: RwSignal<f64>,
    length: RwSignal<f64>,
    failed: RwSignal<bool>,
}

impl Track {
    /// `expected`: the call's length in seconds, shown until the recording tells its own.
    pub fn new(expected: Option<i32>) -> Track {
        let playback = expect_context::<Playback>();
        let id = playback.next.get_value();
        playback.next.set_value(id + 1);
        let track = Track {
            id,
            node: NodeRef::new(),
            playing: RwSignal::new(false),
            loading: RwSignal::new(false),
            position: RwSignal::new(0.0),
            length: RwSignal::new(expected.map_or(0.0, f64::from)),
            failed: RwSignal::new(false),
        };
        // Another track started: this one stops.
        Effect::new(move |_| {
            let other_started = playback.current.get().is_some_and(|current| current != id);
            if other_started && track.playing.get_untracked() {
                track.pause();
            }
        });
        on_cleanup(move || {
            if playback.current.try_get_untracked().flatten() == Some(id) {
                playback.current.try_set(None);
            }
        });
        track
    }

    pub fn is_playing(self) -> bool {
        self.playing.get()
    }

    /// Plays, or pauses when playing.
    pub fn toggle(self) {
        let Some(audio) = self.node.get_untracked() else { return };
        if !audio.paused() {
            self.pause();
            return;
        }
        self.failed.set(false);
        self.loading.set(true);
        match audio.play() {
            // The promise fails when a pause interrupts the start, or the audio can't load (the
            // `error` event says so); awaited so the browser doesn't report it as unhandled.
            Ok(promise) => spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            }),
            Err(_) => {
                self.loading.set(false);
                self.failed.set(true);
            }
        }
    }

    fn pause(self) {
        if let Some(audio) = self.node.get_untracked() {
            let _ = audio.pause();
        }
    }

    /// Jumps to `seconds` from the start.
    pub fn seek(self, seconds: f64) {
        if let Some(audio) = self.node.get_untracked() {
            audio.set_current_time(seconds);
        }
        self.position.set(seconds);
    }

    /// How far it has played, 0–100 (tracked).
    pub fn percent(self) -> f64 {
        let length = self.length.get();
        if length > 0.0 { (self.position.get() / length * 100.0).clamp(0.0, 100.0) } else { 0.0 }
    }

    /// Whether it has started (playing, or paused part-way).
    pub fn started(self) -> bool {
        self.playing.get() || self.position.get() > 0.0
    }

    fn read_length(self) {
        if let Some(audio) = self.node.get_untracked() {
            let length = audio.duration();
            if length.is_finite() && length > 0.0 {
                self.length.set(length);
            }
        }
    }

    /// The hidden `<audio>` element; `preload`: `none` in lists, `metadata` on a call's page.
    pub fn audio(self, src: String, preload: &'static str) -> impl IntoView {
        let playback = expect_context::<Playback>();
        view! {
            <audio
                node_ref=self.node
                src=src
                preload=preload
                on:play=move |_| {
                    self.playing.set(true);
                    playback.current.set(Some(self.id));
                }
                on:playing=move |_| self.loading.set(false)
                on:waiting=move |_| self.loading.set(true)
                on:pause=move |_| {
                    self.playing.set(false);
                    self.loading.set(false);
                }
                on:ended=move |_| self.playing.set(false)
                on:timeupdate=move |_| {
                    if let Some(audio) = self.node.get_untracked() {
                        self.position.set(audio.current_time());
                    }
                }
                on:loadedmetadata=move |_| self.read_length()
                on:durationchange=move |_| self.read_length()
                on:error=move |_| {
                    self.failed.set(true);
                    self.playing.set(false);
                    self.loading.set(false);
                }
            ></audio>
        }
    }
}

/// A round ▷ / ❚❚ button for `track`; `unavailable` says why there's nothing to play. Both
/// follow the call: a live list names the caller, and offers the recording, once they're known.
#[component]
pub fn PlayButton(
    track: Track,
    /// What plays, for screen readers: "Play the call with Grace Hopper".
    #[prop(into)]
    label: Signal<String>,
    #[prop(into, optional)] unavailable: Signal<Option<&'static str>>,
    #[prop(optional)] large: bool,
) -> impl IntoView {
    let aria_label = move || {
        let label = label.get();
        if track.playing.get() { label.replacen("Play", "Pause", 1) } else { label }
    };
    let title = move || {
        if let Some(reason) = unavailable.get() {
            reason
        } else if track.failed.get() {
            "The recording couldn't be played"
        } else if track.playing.get() {
            "Pause"
        } else {
            "Play recording"
        }
    };
    view! {
        <button
            type="button"
            class="play-btn"
            class:play-btn-lg=large
            class:is-playing=move || track.playing.get()
            class:is-failed=move || track.failed.get()
            data-testid="play-button"
            disabled=move || unavailable.with(Option::is_some)
            aria-label=aria_label
            aria-pressed=move || track.playing.get().to_string()
            title=title
            on:click=move |ev| {
                ev.stop_propagation();
                track.toggle();
            }
        >
            {move || {
                if track.loading.get() && track.playing.get() {
                    view! { <Spinner /> }.into_any()
                } else if track.playing.get() {
                    view! { <Svg icon=Icon::Pause /> }.into_any()
                } else {
                    view! { <Svg icon=Icon::Play /> }.into_any()
                }
            }}
        </button>
    }
}

/// A thin line along the bottom of a row, filling as `track` plays.
#[component]
pub fn ProgressLine(track: Track) -> impl IntoView {
    view! {
        <span class="play-line" class:is-visible=move || track.started() aria-hidden="true">
            <span class="play-line-fill" style:width=move || format!("{}%", util::fixed(track.percent(), 2))></span>
        </span>
    }
}

/// A recording's player: play/pause, a seek bar and the time.
#[component]
pub fn AudioPlayer(
    src: String,
    /// The call's length in seconds, until the recording tells its own.
    expected: Option<i32>,
    #[prop(into)] label: String,
) -> impl IntoView {
    let track = Track::new(expected);
    let on_seek = move |ev: leptos::ev::Event| {
        if let Some(seconds) = util::parse_number(&event_target_value(&ev)) {
            track.seek(seconds);
        }
    };
    view! {
        <div class="player" data-testid="player">
            {track.audio(src, "metadata")}
            <PlayButton track=track label=label large=true />
            <div class="player-body">
                <input
                    type="range"
                    class="seek"
                    aria-label="Seek"
                    min="0"
                    step="0.1"
                    max=move || util::fixed(track.length.get().max(0.1), 2)
                    prop:value=move || util::fixed(track.position.get(), 2)
                    // A CSS variable set through the CSSOM: the Content-Security-Policy allows
                    // no `style` attributes.
                    style=("--progress", move || format!("{}%", util::fixed(track.percent(), 2)))
                    on:input=on_seek
                />
                <div class="player-times">
                    <span data-testid="player-position">{move || util::duration(track.position.get())}</span>
                    <span>{move || util::duration(track.length.get())}</span>
                </div>
                {move || {
                    track
                        .failed
                        .get()
                        .then(|| {
                            view! {
                                <p class="field-message field-error" role="alert">
                                    <Svg icon=Icon::Alert class="field-message-icon" />
                                    <span>"The recording couldn't be played. Try again in a moment."</span>
                                </p>
                            }
                        })
                }}
            </div>
        </div>
    }
}
