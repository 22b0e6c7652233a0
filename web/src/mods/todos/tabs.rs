//! The Todos page's tabs: which statuses each shows, and how it is named in the address.

use loquent_shared::{TodoCounts, TodoStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Found by the model, waiting for someone: where the work starts.
    Review,
    /// Approved and not finished: a person's to do, an action running, or one that failed.
    Open,
    Finished,
    Rejected,
    All,
}

impl Tab {
    pub const ALL: [Tab; 5] = [Tab::Review, Tab::Open, Tab::Finished, Tab::Rejected, Tab::All];

    /// In the address: `/todos?tab=open`.
    pub fn slug(self) -> &'static str {
        match self {
            Tab::Review => "review",
            Tab::Open => "open",
            Tab::Finished => "done",
            Tab::Rejected => "rejected",
            Tab::All => "all",
        }
    }

    /// The tab an address names; to review when it names none (or one that doesn't exist).
    pub fn from_slug(slug: &str) -> Tab {
        Tab::ALL.into_iter().find(|t| t.slug() == slug).unwrap_or(Tab::Review)
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Review => "To review",
            Tab::Open => "Open",
            Tab::Finished => "Done",
            Tab::Rejected => "Rejected",
            Tab::All => "All",
        }
    }

    pub fn statuses(self) -> Vec<TodoStatus> {
        match self {
            Tab::Review => vec![TodoStatus::PendingReview],
            Tab::Open => vec![TodoStatus::Approved, TodoStatus::InProgress, TodoStatus::Failed],
            Tab::Finished => vec![TodoStatus::Completed, TodoStatus::Done],
            Tab::Rejected => vec![TodoStatus::Rejected],
            Tab::All => Vec::new(),
        }
    }

    /// How many to-dos the tab holds.
    pub fn count(self, counts: &TodoCounts) -> i64 {
        match self {
            Tab::All => TodoStatus::ALL.iter().map(|s| counts.get(*s)).sum(),
            tab => tab.statuses().iter().map(|s| counts.get(*s)).sum(),
        }
    }

    /// What the tab says when it's empty.
    pub fn empty(self) -> (&'static str, &'static str) {
        match self {
            Tab::Review => (
                "Nothing to review",
                "When a call asks for a follow-up, Loquent writes a to-do here for you to approve.",
            ),
            Tab::Open => ("Nothing open", "Approved to-dos stay here until they're done."),
            Tab::Finished => ("Nothing done yet", "Completed and finished to-dos end up here."),
            Tab::Rejected => ("Nothing rejected", "To-dos you reject are kept here."),
            Tab::All => {
                ("No to-dos yet", "Loquent reads every call and lists the follow-ups it asks for.")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_is_in_exactly_one_tab_besides_all() {
        for status in TodoStatus::ALL {
            let tabs: Vec<Tab> = Tab::ALL
                .into_iter()
                .filter(|t| *t != Tab::All && t.statuses().contains(&status))
                .collect();
            assert_eq!(tabs.len(), 1, "{status:?}");
        }
        assert!(Tab::All.statuses().is_empty(), "all means no filter");
    }

    #[test]
    fn tabs_round_trip_their_slugs_and_count_their_statuses() {
        for tab in Tab::ALL {
            assert_eq!(Tab::from_slug(tab.slug()), tab);
        }
        assert_eq!(Tab::from_slug("nonsense"), Tab::Review);
        let counts =
            TodoCounts { approved: 2, failed: 1, done: 4, completed: 1, ..Default::default() };
        assert_eq!(Tab::Open.count(&counts), 3);
        assert_eq!(Tab::Finished.count(&counts), 5);
        assert_eq!(Tab::All.count(&counts), 8);
    }
}
