//! Interned strings: each distinct string of the cross-article step (mention
//! texts, folded names, name tokens, rules, link reasons) is held once and
//! named by a 4-byte [`Sym`], so that what the step keeps per within-article
//! cluster is a few integers, and its memory grows with the distinct names
//! of the corpus rather than with its mentions.

use std::collections::HashMap;
use std::sync::Arc;

/// An interned string (an index into [`Symbols`]).
pub(crate) type Sym = u32;

/// The interned strings.
#[derive(Debug, Default)]
pub(crate) struct Symbols {
    ids: HashMap<Arc<str>, Sym>,
    strings: Vec<Arc<str>>,
}

impl Symbols {
    /// The symbol of `text`, interning it when new.
    pub(crate) fn intern(&mut self, text: &str) -> Sym {
        if let Some(&sym) = self.ids.get(text) {
            return sym;
        }
        let sym = Sym::try_from(self.strings.len()).expect("fewer than 2^32 distinct strings");
        let shared: Arc<str> = Arc::from(text);
        self.strings.push(shared.clone());
        self.ids.insert(shared, sym);
        sym
    }

    /// The string of `sym`.
    pub(crate) fn get(&self, sym: Sym) -> &str {
        &self.strings[sym as usize]
    }
}
