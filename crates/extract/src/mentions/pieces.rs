//! Word pieces: the units names are matched over.
//!
//! A token from the normaliser is split further into pieces so that matching
//! does not depend on how the tokenizer treated hyphens and possessives:
//! `al-Sudani` → `al` `-` `Sudani`; `Iran’s` → `Iran` `’s`; `U.S.` → `U` `.`
//! `S` `.`. An apostrophe between letters stays inside the word (`Kata'ib`,
//! `Shi'ite`). Each piece records whether whitespace preceded it, which is how
//! `U.S.` (no spaces) is told apart from `U. S.`.

use sitrep_core::ByteSpan;

/// What a piece is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PieceKind {
    /// A run of letters and digits (with inner apostrophes).
    Word,
    /// A hyphen directly between two words (`al-Sudani`, `Iran-backed`).
    Hyphen,
    /// A possessive `'s` / `’s` right after a word.
    Possessive,
    /// Any other character that is not whitespace.
    Punct,
}

/// One piece: a byte span of the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    /// First byte in the normalised text.
    pub(crate) start: usize,
    /// One past the last byte.
    pub(crate) end: usize,
    /// Kind of piece.
    pub(crate) kind: PieceKind,
    /// Whether whitespace (or a token gap) came before it.
    pub(crate) space_before: bool,
}

impl Piece {
    /// The piece's text.
    pub(crate) fn text(self, text: &str) -> &str {
        &text[self.start..self.end]
    }

    /// Whether this is a word whose first character is upper case.
    pub(crate) fn is_capitalised(self, text: &str) -> bool {
        self.kind == PieceKind::Word
            && self
                .text(text)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    }

    /// Whether this is a word with letters, all lower case.
    pub(crate) fn is_lowercase_word(self, text: &str) -> bool {
        self.kind == PieceKind::Word
            && self
                .text(text)
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
    }
}

/// Whether `c` continues a word: letters, digits and combining marks.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{0300}'..='\u{036f}').contains(&c)
}

/// Apostrophes, straight and typographic.
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`')
}

/// Hyphens that join words (not dashes, which separate).
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Reusable state for [`split`]: the end of the last piece produced (to know
/// whether a gap precedes the next one) and a character buffer.
#[derive(Debug, Default)]
pub(crate) struct Splitter {
    previous_end: usize,
    chars: Vec<(usize, char)>,
}

impl Splitter {
    /// Splits `span` of `text` into pieces, appending to `out`.
    pub(crate) fn split(&mut self, text: &str, span: ByteSpan, out: &mut Vec<Piece>) {
        self.chars.clear();
        self.chars.extend(text[span.start..span.end].char_indices());
        split_chars(&self.chars, span, &mut self.previous_end, out);
    }
}

/// The body of [`Splitter::split`] over the span's characters.
fn split_chars(
    chars: &[(usize, char)],
    span: ByteSpan,
    previous_end: &mut usize,
    out: &mut Vec<Piece>,
) {
    let mut i = 0;
    while i < chars.len() {
        let (offset, c) = chars[i];
        let start = span.start + offset;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let next = |k: usize| chars.get(k).map(|&(_, ch)| ch);
        let end_of = |k: usize| chars.get(k).map_or(span.end, |&(o, _)| span.start + o);
        let previous_is_adjacent_word = out
            .last()
            .is_some_and(|p| p.kind == PieceKind::Word && p.end == start);
        let (kind, consumed) = if is_word_char(c) {
            let mut k = i + 1;
            while k < chars.len() {
                let ch = chars[k].1;
                if is_word_char(ch) {
                    k += 1;
                } else if is_apostrophe(ch)
                    && next(k + 1).is_some_and(is_word_char)
                    && !is_possessive_at(chars, k)
                {
                    k += 2;
                } else {
                    break;
                }
            }
            (PieceKind::Word, k - i)
        } else if is_hyphen(c) && previous_is_adjacent_word && next(i + 1).is_some_and(is_word_char)
        {
            (PieceKind::Hyphen, 1)
        } else if is_apostrophe(c) && previous_is_adjacent_word && is_possessive_at(chars, i) {
            (PieceKind::Possessive, 2)
        } else {
            (PieceKind::Punct, 1)
        };
        let end = end_of(i + consumed);
        out.push(Piece {
            start,
            end,
            kind,
            space_before: start > *previous_end,
        });
        *previous_end = end;
        i += consumed;
    }
}

/// Whether `chars[k]` is an apostrophe starting a possessive `'s` (followed
/// by `s` and then a non-word character or the end).
fn is_possessive_at(chars: &[(usize, char)], k: usize) -> bool {
    is_apostrophe(chars[k].1)
        && chars.get(k + 1).is_some_and(|&(_, c)| c == 's' || c == 'S')
        && !chars.get(k + 2).is_some_and(|&(_, c)| is_word_char(c))
}

/// Appends the matching form of `piece` to `key`: lower case, apostrophes
/// folded to `'`, the way `sitrep_core::kb::normalise_key` spells names.
pub(crate) fn push_folded(key: &mut String, piece_text: &str) {
    if piece_text.bytes().all(|b| b.is_ascii() && b != b'`') {
        let from = key.len();
        key.push_str(piece_text);
        key[from..].make_ascii_lowercase();
        return;
    }
    for c in piece_text.chars() {
        if is_apostrophe(c) {
            key.push('\'');
        } else {
            key.extend(c.to_lowercase());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<(String, PieceKind, bool)> {
        let mut out = Vec::new();
        Splitter::default().split(text, ByteSpan::new(0, text.len()), &mut out);
        out.into_iter()
            .map(|p| (p.text(text).to_owned(), p.kind, p.space_before))
            .collect()
    }

    #[test]
    fn hyphens_possessives_and_abbreviations_split() {
        use PieceKind::{Hyphen, Possessive, Punct, Word};
        assert_eq!(
            pieces("al-Sudani met Iran’s U.S. envoy"),
            vec![
                ("al".into(), Word, false),
                ("-".into(), Hyphen, false),
                ("Sudani".into(), Word, false),
                ("met".into(), Word, true),
                ("Iran".into(), Word, true),
                ("’s".into(), Possessive, false),
                ("U".into(), Word, true),
                (".".into(), Punct, false),
                ("S".into(), Word, false),
                (".".into(), Punct, false),
                ("envoy".into(), Word, true),
            ]
        );
    }

    #[test]
    fn inner_apostrophes_stay_in_words_and_dashes_separate() {
        use PieceKind::{Punct, Word};
        assert_eq!(
            pieces("Kata'ib Hamas' — x"),
            vec![
                ("Kata'ib".into(), Word, false),
                ("Hamas".into(), Word, true),
                ("'".into(), Punct, false),
                ("—".into(), Punct, true),
                ("x".into(), Word, true),
            ]
        );
    }
}
