//! Short confirmations ("Changes saved"), gone after a few seconds.
//!
//! A toast must never sit over a control someone needs next (a form's sticky "Create agent", a
//! dialog's buttons), so it shows in the top bar's band, where there is nothing to press but the
//! mobile menu button it stays clear of; one at a time (a newer one replaces it), one line high,
//! and only the toast itself takes the pointer.

use std::time::Duration;

use leptos::prelude::*;

use super::icons::{Icon, Svg};

#[derive(Debug, Clone, PartialEq, Eq)]
struct Toast {
    id: u64,
    message: String,
}

/// The app's toasts, provided as context by [`Toasts::provide`] and shown by [`Toaster`].
#[derive(Debug, Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Toasts {
    pub fn provide() {
        provide_context(Toasts { list: RwSignal::new(Vec::new()), next: StoredValue::new(0) });
    }

    /// Shows `message` for a few seconds, in place of any toast still showing.
    pub fn success(self, message: impl Into<String>) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.list.set(vec![Toast { id, message: message.into() }]);
        set_timeout(move || self.dismiss(id), Duration::from_millis(4500));
    }

    fn dismiss(self, id: u64) {
        // The toaster may be gone (signed out): then there is nothing to dismiss.
        let _ = self.list.try_update(|list| list.retain(|t| t.id != id));
    }
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

#[component]
pub fn Toaster() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toaster" role="status" aria-live="polite">
            <For each=move || toasts.list.get() key=|toast| toast.id let:toast>
                <div class="toast" data-testid="toast">
                    <Svg icon=Icon::CheckCircle class="toast-icon" />
                    <span class="toast-text" title=toast.message.clone()>
                        {toast.message.clone()}
                    </span>
                    <button
                        type="button"
                        class="icon-btn toast-close"
                        aria-label="Dismiss"
                        on:click=move |_| toasts.dismiss(toast.id)
                    >
                        <Svg icon=Icon::Close />
                    </button>
                </div>
            </For>
        </div>
    }
}
