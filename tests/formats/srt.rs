//! Tests of the srt formats (see tests/formats.rs).
