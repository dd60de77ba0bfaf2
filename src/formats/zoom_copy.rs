//! zoom-copy: not written yet (this file is filled in before it lands).

use crate::formats::{Confidence, Ctx, Format, FormatId, Parsed, Source};

pub struct ZoomCopy;

impl Format for ZoomCopy {
    fn id(&self) -> FormatId {
        FormatId::ZoomCopy
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["txt"]
    }

    fn sniff(&self, _lines: &[&str]) -> Confidence {
        Confidence::NO
    }

    fn parse(&self, _src: Source<'_>, _ctx: &Ctx<'_>) -> Parsed {
        Parsed::default()
    }
}
