//! Input formats.

pub mod house;
pub mod markdown;
