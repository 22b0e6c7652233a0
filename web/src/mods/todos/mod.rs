//! To-dos: the follow-ups Loquent finds in calls, reviewed and acted on (the Todos page, and
//! the to-dos on a call's and a contact's page), and the to-do types that say what to look for.

pub mod card;
pub mod edit;
pub mod feed;
pub mod section;
pub mod tabs;
pub mod type_form;
pub mod types;
pub mod views;
