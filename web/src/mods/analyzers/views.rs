//! Analyzer pages: the list, a new analyzer, an analyzer's settings.

use futures_util::future::join;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use loquent_shared::{Analyzer, AnalyzerInput};

use super::components::{AnalyzerCard, AnalyzerForm, DeleteAnalyzerDialog};
use crate::api::{self, ApiError};
use crate::components::{
    CardGridSkeleton, CreateLink, DangerZone, DetailsSkeleton, EmptyState, Icon, ListPage, Loaded,
    MissingState, PageHeader, ReadOnlyNote, id_param, use_toasts,
};
use crate::mods::auth::session::use_session;

#[component]
pub fn AnalyzerListView() -> impl IntoView {
    let session = use_session();
    let analyzers = LocalResource::new(move || async move { api::analyzers::list().await });
    let can_configure = Signal::derive(move || session.can_configure());
    let empty = move || {
        view! {
            <div class="card panel panel-empty">
                <EmptyState
                    icon=Icon::Analyzers
                    title="No analyzers yet"
                    description="Analyzers read each transcript and pull out what you care about: why people call, how it went, what happens next."
                >
                    <CreateLink href="/analyzers/new" label="Create your first analyzer" can_create=can_configure />
                </EmptyState>
            </div>
        }
    };

    view! {
        <ListPage
            title="Analyzers"
            subtitle="What Loquent learns from every call transcript."
            create=("/analyzers/new", "New analyzer")
            can_create=can_configure
        >
            <Loaded
                resource=analyzers
                fallback=|| view! { <CardGridSkeleton label="Loading analyzers" /> }
                error_title="Couldn't load your analyzers"
                is_empty=Vec::is_empty
                empty=empty
                let:list
            >
                <div class="card-grid" data-testid="analyzer-list">
                    {list.into_iter().map(|analyzer| view! { <AnalyzerCard analyzer=analyzer /> }).collect_view()}
                </div>
            </Loaded>
        </ListPage>
    }
}

#[component]
pub fn AnalyzerCreateView() -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let phones = LocalResource::new(move || async move { api::phones::list().await });
    let editable = Signal::derive(move || session.can_configure());
    let on_saved = Callback::new(move |analyzer: Analyzer| {
        toasts.success(format!("{} was created", analyzer.name));
        navigate("/analyzers", Default::default());
    });

    view! {
        <div class="page">
            <PageHeader
                title="New analyzer"
                subtitle=Signal::derive(|| "Ask a question of every call, and choose the numbers it applies to.".to_owned())
                back=("/analyzers", "Analyzers")
            />
            {move || (!editable.get()).then(|| view! { <ReadOnlyNote what="analyzers" /> })}
            <Loaded
                resource=phones
                fallback=|| view! { <DetailsSkeleton /> }
                error_title="Couldn't load your phone numbers"
                let:list
            >
                {
                    let initial = AnalyzerInput {
                        name: String::new(),
                        prompt: String::new(),
                        is_default: false,
                        is_active: true,
                        phone_number_ids: Vec::new(),
                    };
                    view! { <AnalyzerForm initial=initial phones=list editable=editable on_saved=on_saved /> }
                }
            </Loaded>
        </div>
    }
}

#[component]
pub fn AnalyzerDetailsView() -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let id = id_param();
    // The analyzer and the numbers to choose from load side by side; the analyzer's error
    // (a 404 above all) is the one shown.
    let loaded = LocalResource::new(move || async move {
        let analyzer = async move {
            match id.get() {
                Some(id) => api::analyzers::get(id).await,
                None => Err(ApiError::not_found()),
            }
        };
        let (analyzer, phones) = join(analyzer, api::phones::list()).await;
        Ok((analyzer?, phones?))
    });
    let editable = Signal::derive(move || session.can_configure());
    let deleting = RwSignal::new(None::<Analyzer>);
    let on_saved = Callback::new(move |_: Analyzer| {
        toasts.success("Changes saved");
        loaded.refetch();
    });
    let on_deleted = Callback::new(move |()| {
        let name = deleting.get_untracked().map(|a| a.name).unwrap_or_default();
        deleting.set(None);
        toasts.success(format!("{name} was deleted"));
        navigate("/analyzers", Default::default());
    });

    view! {
        <div class="page">
            <Loaded
                resource=loaded
                fallback=|| view! { <DetailsSkeleton /> }
                error_title="Couldn't load this analyzer"
                error_head=|| view! { <PageHeader title="Analyzer" back=("/analyzers", "Analyzers") /> }
                not_found=|| {
                    view! {
                        <MissingState
                            icon=Icon::Analyzers
                            title="This analyzer isn't here"
                            description="It may have been deleted, or it belongs to another organization."
                            back=("/analyzers", "Back to analyzers")
                        />
                    }
                }
                let:pair
            >
                {
                            let (loaded, phones) = pair;
                            let subtitle = match (loaded.is_active, loaded.is_default) {
                                (true, true) => "Active · assigned to every new number",
                                (true, false) => "Active",
                                (false, true) => "Paused · assigned to every new number",
                                (false, false) => "Paused",
                            };
                            let initial = AnalyzerInput {
                                name: loaded.name.clone(),
                                prompt: loaded.prompt.clone(),
                                is_default: loaded.is_default,
                                is_active: loaded.is_active,
                                phone_number_ids: loaded.phone_number_ids.clone(),
                            };
                            let for_delete = loaded.clone();
                            view! {
                                <PageHeader
                                    title=loaded.name.clone()
                                    subtitle=Signal::derive(move || subtitle.to_owned())
                                    back=("/analyzers", "Analyzers")
                                />
                                {move || (!editable.get()).then(|| view! { <ReadOnlyNote what="analyzers" /> })}
                                <AnalyzerForm
                                    initial=initial
                                    phones=phones
                                    analyzer_id=loaded.id
                                    editable=editable
                                    on_saved=on_saved
                                />
                                <DangerZone
                                    title="Delete this analyzer"
                                    description="New calls won't be analyzed with it."
                                    button="Delete analyzer"
                                    can_delete=editable
                                    on_delete=Callback::new(move |()| deleting.set(Some(for_delete.clone())))
                                />
                            }
                }
            </Loaded>
            {move || {
                deleting
                    .get()
                    .map(|analyzer| {
                        view! {
                            <DeleteAnalyzerDialog
                                analyzer=analyzer
                                on_close=Callback::new(move |()| deleting.set(None))
                                on_deleted=on_deleted
                            />
                        }
                    })
            }}
        </div>
    }
}
