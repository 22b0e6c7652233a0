//! A dialog over a dimmed backdrop; Escape or a click outside closes it.
//!
//! Each dialog is composed of `.modal-body` and `.modal-footer` blocks passed as children.

use leptos::prelude::*;

use super::icons::{Icon, Svg};

#[component]
pub fn Modal(
    /// The dialog's heading, also its accessible name.
    #[prop(into)]
    title: Signal<String>,
    on_close: Callback<()>,
    #[prop(optional)] danger: bool,
    /// While true, Escape and clicks outside don't close the dialog (e.g. a secret on show).
    #[prop(optional, into)]
    sticky: Signal<bool>,
    children: Children,
) -> impl IntoView {
    // Move focus into the dialog (unless a field in it took it already), so Escape and Tab work
    // from the start.
    let dialog_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let Some(dialog) = dialog_ref.get() else { return };
        let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
        let inside = active.is_some_and(|a| dialog.contains(Some(&a)));
        if !inside {
            let _ = dialog.focus();
        }
    });
    view! {
        <div
            class="modal-backdrop"
            on:click=move |ev| {
                if ev.target() == ev.current_target() && !sticky.get_untracked() {
                    on_close.run(());
                }
            }
            on:keydown=move |ev| {
                if ev.key() == "Escape" && !sticky.get_untracked() {
                    on_close.run(());
                }
            }
        >
            <div
                node_ref=dialog_ref
                tabindex="-1"
                class="modal"
                class:modal-danger=danger
                role="dialog"
                aria-modal="true"
                aria-labelledby="modal-title"
            >
                <div class="modal-header">
                    <div class="modal-heading">
                        {danger
                            .then(|| {
                                view! {
                                    <span class="modal-danger-icon" aria-hidden="true">
                                        <Svg icon=Icon::Warning />
                                    </span>
                                }
                            })}
                        <h2 class="modal-title" id="modal-title">
                            {title}
                        </h2>
                    </div>
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
