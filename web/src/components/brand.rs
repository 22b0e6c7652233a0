//! The Loquent mark and wordmark.

use leptos::prelude::*;

/// The mark: a rounded tile with a voice waveform.
#[component]
pub fn LogoMark(#[prop(default = 28)] size: u32) -> impl IntoView {
    view! {
        <svg
            class="logo-mark"
            width=size
            height=size
            viewBox="0 0 32 32"
            aria-hidden="true"
            inner_html=r##"<defs><linearGradient id="lq-mark" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#6e56f8"/><stop offset="1" stop-color="#a855f7"/></linearGradient></defs><rect width="32" height="32" rx="8" fill="url(#lq-mark)"/><g stroke="#fff" stroke-width="2.75" stroke-linecap="round"><path d="M8 14v4"/><path d="M12 10.5v11"/><path d="M16 8v16"/><path d="M20 11.5v9"/><path d="M24 14v4"/></g>"##
        ></svg>
    }
}

/// Mark and name, linking home.
#[component]
pub fn Logo(#[prop(default = 28)] size: u32) -> impl IntoView {
    view! {
        <span class="logo">
            <LogoMark size=size />
            <span class="logo-word">"Loquent"</span>
        </span>
    }
}
