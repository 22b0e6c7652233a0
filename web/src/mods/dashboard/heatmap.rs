//! Calls per weekday and hour, on the organization's clocks: when the phone rings. Darker is
//! busier; hovering or focusing a cell shows its count, the arrow keys move between cells.

use leptos::prelude::*;
use loquent_shared::HeatCell;

use super::roving::{focus_mark, step_grid};
use super::scale::{WEEKDAYS, calls, heat_level, hour_span};

// Whole numbers: formatting floats would weigh in the bundle.
const LEFT: i64 = 38;
const TOP: i64 = 16;
const CELL_W: i64 = 25;
const CELL_H: i64 = 22;
const GAP: i64 = 2;

/// The 168 counts, Monday 00:00 first, whatever order (or gaps) the cells came in.
fn grid(cells: &[HeatCell]) -> [[i64; 24]; 7] {
    let mut grid = [[0; 24]; 7];
    for cell in cells {
        if let Some(row) = grid.get_mut(cell.weekday as usize)
            && let Some(slot) = row.get_mut(cell.hour as usize)
        {
            *slot = cell.calls;
        }
    }
    grid
}

fn describe(row: usize, hour: usize, n: i64) -> String {
    format!("{}, {}: {}", WEEKDAYS[row], hour_span(hour as u8), calls(n))
}

#[component]
pub fn Heatmap(cells: Vec<HeatCell>, timezone: String) -> impl IntoView {
    let counts = grid(&cells);
    let max = counts.iter().flatten().copied().max().unwrap_or(0);
    let busiest = (0..7)
        .flat_map(|r| (0..24).map(move |h| (r, h)))
        .max_by_key(|&(r, h)| (counts[r][h], std::cmp::Reverse((r, h))))
        .filter(|&(r, h)| counts[r][h] > 0);
    let zone = timezone.replace('_', " ");
    let summary = match busiest {
        Some((r, h)) => format!("Busiest: {}", describe(r, h, counts[r][h])),
        None => "No calls in the range".to_owned(),
    };
    let current = RwSignal::new(busiest.unwrap_or((0, 9)));
    let shown = RwSignal::new(None::<(usize, usize)>);
    let readout = {
        let summary = summary.clone();
        move || match shown.get() {
            Some((r, h)) => describe(r, h, counts[r][h]),
            None => summary.clone(),
        }
    };
    let width = LEFT + 24 * CELL_W;
    let height = TOP + 7 * CELL_H;

    let hours = [0usize, 6, 12, 18]
        .into_iter()
        .map(|h| {
            view! {
                <text class="chart-axis" x=LEFT + CELL_W * h as i64 y=TOP - 5>{format!("{h}:00")}</text>
            }
        })
        .collect_view();
    let rows = (0..7)
        .map(|r| {
            let y = TOP + CELL_H * r as i64;
            let cells = (0..24)
                .map(|h| {
                    let n = counts[r][h];
                    let label = describe(r, h, n);
                    let title = label.clone();
                    let on_key = move |ev: leptos::ev::KeyboardEvent| {
                        if let Some(next) = step_grid(&ev.key(), (r, h), 7, 24) {
                            ev.prevent_default();
                            current.set(next);
                            shown.set(Some(next));
                            focus_mark(&format!("heat-{}-{}", next.0, next.1));
                        }
                    };
                    view! {
                        <rect
                            class=format!("heat-cell heat-{}", heat_level(n, max))
                            id=format!("heat-{r}-{h}")
                            role="img"
                            aria-label=label
                            tabindex=move || if current.get() == (r, h) { "0" } else { "-1" }
                            x=LEFT + CELL_W * h as i64
                            y=y
                            width=CELL_W - GAP
                            height=CELL_H - GAP
                            rx=3
                            on:focus=move |_| {
                                current.set((r, h));
                                shown.set(Some((r, h)));
                            }
                            on:blur=move |_| shown.set(None)
                            on:mouseenter=move |_| shown.set(Some((r, h)))
                            on:mouseleave=move |_| shown.set(None)
                            on:keydown=on_key
                        >
                            <title>{title}</title>
                        </rect>
                    }
                })
                .collect_view();
            view! {
                <text class="chart-axis" x=LEFT - 6 y=y + CELL_H * 2 / 3 text-anchor="end">{&WEEKDAYS[r][..3]}</text>
                {cells}
            }
        })
        .collect_view();

    view! {
        <figure class="chart" data-testid="heatmap">
            <svg
                class="chart-svg"
                viewBox=format!("0 0 {width} {height}")
                role="group"
                aria-label=format!("Calls per weekday and hour, {zone} time. {summary}. Use the arrow keys to read each hour.")
            >
                {hours}
                {rows}
            </svg>
            <figcaption class="chart-readout" aria-live="polite" data-testid="heatmap-readout">
                {readout}
            </figcaption>
            <p class="chart-note">{format!("Hours in {zone}, the organization's time zone.")}</p>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_land_on_their_weekday_and_hour() {
        let cells = [
            HeatCell { weekday: 6, hour: 23, calls: 4 },
            HeatCell { weekday: 0, hour: 0, calls: 1 },
            HeatCell { weekday: 9, hour: 0, calls: 7 },
        ];
        let g = grid(&cells);
        assert_eq!((g[6][23], g[0][0], g.iter().flatten().sum::<i64>()), (4, 1, 5));
        assert_eq!(describe(1, 9, 3), "Tuesday, 9:00–10:00: 3 calls");
    }
}
