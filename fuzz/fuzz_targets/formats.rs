#![no_main]

//! Every transcript format: the first byte picks an `--input-format`
//! (auto detection, the note container, or one format forced on the whole
//! file), the rest is the file.

#[allow(dead_code)]
#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::process_any(data));
