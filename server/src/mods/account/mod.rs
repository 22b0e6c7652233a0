//! People's own accounts: the sign-in identity (name, email, password) a person keeps across
//! every organization they belong to, and the single-use links mailed to them.

pub mod queries;

pub use queries::PersonRow;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(_cfg: &mut ServiceConfig) {}
