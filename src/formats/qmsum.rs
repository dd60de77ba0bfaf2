//! qmsum: not written yet (this file is filled in before it lands).

use crate::formats::{Confidence, Ctx, Format, FormatId, Parsed, Source};

pub struct Qmsum;

impl Format for Qmsum {
    fn id(&self) -> FormatId {
        FormatId::Qmsum
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["json", "jsonl"]
    }

    fn sniff(&self, _lines: &[&str]) -> Confidence {
        Confidence::NO
    }

    fn parse(&self, _src: Source<'_>, _ctx: &Ctx<'_>) -> Parsed {
        Parsed::default()
    }
}
