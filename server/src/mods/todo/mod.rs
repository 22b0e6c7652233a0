//! To-dos: follow-ups the model finds in calls (`extract_todos`), reviewed by staff, and the
//! actions Loquent runs itself once one is approved (`run_todo_action`).

pub mod action;
pub mod action_mail;
pub mod approval;
pub mod approve;
pub mod counts;
pub mod done;
pub mod error;
pub mod extract;
pub mod get;
pub mod list;
pub mod queries;
pub mod reject;
pub mod transition;
pub mod types;
pub mod update;

pub use error::TodoError;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    // `/todos/counts` before `/todos/{id}`, which would take "counts" for an id.
    cfg.service(counts::count_todos)
        .service(list::list_todos)
        .service(get::get_todo)
        .service(update::update_todo)
        .service(approve::approve_todo)
        .service(reject::reject_todo)
        .service(done::mark_todo_done)
        .service(types::list::list_todo_types)
        .service(types::create::create_todo_type)
        .service(types::get::get_todo_type)
        .service(types::update::update_todo_type)
        .service(types::delete::delete_todo_type);
}
