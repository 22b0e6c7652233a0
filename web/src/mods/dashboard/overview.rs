//! The figures for the dates chosen: the cards, call volume, to-dos by status and the weekly
//! rhythm, from one request.

use leptos::prelude::*;
use loquent_shared::Dashboard;

use super::heatmap::Heatmap;
use super::stats::StatCards;
use super::todo_chart::TodosByStatus;
use super::volume::VolumeChart;
use crate::api::ApiResult;
use crate::components::Loaded;

#[component]
pub fn Overview(figures: LocalResource<ApiResult<Dashboard>>) -> impl IntoView {
    view! {
        <Loaded
            resource=figures
            fallback=|| view! { <div class="skeleton overview-skeleton" aria-hidden="true"></div> }
            error_title="Couldn't load the figures"
            let:d
        >
            <StatCards stats=d.stats />
            <div class="grid grid-2-1">
                <section class="card panel" aria-labelledby="volume-title">
                    <div class="panel-head">
                        <h2 class="panel-title" id="volume-title">"Call volume"</h2>
                    </div>
                    <VolumeChart volume=d.volume bucket=d.bucket />
                </section>
                <section class="card panel" aria-labelledby="todos-title">
                    <div class="panel-head">
                        <h2 class="panel-title" id="todos-title">"To-dos"</h2>
                        <a class="link-muted" href="/todos">"View all"</a>
                    </div>
                    <TodosByStatus counts=d.todos />
                </section>
            </div>
            <section class="card panel" aria-labelledby="heatmap-title">
                <div class="panel-head">
                    <h2 class="panel-title" id="heatmap-title">"When callers call"</h2>
                </div>
                <Heatmap cells=d.heatmap timezone=d.timezone />
            </section>
        </Loaded>
    }
}
