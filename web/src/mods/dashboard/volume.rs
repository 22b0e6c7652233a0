//! Calls per day (or week, or month) as bars, the agent's answered part darker. Hovering or
//! focusing a bar shows its figures in the readout; the arrow keys move between bars.

use leptos::prelude::*;
use loquent_shared::{DashboardBucket, VolumeBucket};

use super::roving::{focus_mark, step};
use super::scale::{axis_label, bucket_label, calls, nice_top};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 210.0;
/// Room for the y axis' numbers on the left and the dates under the bars.
const LEFT: f64 = 34.0;
const BOTTOM: f64 = 22.0;
const TOP: f64 = 8.0;

fn describe(b: &VolumeBucket, bucket: DashboardBucket) -> String {
    format!(
        "{}: {}, {} answered by the agent",
        bucket_label(&b.start, bucket),
        calls(b.calls),
        b.answered_by_agent
    )
}

#[component]
pub fn VolumeChart(volume: Vec<VolumeBucket>, bucket: DashboardBucket) -> impl IntoView {
    let n = volume.len().max(1);
    let total: i64 = volume.iter().map(|b| b.calls).sum();
    let top = nice_top(volume.iter().map(|b| b.calls).max().unwrap_or(0));
    let plot_h = HEIGHT - TOP - BOTTOM;
    let slot = (WIDTH - LEFT) / n as f64;
    let y = move |v: i64| TOP + plot_h - plot_h * v as f64 / top as f64;
    // The mark in the tab order, and the one whose figures show (hovered or focused).
    let current = RwSignal::new(volume.len().saturating_sub(1));
    let shown = RwSignal::new(None::<usize>);
    let per = match bucket {
        DashboardBucket::Day => "day",
        DashboardBucket::Week => "week",
        DashboardBucket::Month => "month",
    };
    let summary = format!("{} in the range. Use the arrow keys to read each {per}.", calls(total));
    let readout = {
        let volume = volume.clone();
        move || match shown.get() {
            Some(i) => volume.get(i).map(|b| describe(b, bucket)).unwrap_or_default(),
            None => format!("{}, {} per bar", calls(total), per),
        }
    };

    let grid = [0, top / 2, top]
        .into_iter()
        .map(|v| {
            let at = y(v);
            view! {
                <line class="chart-grid" x1=LEFT x2=WIDTH y1=at y2=at />
                <text class="chart-axis" x=LEFT - 6.0 y=at + 4.0 text-anchor="end">{v.to_string()}</text>
            }
        })
        .collect_view();
    // Dates under the first, middle and last bars: more would overlap on a phone.
    let last = volume.len().saturating_sub(1);
    let labelled = [0, last / 2, last];
    let labels = volume
        .iter()
        .enumerate()
        .filter(|(i, _)| labelled.contains(i) && (*i != last / 2 || last >= 4))
        .map(|(i, b)| {
            let x = LEFT + slot * (i as f64 + 0.5);
            let anchor = if i == 0 && last > 0 { "start" } else if i == last && last > 0 { "end" } else { "middle" };
            let x = match anchor {
                "start" => LEFT + slot * i as f64,
                "end" => LEFT + slot * (i as f64 + 1.0),
                _ => x,
            };
            view! {
                <text class="chart-axis" x=x y=HEIGHT - 6.0 text-anchor=anchor>{axis_label(&b.start, bucket)}</text>
            }
        })
        .collect_view();
    let len = volume.len();
    let bars = volume
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let label = describe(&b, bucket);
            let title = label.clone();
            let id = format!("volume-{i}");
            let x = LEFT + slot * i as f64;
            let w = (slot * 0.7).max(1.0);
            let bar_x = x + (slot - w) / 2.0;
            let on_key = move |ev: leptos::ev::KeyboardEvent| {
                if let Some(next) = step(&ev.key(), i, len) {
                    ev.prevent_default();
                    current.set(next);
                    shown.set(Some(next));
                    focus_mark(&format!("volume-{next}"));
                }
            };
            view! {
                <g
                    class="chart-mark"
                    id=id
                    role="img"
                    aria-label=label
                    tabindex=move || if current.get() == i { "0" } else { "-1" }
                    on:focus=move |_| {
                        current.set(i);
                        shown.set(Some(i));
                    }
                    on:blur=move |_| shown.set(None)
                    on:mouseenter=move |_| shown.set(Some(i))
                    on:mouseleave=move |_| shown.set(None)
                    on:keydown=on_key
                >
                    <title>{title}</title>
                    <rect class="chart-hit" x=x y=TOP width=slot height=plot_h />
                    <rect class="bar-total" x=bar_x y=y(b.calls) width=w height=y(0) - y(b.calls) rx=2 />
                    <rect
                        class="bar-answered"
                        x=bar_x
                        y=y(b.answered_by_agent)
                        width=w
                        height=y(0) - y(b.answered_by_agent)
                        rx=2
                    />
                </g>
            }
        })
        .collect_view();

    view! {
        <figure class="chart" data-testid="volume-chart">
            <svg
                class="chart-svg"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="group"
                aria-label=format!("Calls per {per}. {summary}")
            >
                {grid}
                {bars}
                {labels}
            </svg>
            <figcaption class="chart-readout" aria-live="polite" data-testid="volume-readout">
                {readout}
            </figcaption>
            <div class="chart-legend" aria-hidden="true">
                <span class="legend-item"><span class="legend-swatch swatch-answered"></span>"Answered by the agent"</span>
                <span class="legend-item"><span class="legend-swatch swatch-total"></span>"Other calls"</span>
            </div>
        </figure>
    }
}
