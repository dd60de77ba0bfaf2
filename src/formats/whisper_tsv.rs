//! whisper-tsv: not written yet (this file is filled in before it lands).

use crate::formats::{Confidence, Ctx, Format, FormatId, Parsed, Source};

pub struct WhisperTsv;

impl Format for WhisperTsv {
    fn id(&self) -> FormatId {
        FormatId::WhisperTsv
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["tsv"]
    }

    fn sniff(&self, _lines: &[&str]) -> Confidence {
        Confidence::NO
    }

    fn parse(&self, _src: Source<'_>, _ctx: &Ctx<'_>) -> Parsed {
        Parsed::default()
    }
}
