//! The panel at the foot of a details page that deletes its record.

use leptos::prelude::*;

use super::icons::{Icon, Svg};

/// "Delete this agent", what follows from it, and the button that asks to confirm (the page
/// opens its [`super::ConfirmDelete`] on `on_delete`). Shown only to members who may delete.
#[component]
pub fn DangerZone(
    /// "Delete this agent"
    title: &'static str,
    /// What deleting it leaves behind: "Its numbers stay in Loquent, without an agent to answer
    /// them."
    description: &'static str,
    /// The button's words: "Delete agent".
    button: &'static str,
    #[prop(into)] can_delete: Signal<bool>,
    /// The button under the text rather than beside it, for a narrow column.
    #[prop(optional)]
    stacked: bool,
    on_delete: Callback<()>,
) -> impl IntoView {
    view! {
        <Show when=move || can_delete.get()>
            <section class="card panel danger-zone" aria-labelledby="danger-title">
                <div class="danger-row" class:danger-row-stacked=stacked>
                    <div>
                        <h2 class="panel-title" id="danger-title">
                            {title}
                        </h2>
                        <p class="panel-subtitle">{description}</p>
                    </div>
                    <button
                        type="button"
                        class="btn btn-secondary btn-danger-outline"
                        on:click=move |_| on_delete.run(())
                    >
                        <Svg icon=Icon::Trash />
                        {button}
                    </button>
                </div>
            </section>
        </Show>
    }
}
