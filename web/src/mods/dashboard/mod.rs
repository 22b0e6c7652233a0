//! The page members land on: where to start, and what the calls add up to.

pub mod components;
mod heatmap;
mod overview;
mod roving;
mod scale;
pub mod setup;
mod stats;
mod todo_chart;
pub mod views;
mod volume;
