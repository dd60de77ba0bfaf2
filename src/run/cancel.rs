//! Stopping a run from outside: the binary's SIGINT/SIGTERM handler, or a
//! caller of the library that wants to give up.
//!
//! A shared flag, not a channel: the run polls it where it can stop cheaply
//! (before a worker takes the next file, before the writer writes the next
//! one, per file in the first passes), so a request is seen within one
//! file's work, and setting it is safe from any thread at any time. The run
//! then ends with [`RunError::Interrupted`](super::RunError::Interrupted)
//! and writes no table.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A request to stop a run; clones share it.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// Asks every run holding this token (or a clone) to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether [`cancel`](Cancel::cancel) was called. Relaxed is enough:
    /// the flag orders no other memory, and a check that misses a store by
    /// a moment sees it at the next file.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}
