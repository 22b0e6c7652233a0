//! Calls per day (or week, or month) as bars, the agent's answered part darker. Hovering or
//! focusing a bar shows its figures in the readout; the arrow keys move between bars.

use leptos::prelude::*;
use loquent_shared::{DashboardBucket, VolumeBucket};

use super::roving::{focus_mark, step};
use super::scale::{axis_label, bucket_label, calls, nice_top};

// The drawing's units are whole numbers: formatting floats would weigh in the bundle.
const WIDTH: i64 = 1000;
const HEIGHT: i64 = 320;
/// Room for the y axis' numbers on the left and the dates under the bars.
const LEFT: i64 = 50;
const BOTTOM: i64 = 34;
const TOP: i64 = 12;
const PLOT_W: i64 = WIDTH - LEFT;

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
    let n = volume.len().max(1) as i64;
    let total: i64 = volume.iter().map(|b| b.calls).sum();
    let top = nice_top(volume.iter().map(|b| b.calls).max().unwrap_or(0));
    let plot_h = HEIGHT - TOP - BOTTOM;
    // Slot `i` spans from slot_x(i) to slot_x(i + 1): no rounding gaps at the right end.
    let slot_x = move |i: i64| LEFT + PLOT_W * i / n;
    let y = move |v: i64| TOP + plot_h - plot_h * v / top;
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
            None => format!("{} in the range, a bar per {per}", calls(total)),
        }
    };

    let grid = [0, top / 2, top]
        .into_iter()
        .map(|v| {
            let at = y(v);
            view! {
                <line class="chart-grid" x1=LEFT x2=WIDTH y1=at y2=at />
                <text class="chart-axis" x=LEFT - 8 y=at + 6 text-anchor="end">{v.to_string()}</text>
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
            let i = i as i64;
            let (x, anchor) = if i == 0 && last > 0 {
                (slot_x(i), "start")
            } else if i == last as i64 && last > 0 {
                (slot_x(i + 1), "end")
            } else {
                ((slot_x(i) + slot_x(i + 1)) / 2, "middle")
            };
            view! {
                <text class="chart-axis" x=x y=HEIGHT - 8 text-anchor=anchor>{axis_label(&b.start, bucket)}</text>
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
            let (x, next) = (slot_x(i as i64), slot_x(i as i64 + 1));
            let slot = next - x;
            let w = (slot * 7 / 10).max(1);
            let bar_x = x + (slot - w) / 2;
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
                class="chart-svg chart-wide"
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
