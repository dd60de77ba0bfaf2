//! webvtt: not written yet (this file is filled in before it lands).

use crate::formats::{Confidence, Ctx, Format, FormatId, Parsed, Source};

pub struct WebVtt;

impl Format for WebVtt {
    fn id(&self) -> FormatId {
        FormatId::Webvtt
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["vtt"]
    }

    fn sniff(&self, _lines: &[&str]) -> Confidence {
        Confidence::NO
    }

    fn parse(&self, _src: Source<'_>, _ctx: &Ctx<'_>) -> Parsed {
        Parsed::default()
    }
}
