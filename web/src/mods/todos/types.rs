//! To-do types: what Loquent looks for in calls, and what it does once one is approved. Admins
//! change them; everyone can see them.

use leptos::prelude::*;
use loquent_shared::{TodoAction, TodoType};

use super::type_form::TodoTypeDialog;
use crate::api;
use crate::components::{
    ConfirmDelete, EmptyState, Icon, Loaded, PageHeader, Svg, gone_is_deleted, use_toasts,
};
use crate::mods::auth::session::use_session;

/// What a type does when approved, in words.
fn does(kind: &TodoType) -> String {
    let what = match (kind.action, kind.action_email.as_deref()) {
        (TodoAction::SendEmail, Some(to)) => format!("Emails {to}"),
        (action, _) => action.label().to_owned(),
    };
    if kind.auto_approve { format!("{what}, without review") } else { what }
}

#[component]
pub fn TodoTypesPage() -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let types = LocalResource::new(|| async { api::todos::types().await });
    // `Some(None)`: a new type's dialog; `Some(Some(t))`: t's.
    let editing = RwSignal::new(None::<Option<TodoType>>);
    let deleting = RwSignal::new(None::<TodoType>);
    let can_configure = move || session.can_configure();
    let row = move |kind: TodoType| {
        let (edit, delete) = (kind.clone(), kind.clone());
        view! {
            <li class="type-row" data-testid="todo-type">
                <div class="type-main">
                    <h3 class="type-name">{kind.name.clone()}</h3>
                    <p class="type-description">{kind.description.clone()}</p>
                </div>
                <span class="chip">
                    <Svg icon=if kind.action == TodoAction::None { Icon::Todos } else { Icon::Mail } />
                    <span>{does(&kind)}</span>
                </span>
                {can_configure()
                    .then(|| {
                        view! {
                            <div class="type-actions">
                                <button
                                    type="button"
                                    class="btn btn-ghost btn-sm"
                                    aria-label=format!("Edit {}", kind.name)
                                    on:click=move |_| editing.set(Some(Some(edit.clone())))
                                >
                                    <Svg icon=Icon::Pencil />
                                </button>
                                <button
                                    type="button"
                                    class="btn btn-ghost btn-sm"
                                    aria-label=format!("Delete {}", kind.name)
                                    on:click=move |_| deleting.set(Some(delete.clone()))
                                >
                                    <Svg icon=Icon::Trash />
                                </button>
                            </div>
                        }
                    })}
            </li>
        }
    };

    view! {
        <div class="page">
            <PageHeader
                title="To-do types"
                subtitle=Signal::derive(|| {
                    "What Loquent looks for in every call, and what it does once you approve one.".to_owned()
                })
                back=("/todos", "To-dos")
            >
                {move || {
                    can_configure()
                        .then(|| {
                            view! {
                                <button type="button" class="btn btn-primary" on:click=move |_| editing.set(Some(None))>
                                    <Svg icon=Icon::Plus />
                                    "New type"
                                </button>
                            }
                        })
                }}
            </PageHeader>
            <section class="card panel list-panel" aria-label="To-do types">
                <Loaded
                    resource=types
                    fallback=|| view! { <div class="todo-skeleton skeleton" aria-label="Loading to-do types"></div> }
                    error_title="Couldn't load the to-do types"
                    in_panel=true
                    is_empty=Vec::is_empty
                    empty=|| view! {
                        <div class="list-empty">
                            <EmptyState icon=Icon::Todos title="No to-do types" description="Without types, Loquent looks for no follow-ups. Add one to start." />
                        </div>
                    }
                    let:list
                >
                    <ul class="type-list">{list.into_iter().map(row).collect_view()}</ul>
                </Loaded>
            </section>
            {move || {
                editing
                    .get()
                    .map(|kind| {
                        view! {
                            <TodoTypeDialog
                                kind=kind
                                on_saved=Callback::new(move |saved: TodoType| {
                                    toasts.success(format!("{} saved", saved.name));
                                    editing.set(None);
                                    types.refetch();
                                })
                                on_close=Callback::new(move |()| editing.set(None))
                            />
                        }
                    })
            }}
            {move || {
                deleting
                    .get()
                    .map(|kind| {
                        let id = kind.id;
                        view! {
                            <ConfirmDelete
                                title=format!("Delete {}?", kind.name)
                                button="Delete type"
                                delete=move || async move { gone_is_deleted(api::todos::delete_type(id).await) }
                                on_close=Callback::new(move |()| deleting.set(None))
                                on_done=Callback::new(move |()| {
                                    deleting.set(None);
                                    types.refetch();
                                })
                            >
                                "Loquent stops looking for it in new calls. Its to-dos stay, without a type."
                            </ConfirmDelete>
                        }
                    })
            }}
        </div>
    }
}
