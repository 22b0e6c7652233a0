//! Keyboard reading of a chart: one of its marks is in the tab order at a time, and the arrow
//! keys move to the next one (a roving tab index), whose values the chart's readout shows.

/// Where a key moves in a row of `len` marks from `at`: the arrows step, Home and End jump;
/// `None` for any other key (it does what it does anyway).
pub fn step(key: &str, at: usize, len: usize) -> Option<usize> {
    let last = len.checked_sub(1)?;
    match key {
        "ArrowRight" | "ArrowDown" => Some((at + 1).min(last)),
        "ArrowLeft" | "ArrowUp" => Some(at.saturating_sub(1)),
        "Home" => Some(0),
        "End" => Some(last),
        _ => None,
    }
}

/// Where a key moves in a grid of `rows` × `cols` marks from (`row`, `col`).
pub fn step_grid(
    key: &str,
    (row, col): (usize, usize),
    rows: usize,
    cols: usize,
) -> Option<(usize, usize)> {
    match key {
        "ArrowUp" => Some((row.saturating_sub(1), col)),
        "ArrowDown" => Some(((row + 1).min(rows.checked_sub(1)?), col)),
        "ArrowLeft" | "ArrowRight" | "Home" | "End" => {
            let key = if key == "ArrowLeft" { "ArrowUp" } else { key };
            Some((row, step(key, col, cols)?))
        }
        _ => None,
    }
}

/// Moves keyboard focus to the chart mark with this id (an SVG element: `HtmlElement`'s
/// `focus` is the same method there).
pub fn focus_mark(id: &str) {
    let Some(element) =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id))
    else {
        return;
    };
    if let Ok(focus) = js_sys::Reflect::get(&element, &"focus".into()) {
        let focus: js_sys::Function = wasm_bindgen::JsCast::unchecked_into(focus);
        let _ = focus.call0(&element);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_step_and_stop_at_the_ends() {
        assert_eq!(step("ArrowRight", 2, 3), Some(2));
        assert_eq!(step("ArrowLeft", 0, 3), Some(0));
        assert_eq!(step("End", 0, 3), Some(2));
        assert_eq!(step("Home", 2, 3), Some(0));
        assert_eq!(step("Tab", 1, 3), None);
        assert_eq!(step("End", 0, 0), None);
        assert_eq!(step_grid("ArrowDown", (6, 3), 7, 24), Some((6, 3)));
        assert_eq!(step_grid("ArrowUp", (1, 3), 7, 24), Some((0, 3)));
        assert_eq!(step_grid("ArrowRight", (1, 3), 7, 24), Some((1, 4)));
        assert_eq!(step_grid("ArrowLeft", (1, 0), 7, 24), Some((1, 0)));
        assert_eq!(step_grid("End", (1, 0), 7, 24), Some((1, 23)));
    }
}
