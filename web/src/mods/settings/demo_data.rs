//! Settings → General: clearing the demo workspace's sample month, for owners and admins.

use leptos::prelude::*;
use loquent_shared::Me;

use crate::api;
use crate::components::{ConfirmDelete, DangerZone, use_toasts};
use crate::mods::auth::session::use_session;

#[component]
pub fn ClearDemoData() -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let asking = RwSignal::new(false);
    let shown = Signal::derive(move || {
        session.can_configure() && session.member_with(|me| me.organization.demo_data)
    });
    let on_done = Callback::new(move |()| {
        asking.set(false);
        if let Some(me) = session.me() {
            let organization = loquent_shared::Organization { demo_data: false, ..me.organization };
            session.signed_in(Me { organization, ..me });
        }
        toasts.success("Demo data cleared");
    });
    view! {
        <div id="demo-data">
            <DangerZone
                title="Clear the demo data"
                description="Removes the sample month: its calls, recordings, contacts, to-dos, agent, analyzers, numbers and emails. What you added yourself stays."
                button="Clear demo data"
                can_delete=shown
                on_delete=Callback::new(move |()| asking.set(true))
            />
        </div>
        <Show when=move || asking.get()>
            <ConfirmDelete
                title="Clear the demo data?"
                button="Clear demo data"
                delete=api::organization::clear_demo_data
                on_close=Callback::new(move |()| asking.set(false))
                on_done=on_done
            >
                "The sample calls, contacts, to-dos and the rest of the demo month are deleted for everyone in your organization. This can't be undone."
            </ConfirmDelete>
        </Show>
    }
}
