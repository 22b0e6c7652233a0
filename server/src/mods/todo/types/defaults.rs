//! The to-do types every new organization starts with, so extraction finds the common
//! follow-ups before anyone configures anything. (The migration that made the table gave the
//! organizations of the time the same three.)

use diesel_async::AsyncPgConnection;
use loquent_shared::{TodoAction, TodoTypeInput};
use uuid::Uuid;

use super::queries;
use crate::mods::todo::error::TodoError;

pub const DEFAULTS: [(&str, &str, TodoAction); 3] = [
    (
        "Call back",
        "The caller asked to be called back, or someone promised to call them back.",
        TodoAction::None,
    ),
    (
        "Book appointment",
        "The caller wants to book, move or cancel an appointment that was not settled during \
         the call.",
        TodoAction::None,
    ),
    (
        "Send information",
        "The caller asked for information (prices, directions, forms, a quote) to be sent to \
         them by email.",
        TodoAction::SendEmailToCaller,
    ),
];

/// Gives a new organization the default types (inside the transaction creating it).
pub async fn create_defaults(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
) -> Result<(), TodoError> {
    for (name, description, action) in DEFAULTS {
        let input = TodoTypeInput {
            name: name.to_string(),
            description: description.to_string(),
            action,
            action_email: None,
            auto_approve: false,
        };
        queries::insert(conn, organization_id, &input).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_defaults_are_valid_input() {
        for (name, description, action) in super::DEFAULTS {
            let input = loquent_shared::TodoTypeInput {
                name: name.into(),
                description: description.into(),
                action,
                action_email: None,
                auto_approve: false,
            };
            assert!(input.validate().is_ok(), "{name}");
        }
    }
}
