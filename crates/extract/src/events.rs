//! Temporary stub.
use crate::{Extraction, Extractor};
use sitrep_core::Doc;
/// Stub.
#[derive(Debug, Default)]
pub struct EventFinder;
impl EventFinder {
    /// Stub.
    #[must_use]
    pub fn new() -> Self {
        Self
    }
}
impl Extractor for EventFinder {
    fn name(&self) -> &'static str {
        "stub"
    }
    fn extract(&self, _doc: &Doc, _out: &mut Extraction) {}
}
