//! The small tokeniser under the number and date grammars.
//!
//! A text becomes words (runs of letters), digit runs (ASCII digits only, so
//! `1,200.5` is `1` `,` `200` `.` `5`) and single punctuation characters, each
//! with its byte span and whether whitespace came before it. The grammars
//! read separators themselves (`1,200` is a number only when the parts touch).
//! Every token carries its key: the same bytes of an ASCII-lower-cased copy
//! of the text (so `Oct` has the key `oct`), which the grammars compare
//! with their word lists without allocating.
//!
//! ```text
//! "On Oct. 17-21, 2023" → On | Oct | . | 17 | - | 21 | , | 2023
//! ```
//!
//! Known misses: none of its own; words with inner apostrophes split
//! (`New Year's` is `New` `Year` `'` `s`), which the grammars expect.

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters.
    Word,
    /// ASCII digits.
    Digits,
    /// One other non-space character.
    Punct,
}

/// One token: its byte span in the text, kind, and lower-case key.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'a> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: Kind,
    /// Whitespace (or the text start) comes right before the token.
    pub(crate) space_before: bool,
    key: &'a str,
}

impl<'a> Token<'a> {
    /// The token in lower-case ASCII (digits and punctuation as they are).
    pub(crate) fn key(&self) -> &'a str {
        self.key
    }

    /// Whether this is the word `word` (given in lower case).
    pub(crate) fn is(&self, word: &str) -> bool {
        self.key == word
    }

    /// Whether this is the punctuation character `c`.
    pub(crate) fn is_punct(&self, c: u8) -> bool {
        self.kind == Kind::Punct && self.key.as_bytes() == [c]
    }

    /// The token's text in `text`.
    pub(crate) fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// Value of a digit run (saturating; `None` for other tokens or over 18 digits).
    pub(crate) fn digits(&self) -> Option<u64> {
        if self.kind != Kind::Digits || self.key.len() > 18 {
            return None;
        }
        self.key.parse().ok()
    }

    /// Number of digits of a digit run (0 for other tokens).
    pub(crate) fn digit_count(&self) -> usize {
        if self.kind == Kind::Digits {
            self.end - self.start
        } else {
            0
        }
    }

    /// Whether the token touches the previous one (no whitespace between).
    pub(crate) fn touches(&self) -> bool {
        !self.space_before
    }
}

/// Splits `text` into tokens, appending them to `out` (cleared first);
/// `lower` is `text.to_ascii_lowercase()`, which the keys point into.
pub(crate) fn tokenize<'a>(text: &str, lower: &'a str, out: &mut Vec<Token<'a>>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut space_before = true;
    while at < bytes.len() {
        let b = bytes[at];
        if b.is_ascii_whitespace() {
            space_before = true;
            at += 1;
            continue;
        }
        let start = at;
        let kind = if b.is_ascii_digit() {
            while at < bytes.len() && bytes[at].is_ascii_digit() {
                at += 1;
            }
            Kind::Digits
        } else if b.is_ascii_alphabetic() {
            while at < bytes.len() && bytes[at].is_ascii_alphabetic() {
                at += 1;
            }
            // A word may continue in non-ASCII letters (`Sprüngli`).
            at = extend_letters(text, at);
            Kind::Word
        } else if b < 0x80 {
            at += 1;
            Kind::Punct
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                space_before = true;
                at += c.len_utf8();
                continue;
            }
            if c.is_alphabetic() {
                at = extend_letters(text, at + c.len_utf8());
                Kind::Word
            } else {
                at += c.len_utf8();
                Kind::Punct
            }
        };
        out.push(Token {
            start,
            end: at,
            kind,
            space_before,
            key: &lower[start..at],
        });
        space_before = false;
    }
}

fn extend_letters(text: &str, mut at: usize) -> usize {
    while let Some(c) = text[at..].chars().next() {
        if c.is_alphabetic() {
            at += c.len_utf8();
        } else {
            break;
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_digits_and_punctuation_with_spacing() {
        let text = "On Oct. 17-21, Zürich";
        let lower = text.to_ascii_lowercase();
        let mut tokens = Vec::new();
        tokenize(text, &lower, &mut tokens);
        let parts: Vec<(&str, bool)> = tokens
            .iter()
            .map(|t| (t.text(text), t.space_before))
            .collect();
        assert_eq!(
            parts,
            [
                ("On", true),
                ("Oct", true),
                (".", false),
                ("17", true),
                ("-", false),
                ("21", false),
                (",", false),
                ("Zürich", true)
            ]
        );
        assert!(tokens[1].is("oct"));
        assert_eq!(tokens[3].digits(), Some(17));
        assert!(tokens[4].is_punct(b'-'));
        assert_eq!(tokens[7].key(), "zürich");
    }
}
