//! srt: not written yet (this file is filled in before it lands).

use crate::formats::{Confidence, Ctx, Format, FormatId, Parsed, Source};

pub struct Srt;

impl Format for Srt {
    fn id(&self) -> FormatId {
        FormatId::Srt
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["srt"]
    }

    fn sniff(&self, _lines: &[&str]) -> Confidence {
        Confidence::NO
    }

    fn parse(&self, _src: Source<'_>, _ctx: &Ctx<'_>) -> Parsed {
        Parsed::default()
    }
}
