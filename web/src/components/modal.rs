//! A dialog over a dimmed backdrop; Escape or a click outside closes it.

use leptos::prelude::*;

use super::icons::{Icon, Svg};

#[component]
pub fn Modal(
    /// The dialog's heading, also its accessible name.
    #[prop(into)]
    title: Signal<String>,
    on_close: Callback<()>,
    #[prop(optional)] danger: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <div
            class="modal-backdrop"
            on:click=move |ev| {
                if ev.target() == ev.current_target() {
                    on_close.run(());
                }
            }
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    on_close.run(());
                }
            }
        >
            <div
                class="modal"
                class:modal-danger=danger
                role="dialog"
                aria-modal="true"
                aria-labelledby="modal-title"
            >
                <div class="modal-header">
                    <h2 class="modal-title" id="modal-title">
                        {title}
                    </h2>
                    <button
                        type="button"
                        class="icon-btn"
                        aria-label="Close"
                        on:click=move |_| on_close.run(())
                    >
                        <Svg icon=Icon::Close />
                    </button>
                </div>
                {children()}
            </div>
        </div>
    }
}
