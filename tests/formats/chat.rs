//! Tests of the chat formats (see tests/formats.rs).
