//! Who a report goes to when it is sent: the chosen members at their current email (a member
//! who left the organization is skipped) and the other addresses, each address once.

use diesel::QueryResult;
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use super::queries::SettingsRow;
use crate::mods::team;

pub async fn addresses(
    conn: &mut AsyncPgConnection,
    settings: &SettingsRow,
) -> QueryResult<Vec<String>> {
    if !settings.has_recipients() {
        return Ok(Vec::new());
    }
    let members = if settings.member_ids.is_empty() {
        Vec::new()
    } else {
        team::queries::members(conn, settings.organization_id).await?
    };
    let chosen = settings
        .member_ids
        .iter()
        .filter_map(|id| members.iter().find(|m| m.id == *id))
        .map(|m| m.email.trim().to_lowercase());
    Ok(unique(chosen.chain(settings.emails.iter().cloned())))
}

/// Of `ids`, those still members of the organization, in the same order.
pub async fn current_members(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    ids: &[Uuid],
) -> QueryResult<Vec<Uuid>> {
    let names = team::queries::member_names(conn, organization_id, ids).await?;
    Ok(ids.iter().copied().filter(|id| names.contains_key(id)).collect())
}

/// Each address once (a member also listed as an address gets one message), in order.
fn unique(addresses: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for address in addresses {
        if !out.iter().any(|a| a.eq_ignore_ascii_case(&address)) {
            out.push(address);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_address_given_twice_is_kept_once() {
        let got = super::unique(
            ["ada@acme.example", "desk@acme.example", "Ada@Acme.example"]
                .map(String::from)
                .into_iter(),
        );
        assert_eq!(got, ["ada@acme.example", "desk@acme.example"]);
    }
}
