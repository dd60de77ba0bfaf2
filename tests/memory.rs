//! How much memory the people dictionary takes, counted by an allocator
//! that keeps the peak: unlike a process's resident size, the count is the
//! same from one run to the next. A test binary of its own, so that no
//! other test allocates while it counts.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use saidwhat::analysis::people::{PeopleDict, parse_csv};

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; the
// counters only watch.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let grown = new_size - layout.size();
            let now = NOW.fetch_add(grown, Ordering::Relaxed) + grown;
            PEAK.fetch_max(now, Ordering::Relaxed);
        } else {
            NOW.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A people CSV of 1M rows peaked at 9.4 GB (9.4 KB a person), then at
/// 2.4 GB: a `HashMap` entry, a `Vec` and a `String` per name and key, and
/// the file's people held twice. The dictionary is to take at most 1 KB a
/// person besides its names (the CSV's bytes), from reading the CSV to the
/// compiled dictionary, at its peak (931 bytes when this was written).
#[test]
fn a_dictionary_of_100k_people_peaks_under_a_kilobyte_a_person() {
    let n = 100_000;
    let mut csv = String::from("name,aliases,org,role\n");
    for i in 0..n {
        csv.push_str(&format!(
            "Given{} Person{i},Gi{};P{i},Org {},Role\n",
            i % 5000,
            i % 1000,
            i % 100
        ));
    }
    let before = NOW.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let people = parse_csv(csv.as_bytes(), "people.csv").unwrap();
    let dict = PeopleDict::from_people(people);
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let held = NOW.load(Ordering::Relaxed) - before;
    assert_eq!(dict.people().len(), n);
    let per_person = |bytes: usize| (bytes - csv.len()) / n;
    eprintln!(
        "peak {} B a person, held {} B a person, besides the CSV's {} B a person",
        per_person(peak),
        held.saturating_sub(csv.len()) / n,
        csv.len() / n
    );
    assert!(
        per_person(peak) <= 1024,
        "the dictionary peaked at {} bytes a person",
        per_person(peak)
    );
}
