//! The dialog that confirms deleting something: what goes, Cancel, and the red button.

use std::future::Future;

use leptos::prelude::*;

use super::feedback::{ErrorBanner, Spinner};
use super::modal::Modal;
use crate::api::{ApiError, ApiResult};

/// Asks before deleting. `delete` sends the request; what it answers goes to `on_done`, and its
/// error stays in the dialog. While the request runs, the dialog can't be dismissed.
#[component]
pub fn ConfirmDelete<T, D, Fut>(
    /// "Delete this agent?"
    #[prop(into)]
    title: String,
    /// The red button's words: "Delete agent".
    button: &'static str,
    /// The button's words while the request runs.
    #[prop(default = "Deleting…")]
    pending_button: &'static str,
    delete: D,
    on_close: Callback<()>,
    on_done: Callback<T>,
    /// What will be deleted and what follows from it.
    children: Children,
) -> impl IntoView
where
    T: 'static,
    D: Fn() -> Fut + 'static,
    Fut: Future<Output = ApiResult<T>> + 'static,
{
    let action = Action::new_local(move |(): &()| {
        let request = delete();
        async move {
            match request.await {
                Ok(answer) => {
                    on_done.run(answer);
                    None
                }
                Err(error) => Some(error),
            }
        }
    });
    let pending = action.pending();
    let error = move || action.value().get().flatten();

    view! {
        <Modal title=title on_close=on_close danger=true sticky=pending>
            <div class="modal-body">
                <p class="modal-text">{children()}</p>
                {move || error().map(|error| view! { <ErrorBanner error=error /> })}
            </div>
            <div class="modal-footer">
                <button type="button" class="btn btn-secondary" on:click=move |_| on_close.run(())>
                    "Cancel"
                </button>
                <button
                    type="button"
                    class="btn btn-danger"
                    disabled=move || pending.get()
                    aria-busy=move || pending.get().to_string()
                    on:click=move |_| {
                        action.dispatch(());
                    }
                >
                    {move || pending.get().then(|| view! { <Spinner /> })}
                    <span>{move || if pending.get() { pending_button } else { button }}</span>
                </button>
            </div>
        </Modal>
    }
}

/// A deletion whose target is already gone (deleted elsewhere, a moment ago) did what was asked.
pub fn gone_is_deleted(result: ApiResult<()>) -> ApiResult<()> {
    match result {
        Err(ApiError { status: 404, .. }) => Ok(()),
        other => other,
    }
}
