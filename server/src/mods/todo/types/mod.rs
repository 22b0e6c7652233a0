//! To-do types: what the model looks for in calls, and what approving one makes Loquent do.

pub mod create;
pub mod defaults;
pub mod delete;
pub mod get;
pub mod list;
pub mod queries;
pub mod update;

pub use defaults::create_defaults;
pub use queries::TodoTypeRow;
