//! The range's to-dos by where they stand: one bar split by tab (to review, open, done,
//! rejected), and a line per tab with its count, linking to it.

use leptos::prelude::*;
use loquent_shared::TodoCounts;

use crate::mods::todos::tabs::Tab;

const SHOWN: [Tab; 4] = [Tab::Review, Tab::Open, Tab::Finished, Tab::Rejected];
/// The bar's length in the drawing's units (integers: formatting floats weighs in the bundle).
const WIDTH: i64 = 1000;

#[component]
pub fn TodosByStatus(counts: TodoCounts) -> impl IntoView {
    let total: i64 = SHOWN.iter().map(|t| t.count(&counts)).sum();
    // Each segment ends where the counts so far end, so rounding leaves no gap.
    let mut before = 0;
    let segments = SHOWN
        .iter()
        .filter(|t| t.count(&counts) > 0)
        .map(|&tab| {
            let n = tab.count(&counts);
            let at = WIDTH * before / total;
            before += n;
            let w = WIDTH * before / total - at;
            view! {
                <rect class=format!("todo-seg todo-seg-{}", tab.slug()) x=at y=0 width=w height=14>
                    <title>{format!("{}: {n}", tab.label())}</title>
                </rect>
            }
        })
        .collect_view();
    let lines = SHOWN
        .iter()
        .map(|&tab| {
            let n = tab.count(&counts);
            view! {
                <li>
                    <a class="todo-line" href=format!("/todos?tab={}", tab.slug())>
                        <span class=format!("legend-swatch todo-seg-{}", tab.slug())></span>
                        <span class="todo-line-label">{tab.label()}</span>
                        <span class="todo-line-count">{n.to_string()}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="todo-chart" data-testid="todos-by-status">
            <svg
                class="todo-bar"
                viewBox=format!("0 0 {WIDTH} 14")
                preserveAspectRatio="none"
                role="img"
                aria-label=format!(
                    "{total} to-dos: {}",
                    SHOWN.iter().map(|t| format!("{}: {}", t.label(), t.count(&counts))).collect::<Vec<_>>().join(", ")
                )
            >
                <rect class="todo-seg-empty" x=0 y=0 width=WIDTH height=14 />
                {segments}
            </svg>
            <ul class="todo-lines">{lines}</ul>
        </div>
    }
}
