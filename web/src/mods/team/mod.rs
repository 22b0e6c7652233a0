//! Settings → Team: the members and their roles, invitations, and the trail of changes.

mod activity;
mod invitations;
mod invite_dialog;
mod members;
pub mod rules;
pub mod views;
