//! A dialog over a dimmed backdrop; Escape or a click outside closes it.
//!
//! Focus stays with the dialog: it moves in when the dialog opens, comes back in when a button
//! that held it was disabled (a request in flight) and let go, and returns to whatever opened the
//! dialog when it closes. Escape is heard on the window, so it works wherever focus went.
//!
//! Each dialog is composed of `.modal-body` and `.modal-footer` blocks passed as children.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::icons::{Icon, Svg};

fn active_element() -> Option<web_sys::Element> {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element())
}

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
    // Whatever had focus when the dialog opened gets it back when the dialog goes.
    let opener = StoredValue::new_local(
        active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
    );
    on_cleanup(move || {
        if let Some(Some(opener)) = opener.try_get_value()
            && opener.is_connected()
        {
            let _ = opener.focus();
        }
    });
    let escape = window_event_listener(ev::keydown, move |ev| {
        if ev.key() == "Escape" && !sticky.get_untracked() {
            on_close.run(());
        }
    });
    on_cleanup(move || escape.remove());

    // Move focus into the dialog (unless a field in it took it already), so Escape and Tab work
    // from the start, and again whenever it ends up outside while the dialog is open (the
    // button that had it was disabled while a request ran).
    let dialog_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let _settled = !sticky.get();
        let Some(dialog) = dialog_ref.get() else { return };
        let inside = active_element().is_some_and(|a| dialog.contains(Some(&a)));
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
