//! The range's headline figures, one card each.

use leptos::prelude::*;
use loquent_shared::DashboardStats;

use super::scale::mm_ss;
use crate::components::{Icon, Svg};

#[component]
fn StatCard(
    /// Names the figure for tests (`data-stat`).
    key: &'static str,
    icon: Icon,
    label: &'static str,
    value: String,
    detail: String,
    #[prop(optional)] href: Option<&'static str>,
) -> impl IntoView {
    let body = view! {
        <span class="stat-head">
            <span class="stat-icon">
                <Svg icon=icon />
            </span>
            <span class="stat-label">{label}</span>
        </span>
        <span class="stat-value">{value}</span>
        <span class="stat-detail">{detail}</span>
    };
    match href {
        Some(href) => {
            view! { <a class="card stat-card stat-link" href=href data-testid="stat" data-stat=key>{body}</a> }
                .into_any()
        }
        None => view! { <div class="card stat-card" data-testid="stat" data-stat=key>{body}</div> }.into_any(),
    }
}

/// "80% of calls", or nothing to divide.
fn share(part: i64, whole: i64) -> String {
    if whole == 0 { "No calls yet".to_owned() } else { format!("{}% of calls", part * 100 / whole) }
}

#[component]
pub fn StatCards(stats: DashboardStats) -> impl IntoView {
    let avg = stats.avg_duration_secs.map(mm_ss).unwrap_or_else(|| "–".to_owned());
    view! {
        <div class="stat-grid" aria-label="Figures for the dates chosen" role="group">
            <StatCard key="calls" icon=Icon::Calls label="Calls" value=stats.calls.to_string() detail="Both directions".to_owned() />
            <StatCard
                key="answered"
                icon=Icon::Agents
                label="Answered by agents"
                value=stats.answered_by_agent.to_string()
                detail=share(stats.answered_by_agent, stats.calls)
            />
            <StatCard key="average" icon=Icon::Clock label="Average call" value=avg detail="Minutes : seconds, answered calls".to_owned() />
            <StatCard
                key="review"
                icon=Icon::Todos
                label="To-dos to review"
                value=stats.pending_todos.to_string()
                detail="Found in these calls".to_owned()
                href="/todos"
            />
            <StatCard
                key="contacts"
                icon=Icon::Contacts
                label="Active contacts"
                value=stats.active_contacts.to_string()
                detail="Who called or were called".to_owned()
            />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::share;

    #[test]
    fn shares_are_whole_percents() {
        assert_eq!(share(2, 3), "66% of calls");
        assert_eq!(share(0, 0), "No calls yet");
    }
}
