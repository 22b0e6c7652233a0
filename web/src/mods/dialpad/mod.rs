//! The dial pad: staff call anyone from the browser, through Twilio's Voice SDK.
//!
//! Pages open it with [`DialPad::open`] ("New call" on Calls, "Call" on a contact's number). The
//! app's frame holds it ([`DialPadHost`]), outside the routed page, so a call goes on while
//! its caller moves between pages. Its code and the SDK are fetched the first time it opens: the
//! panel is a split of its own ([`panel`]) and the SDK is `web/dist/voice.js` ([`phone`]).

pub mod number;
mod panel;
pub mod phase;
mod phone;

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use uuid::Uuid;

use crate::api::ApiError;
use crate::components::{ErrorBanner, Icon, Svg};

/// Whom to call, as a page asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialRequest {
    /// What to put in the number field (anything typed; empty for a blank pad).
    pub number: String,
    /// The contact the call is with, and their name (the call is recorded against them).
    pub contact: Option<(Uuid, String)>,
}

/// The app's one dial pad, shared through context.
#[derive(Clone, Copy)]
pub struct DialPad {
    /// The latest request to open the pad; the panel takes it.
    request: RwSignal<Option<DialRequest>>,
    /// Whether the panel is showing (it stays mounted, with its call, while hidden).
    open: RwSignal<bool>,
    /// Set at the first request: from then on the panel's code is fetched and mounted.
    wanted: RwSignal<bool>,
}

impl DialPad {
    pub fn provide() -> DialPad {
        let pad = DialPad {
            request: RwSignal::new(None),
            open: RwSignal::new(false),
            wanted: RwSignal::new(false),
        };
        provide_context(pad);
        pad
    }

    /// Opens the pad with this number (and contact) ready to call.
    pub fn open(self, number: impl Into<String>, contact: Option<(Uuid, String)>) {
        self.request.set(Some(DialRequest { number: number.into(), contact }));
        // Once only: setting it again would mount a second panel and drop the call.
        if !self.wanted.get_untracked() {
            self.wanted.set(true);
        }
        self.open.set(true);
    }
}

/// The dial pad, from anywhere inside the app's frame.
pub fn use_dial_pad() -> Option<DialPad> {
    use_context::<DialPad>()
}

/// "New call": opens a blank dial pad (members and up; the server checks too).
#[component]
pub fn NewCallButton() -> impl IntoView {
    let pad = use_dial_pad();
    view! {
        <button
            type="button"
            class="btn btn-primary"
            data-testid="new-call"
            on:click=move |_| {
                if let Some(pad) = pad {
                    pad.open(String::new(), None);
                }
            }
        >
            <Svg icon=Icon::Handset />
            "New call"
        </button>
    }
}

#[wasm_split(dial_pad, wasm_split_path = ::leptos::wasm_split, fallible)]
fn dial_pad(pad: DialPad) -> Result<AnyView, SplitLoaderError> {
    Ok(view! {
        <panel::DialPadPanel request=pad.request open=pad.open />
    }
    .into_any())
}

/// Where the dial pad lives in the app's frame: nothing until it's first asked for, then the
/// panel, once its code has come. (No `Suspense`: the frame is in every page's first load, and
/// this is all the waiting it needs.)
#[component]
pub fn DialPadHost(pad: DialPad) -> impl IntoView {
    let panel = StoredValue::new_local(None::<AnyView>);
    let arrived = RwSignal::new(false);
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) || !pad.wanted.get() {
            return started.unwrap_or(false);
        }
        leptos::task::spawn_local(async move {
            let view = dial_pad(pad).await.unwrap_or_else(|_| {
                view! {
                    <aside class="dialpad" aria-label="Dial pad" data-testid="dial-pad" hidden=move || !pad.open.get()>
                        <ErrorBanner error=ApiError::network() title="The dial pad couldn't be loaded" />
                    </aside>
                }
                .into_any()
            });
            panel.set_value(Some(view));
            arrived.set(true);
        });
        true
    });
    // `arrived` changes once, so the view is taken once.
    move || arrived.get().then(|| panel.try_update_value(Option::take).flatten())
}
