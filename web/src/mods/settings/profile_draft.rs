//! The business profile being edited, as plain data: what changed since it was saved, and the
//! opening hours kept in week order.

use loquent_shared::{OpeningHours, Organization, UpdateOrganizationRequest, Weekday};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileDraft {
    pub description: String,
    pub address: String,
    pub website: String,
    pub hours: Vec<OpeningHours>,
}

impl ProfileDraft {
    pub fn from_organization(org: &Organization) -> Self {
        ProfileDraft {
            description: org.description.clone(),
            address: org.address.clone(),
            website: org.website.clone(),
            hours: in_week_order(org.hours.clone()),
        }
    }

    /// The request that turns `saved` into this draft: only the fields that changed.
    pub fn changes(&self, saved: &Organization) -> UpdateOrganizationRequest {
        let text = |now: &str, before: &str| (now.trim() != before).then(|| now.trim().to_owned());
        UpdateOrganizationRequest {
            description: text(&self.description, &saved.description),
            address: text(&self.address, &saved.address),
            website: text(&self.website, &saved.website),
            hours: (in_week_order(self.hours.clone()) != in_week_order(saved.hours.clone()))
                .then(|| in_week_order(self.hours.clone())),
            ..Default::default()
        }
    }

    /// The day's periods, with their places in `hours`.
    pub fn periods(&self, day: Weekday) -> Vec<(usize, OpeningHours)> {
        self.hours.iter().cloned().enumerate().filter(|(_, p)| p.day == day).collect()
    }

    /// Opens a closed day 9 to 5, or adds an afternoon after the day's last period.
    pub fn add_period(&mut self, day: Weekday) {
        let last_close = self.periods(day).last().map(|(_, p)| p.closes.clone());
        let (opens, closes) = match last_close.as_deref() {
            None => ("09:00", "17:00"),
            Some(close) if close < "18:00" => ("18:00", "20:00"),
            Some(_) => ("21:00", "23:00"),
        };
        self.hours.push(OpeningHours { day, opens: opens.into(), closes: closes.into() });
        self.hours = in_week_order(std::mem::take(&mut self.hours));
    }

    pub fn close_day(&mut self, day: Weekday) {
        self.hours.retain(|p| p.day != day);
    }
}

/// Periods by day of the week, then opening time.
pub fn in_week_order(mut hours: Vec<OpeningHours>) -> Vec<OpeningHours> {
    hours.sort_by(|a, b| (a.day, &a.opens).cmp(&(b.day, &b.opens)));
    hours
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> Organization {
        Organization {
            id: uuid::Uuid::nil(),
            name: "Acme Dental".into(),
            timezone: "UTC".into(),
            created_at: chrono::DateTime::UNIX_EPOCH,
            demo_data: false,
            description: "Dentist".into(),
            address: String::new(),
            website: String::new(),
            hours: vec![OpeningHours {
                day: Weekday::Monday,
                opens: "09:00".into(),
                closes: "17:00".into(),
            }],
        }
    }

    #[test]
    fn only_what_changed_is_sent() {
        let saved = org();
        let mut draft = ProfileDraft::from_organization(&saved);
        assert!(draft.changes(&saved).is_empty());
        draft.address = "  12 Harbor St ".into();
        let changes = draft.changes(&saved);
        assert_eq!(changes.address.as_deref(), Some("12 Harbor St"));
        assert_eq!((changes.description, changes.hours), (None, None));
    }

    #[test]
    fn days_open_nine_to_five_and_gain_an_evening() {
        let saved = org();
        let mut draft = ProfileDraft::from_organization(&saved);
        draft.add_period(Weekday::Saturday);
        draft.add_period(Weekday::Monday);
        let days: Vec<_> = draft.hours.iter().map(|p| (p.day, p.opens.as_str())).collect();
        assert_eq!(
            days,
            [(Weekday::Monday, "09:00"), (Weekday::Monday, "18:00"), (Weekday::Saturday, "09:00")]
        );
        draft.close_day(Weekday::Monday);
        assert_eq!(draft.periods(Weekday::Monday), []);
        assert_eq!(draft.changes(&saved).hours.map(|h| h.len()), Some(1));
    }
}
