//! Tests of the text formats (see tests/formats.rs).
