//! The Todos page: tabs by status (with counts), filters by type and assignee, and the list.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use loquent_shared::Todo;
use uuid::Uuid;

use super::feed::TodoFeed;
use super::tabs::Tab;
use crate::api::{self, todos::TodoQuery};
use crate::components::{Icon, PageHeader, Svg};
use crate::mods::auth::session::use_session;

/// The page's address with `key` set to `value` (or removed when empty), the rest kept.
fn with_param(params: &[(&str, String)], key: &str, value: &str) -> String {
    let mut search: Vec<String> = params
        .iter()
        .filter(|(k, v)| *k != key && !v.is_empty())
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if !value.is_empty() {
        search.push(format!("{key}={value}"));
    }
    search.sort();
    if search.is_empty() { "/todos".to_owned() } else { format!("/todos?{}", search.join("&")) }
}

#[component]
pub fn TodosPage() -> impl IntoView {
    let session = use_session();
    let query_map = use_query_map();
    let param = move |key: &str| query_map.with(|q| q.get(key).unwrap_or_default());
    let tab = Memo::new(move |_| Tab::from_slug(&param("tab")));
    let params = move || ["tab", "type", "assignee", "contact"].map(|k| (k, param(k))).to_vec();
    let query = Memo::new(move |_| TodoQuery {
        statuses: tab.get().statuses(),
        todo_type_id: param("type").parse::<Uuid>().ok(),
        assignee_id: param("assignee").parse::<Uuid>().ok(),
        contact_id: param("contact").parse::<Uuid>().ok(),
        ..Default::default()
    });
    let counts = LocalResource::new(|| async { api::todos::counts().await.ok() });
    let types = LocalResource::new(|| async { api::todos::types().await.unwrap_or_default() });
    let members =
        LocalResource::new(|| async { api::organization::members().await.unwrap_or_default() });
    let on_change = Callback::new(move |_: Todo| counts.refetch());
    let navigate = leptos_router::hooks::use_navigate();
    let go = move |key: &'static str, value: String| {
        let href = with_param(&params(), key, &value);
        navigate(
            &href,
            leptos_router::NavigateOptions { replace: true, scroll: false, ..Default::default() },
        );
    };
    let go_type = go.clone();

    let tabs = move || {
        Tab::ALL
            .into_iter()
            .map(|t| {
                let href =
                    with_param(&params(), "tab", if t == Tab::Review { "" } else { t.slug() });
                let count = move || {
                    counts.get().flatten().map(|c| t.count(&c)).filter(|n| *n > 0).map(|n| {
                        view! { <span class="tab-count">{n}</span> }
                    })
                };
                view! {
                    <a
                        class="tab"
                        href=href
                        aria-current=move || (tab.get() == t).then_some("page")
                        data-testid=format!("todo-tab-{}", t.slug())
                    >
                        {t.label()}
                        {count}
                    </a>
                }
            })
            .collect_view()
    };
    let type_options = move || {
        let current = param("type");
        let mut options = vec![
            view! { <option value="" selected=current.is_empty()>"All types"</option> }.into_any(),
        ];
        for t in types.get().unwrap_or_default() {
            let id = t.id.to_string();
            let selected = id == current;
            options.push(view! { <option value=id selected=selected>{t.name}</option> }.into_any());
        }
        options
    };
    let member_options = move || {
        let current = param("assignee");
        let mut options = vec![
            view! { <option value="" selected=current.is_empty()>"Anyone"</option> }.into_any(),
        ];
        for m in members.get().unwrap_or_default() {
            let id = m.id.to_string();
            let selected = id == current;
            options.push(view! { <option value=id selected=selected>{m.name}</option> }.into_any());
        }
        options
    };
    let contact_filter = move || {
        let contact = param("contact");
        (!contact.is_empty()).then(|| {
            let href = with_param(&params(), "contact", "");
            view! {
                <a class="chip filter-chip" href=href aria-label="Show every contact's to-dos">
                    <Svg icon=Icon::User />
                    <span>"One contact"</span>
                    <Svg icon=Icon::Close />
                </a>
            }
        })
    };

    view! {
        <div class="page">
            <PageHeader
                title="To-dos"
                subtitle=Signal::derive(|| {
                    "Follow-ups Loquent found in your calls. Approve what should happen; Loquent sends the emails."
                        .to_owned()
                })
            >
                {move || {
                    session
                        .can_configure()
                        .then(|| {
                            view! {
                                <a class="btn btn-secondary" href="/todos/types">
                                    <Svg icon=Icon::Settings />
                                    "To-do types"
                                </a>
                            }
                        })
                }}
            </PageHeader>
            <nav class="tabs" aria-label="To-dos by status">{tabs}</nav>
            <section class="card panel list-panel" aria-label="To-dos">
                <div class="filters todo-filters">
                    <div class="field">
                        <label class="field-label" for="todo-type-filter">"Type"</label>
                        <select
                            class="input select"
                            id="todo-type-filter"
                            on:change=move |ev| go_type("type", event_target_value(&ev))
                        >
                            {type_options}
                        </select>
                    </div>
                    <div class="field">
                        <label class="field-label" for="todo-assignee-filter">"Assigned to"</label>
                        <select
                            class="input select"
                            id="todo-assignee-filter"
                            on:change=move |ev| go("assignee", event_target_value(&ev))
                        >
                            {member_options}
                        </select>
                    </div>
                    {contact_filter}
                </div>
                <TodoFeed
                    query=query
                    error_title="Couldn't load your to-dos"
                    empty=Signal::derive(move || tab.get().empty())
                    on_change=on_change
                />
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::with_param;

    #[test]
    fn a_filter_changes_its_own_parameter_and_keeps_the_others() {
        let params = [("tab", "open".to_owned()), ("type", String::new())];
        assert_eq!(with_param(&params, "type", "t1"), "/todos?tab=open&type=t1");
        assert_eq!(with_param(&params, "tab", ""), "/todos");
    }
}
