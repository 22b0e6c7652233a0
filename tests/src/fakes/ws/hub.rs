//! A fake's state behind one lock, with a wake-up for whoever waits on a change of it, and the
//! tasks that must end with the fake.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::task::AbortHandle;
use tokio::time::Instant;

pub(crate) struct Hub<S> {
    state: Mutex<S>,
    /// Woken on every change of the state, for the `wait_*` methods.
    changed: Notify,
    tasks: Mutex<Tasks>,
}

/// Connection tasks, aborted when the fake is dropped.
#[derive(Default)]
struct Tasks {
    handles: Vec<AbortHandle>,
    stopped: bool,
}

impl<S> Hub<S> {
    pub fn new(state: S) -> Hub<S> {
        Hub { state: Mutex::new(state), changed: Notify::new(), tasks: Mutex::default() }
    }

    pub fn lock(&self) -> MutexGuard<'_, S> {
        // A poisoned lock only means a test panicked while holding it; the state is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on the state, then wakes the waiters.
    pub fn with<T>(&self, f: impl FnOnce(&mut S) -> T) -> T {
        let result = f(&mut self.lock());
        self.changed.notify_waiters();
        result
    }

    /// Waits (up to `timeout`) until `check` finds something in the state, and returns it.
    pub async fn wait_until<T>(
        &self,
        timeout: Duration,
        mut check: impl FnMut(&mut S) -> Option<T>,
    ) -> Option<T> {
        let deadline = Instant::now() + timeout;
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            // Registered before the check, so a change between the check and the wait wakes it.
            changed.as_mut().enable();
            if let Some(found) = check(&mut self.lock()) {
                return Some(found);
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                return check(&mut self.lock());
            }
        }
    }

    /// Keeps `task` to abort when the fake stops (at once if it already has).
    pub fn track(&self, task: AbortHandle) {
        let mut tasks = self.tasks.lock().unwrap_or_else(PoisonError::into_inner);
        if tasks.stopped {
            task.abort();
        } else {
            tasks.handles.push(task);
        }
    }

    /// Aborts every tracked task, and any tracked later.
    pub fn stop(&self) {
        let mut tasks = self.tasks.lock().unwrap_or_else(PoisonError::into_inner);
        tasks.stopped = true;
        for task in tasks.handles.drain(..) {
            task.abort();
        }
    }
}
