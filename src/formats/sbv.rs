//! sbv: not written yet (this file is filled in before it lands).

use crate::formats::{Confidence, Ctx, Format, FormatId, Parsed, Source};

pub struct Sbv;

impl Format for Sbv {
    fn id(&self) -> FormatId {
        FormatId::Sbv
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["sbv", "sub"]
    }

    fn sniff(&self, _lines: &[&str]) -> Confidence {
        Confidence::NO
    }

    fn parse(&self, _src: Source<'_>, _ctx: &Ctx<'_>) -> Parsed {
        Parsed::default()
    }
}
