//! The clinic's profile, as its staff would have filled in Settings → General: what its agent
//! is told about it on every call. Seeded with the month, into the fields still empty, so a
//! profile staff wrote themselves is never overwritten. Clearing the demo data leaves it, as it
//! leaves the clinic's name and time zone: it is the organization's own settings, which staff
//! may have edited since.

use diesel_async::AsyncPgConnection;
use loquent_shared::{OpeningHours, Weekday};

use super::error::DemoError;
use crate::mods::organization::OrganizationRow;
use crate::mods::organization::queries::{self, OrganizationChanges};

const DESCRIPTION: &str = "Family dental practice in downtown Boston: checkups and cleanings \
with our hygienists, fillings, crowns, whitening and children's dentistry with Dr. Patel and \
Dr. Okafor, and same-day appointments for dental emergencies. Free parking behind the \
building.";
/// Its entrance is on Elm Street, as the sample calls tell callers.
const ADDRESS: &str = "48 Elm Street, Suite 2, Boston, MA 02116";
const WEBSITE: &str = "https://demo-dental.example";

/// Monday to Thursday 8 to 6 and Friday 8 to 4, closed for lunch from 12 to 1; Saturday 9 to
/// 1; closed on Sunday. The month's calls ([`super::calendar`]) come mostly in these hours.
pub fn hours() -> Vec<OpeningHours> {
    let day = |day, opens: &str, closes: &str| OpeningHours {
        day,
        opens: opens.into(),
        closes: closes.into(),
    };
    let mut hours = Vec::new();
    for (weekday, closes) in [
        (Weekday::Monday, "18:00"),
        (Weekday::Tuesday, "18:00"),
        (Weekday::Wednesday, "18:00"),
        (Weekday::Thursday, "18:00"),
        (Weekday::Friday, "16:00"),
    ] {
        hours.push(day(weekday, "08:00", "12:00"));
        hours.push(day(weekday, "13:00", closes));
    }
    hours.push(day(Weekday::Saturday, "09:00", "13:00"));
    hours
}

/// Fills in whatever of the profile `org` doesn't have yet.
pub async fn fill(conn: &mut AsyncPgConnection, org: &OrganizationRow) -> Result<(), DemoError> {
    let unset = |value: &str, demo| value.trim().is_empty().then_some(demo);
    let hours = if org.hours().is_empty() {
        Some(serde_json::to_value(hours()).map_err(DemoError::Profile)?)
    } else {
        None
    };
    let changes = OrganizationChanges {
        description: unset(&org.description, DESCRIPTION),
        address: unset(&org.address, ADDRESS),
        website: unset(&org.website, WEBSITE),
        hours,
        ..Default::default()
    };
    if !changes.is_empty() {
        queries::update_organization(conn, org.id, changes).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use loquent_shared::UpdateOrganizationRequest;

    use super::*;

    #[test]
    fn the_profile_is_what_settings_would_accept() {
        let request = UpdateOrganizationRequest {
            description: Some(DESCRIPTION.into()),
            address: Some(ADDRESS.into()),
            website: Some(WEBSITE.into()),
            hours: Some(hours()),
            ..Default::default()
        };
        assert_eq!(request.validate(), Ok(()));
        assert_eq!(hours().len(), 11, "two periods on weekdays, one on Saturday");
    }
}
