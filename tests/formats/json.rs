//! Tests of the json formats (see tests/formats.rs).
