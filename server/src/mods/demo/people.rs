//! The demo clinic's patients: forty people with fictional numbers (617-555-01xx, the range set
//! aside for fiction) and, for most, an email at a reserved example domain, so nothing seeded
//! can reach a real person.

use super::ids::CONTACTS;
use super::rng::Rng;

const NAMES: [(&str, &str); CONTACTS] = [
    ("Olivia", "Bennett"),
    ("Marcus", "Reid"),
    ("Sofia", "Alvarez"),
    ("James", "O'Connor"),
    ("Priya", "Sharma"),
    ("Daniel", "Kim"),
    ("Grace", "Mitchell"),
    ("Ethan", "Brooks"),
    ("Aisha", "Johnson"),
    ("Lucas", "Moreau"),
    ("Hannah", "Fischer"),
    ("Noah", "Williams"),
    ("Chloe", "Nguyen"),
    ("Samuel", "Adeyemi"),
    ("Isabella", "Rossi"),
    ("Benjamin", "Carter"),
    ("Mia", "Kowalski"),
    ("Owen", "Gallagher"),
    ("Zoe", "Martin"),
    ("Gabriel", "Santos"),
    ("Lily", "Chen"),
    ("Henry", "Walsh"),
    ("Amara", "Okeke"),
    ("Jack", "Sullivan"),
    ("Elena", "Petrova"),
    ("Ryan", "Murphy"),
    ("Nora", "Lindqvist"),
    ("David", "Cohen"),
    ("Leah", "Goldberg"),
    ("Mateo", "Ramirez"),
    ("Ruby", "Patterson"),
    ("Kenji", "Tanaka"),
    ("Claire", "Dubois"),
    ("Tyler", "Hughes"),
    ("Fatima", "Haddad"),
    ("Liam", "Byrne"),
    ("Sara", "Jensen"),
    ("Victor", "Alves"),
    ("Maya", "Singh"),
    ("Connor", "Flynn"),
];

/// The random stream the people's details draw from.
const PEOPLE_STREAM: u64 = 2;

const DOMAINS: [&str; 3] = ["example.com", "example.net", "example.org"];

/// One patient.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub first: &'static str,
    pub last: &'static str,
    /// E.164.
    pub phone: String,
    pub phone_label: &'static str,
    pub email: Option<String>,
    /// How often they call, relative to the others: a few patients call a lot.
    pub weight: f64,
}

/// The forty patients, the same on every run.
pub fn all() -> Vec<Person> {
    let mut rng = Rng::new(PEOPLE_STREAM);
    NAMES
        .iter()
        .enumerate()
        .map(|(n, (first, last))| {
            let local: String = format!("{first}.{last}")
                .to_lowercase()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
                .collect();
            let domain = DOMAINS[n % DOMAINS.len()];
            Person {
                first,
                last,
                phone: format!("+1617555{:04}", 110 + n),
                phone_label: if rng.chance(0.8) { "mobile" } else { "home" },
                // About a third have no email: a to-do that emails them fails, as it would.
                email: rng.chance(0.65).then(|| format!("{local}@{domain}")),
                weight: 0.4 + rng.unit() * rng.unit() * 4.0,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use loquent_shared::validation::{validate_e164, validate_email};

    #[test]
    fn forty_people_with_valid_distinct_numbers_and_some_emails() {
        let people = super::all();
        assert_eq!(people.len(), 40);
        let mut phones: Vec<&str> = people.iter().map(|p| p.phone.as_str()).collect();
        phones.sort_unstable();
        phones.dedup();
        assert_eq!(phones.len(), 40);
        for p in &people {
            assert_eq!(validate_e164("phone", &p.phone), Ok(()), "{}", p.phone);
            if let Some(email) = &p.email {
                assert_eq!(validate_email("email", email), Ok(()), "{email}");
            }
        }
        let with_email = people.iter().filter(|p| p.email.is_some()).count();
        assert!((15..40).contains(&with_email), "{with_email}");
        assert_eq!(super::all(), people);
    }
}
