//! Modules whose pages aren't built yet (to-dos): each says what will appear and what it needs first.

use leptos::prelude::*;

use crate::components::{EmptyState, Icon, Svg};

#[component]
fn ModuleEmpty(
    icon: Icon,
    title: &'static str,
    description: &'static str,
    #[prop(optional)] next: Option<(&'static str, &'static str)>,
) -> impl IntoView {
    view! {
        <div class="page">
            <div class="card panel panel-empty">
                <EmptyState icon=icon title=title description=description>
                    {next
                        .map(|(href, label)| {
                            view! {
                                <a class="btn btn-secondary" href=href>
                                    {label}
                                    <Svg icon=Icon::ArrowRight />
                                </a>
                            }
                        })}
                </EmptyState>
            </div>
        </div>
    }
}

#[component]
pub fn TodosPage() -> impl IntoView {
    view! {
        <ModuleEmpty
            icon=Icon::Todos
            title="Follow-ups will land here"
            description="When a caller asks for a callback, a quote or an appointment, Loquent turns it into a to-do for your team."
        />
    }
}
