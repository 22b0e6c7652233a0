//! Pieces of the dashboard.

use leptos::prelude::*;

use crate::components::{Icon, Svg};

/// One next step: what to do, why, and where.
#[component]
pub fn NextStep(
    icon: Icon,
    title: &'static str,
    description: &'static str,
    href: &'static str,
    action: &'static str,
    #[prop(optional)] step: Option<u8>,
) -> impl IntoView {
    view! {
        <a class="card step-card" href=href>
            <div class="step-head">
                <span class="tile">
                    <Svg icon=icon />
                </span>
                {step.map(|n| view! { <span class="step-number">{format!("Step {n}")}</span> })}
            </div>
            <h3 class="step-title">{title}</h3>
            <p class="step-text">{description}</p>
            <span class="step-link">
                {action}
                <Svg icon=Icon::ArrowRight />
            </span>
        </a>
    }
}
