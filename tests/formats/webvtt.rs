//! Tests of the webvtt formats (see tests/formats.rs).
