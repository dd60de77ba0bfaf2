#![no_main]

//! A file as a note (`--input-format markdown`): frontmatter, sections,
//! and the transcripts the container finds in it, each read in its format.

#[allow(dead_code)]
#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::process("markdown", data));
