//! Placeholder pages for the modules still to come (to-dos). Each moves to its own `mods/<module>/` folder when it is built.

pub mod views;
