//! How far the organization is through getting its calls answered: the dashboard's "Get started"
//! steps tick from this, and the block goes once every step is done.

/// The server's answer (`DashboardSetup`, with the dashboard's figures), and what the page
/// makes of it.
pub use loquent_shared::DashboardSetup as Setup;

/// What the steps make of it.
pub trait Steps {
    fn all_done(self) -> bool;
    fn no_calls_text(self) -> &'static str;
}

impl Steps for Setup {
    fn all_done(self) -> bool {
        self.has_agent && self.has_answered_number && self.has_analyzer
    }

    /// What the empty "Recent calls" panel says: calls only come once a number answers.
    fn no_calls_text(self) -> &'static str {
        if self.has_answered_number {
            "Your line is ready: the next call shows up here with its transcript and summary."
        } else if self.has_number {
            "Give a number an agent and route its calls to Loquent; every call then shows up here."
        } else {
            "Once a number is connected, every call shows up here with its transcript and summary."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn done_means_every_step() {
        assert!(!Setup::default().all_done());
        let all = Setup {
            has_agent: true,
            has_number: true,
            has_answered_number: true,
            has_analyzer: true,
        };
        assert!(all.all_done());
        assert!(!Setup { has_analyzer: false, ..all }.all_done());
    }

    #[test]
    fn the_empty_calls_text_follows_the_numbers() {
        let none = Setup::default().no_calls_text();
        let unanswered = Setup { has_number: true, ..Setup::default() }.no_calls_text();
        let ready = Setup { has_number: true, has_answered_number: true, ..Setup::default() }
            .no_calls_text();
        assert!(none.contains("Once a number is connected"));
        assert!(unanswered.contains("Give a number an agent"));
        assert!(ready.contains("ready"));
    }
}
