//! `TextNormaliser`: character-level folding into the normalised view, with an
//! [`OffsetMap`] back to the original text.
//!
//! The original text is read once, left to right, as *clusters* (a character
//! and the combining marks after it). Each cluster goes through an ordered list
//! of [`CharFold`] rules; the first rule that applies writes the replacement,
//! and a cluster no rule claims is copied unchanged. The standard list:
//!
//! 1. [`InvisibleRemoval`]: zero-width characters, soft hyphens, byte-order
//!    marks, bidirectional controls and other control characters disappear.
//! 2. [`QuoteFold`]: `“ ” „ ‟ « » ″` become `"`, `‘ ’ ‚ ‛ ′ ‹ › ´ ʼ` become `'`.
//! 3. [`HyphenFold`]: the Unicode hyphen, non-breaking hyphen, figure dash and
//!    minus sign become `-`. En and em dashes (`–`, `—`) are **kept**: they mark
//!    ranges and asides, which a plain hyphen would confuse with compounds.
//! 4. [`CompatibilityFold`]: NFKC of the cluster: ligatures (`ﬁ` → `fi`),
//!    full-width forms (`Ｉｒａｎ` → `Iran`), `…` → `...`, composed accents.
//!
//! Whitespace is laid out afterwards: every run of whitespace (any Unicode
//! space, tab, no-break or thin space, line breaks) becomes one `' '`, or
//! `"\n\n"` when the run holds two or more line breaks (a paragraph break).
//! Whitespace at the start and end of the text is dropped, so paragraphs never
//! begin or end with a space.
//!
//! Every normalised byte maps to the original cluster (or whitespace run) it
//! came from, so `Doc::original_text` of any span of non-whitespace normalised
//! text gives back the exact original characters.
//!
//! ```
//! use sitrep_normalise::TextNormaliser;
//! let (normalised, _offsets) = TextNormaliser::standard().normalise("“Israel’s”  war…\n\nNext\u{00a0}day");
//! assert_eq!(normalised, "\"Israel's\" war...\n\nNext day");
//! ```
//!
//! Known misses: NFKC runs per cluster, so compositions that span clusters
//! (conjoining Hangul jamo) are left as they are; NFKC folds that would produce
//! whitespace (`¨` → space + diaeresis) are skipped and the character kept;
//! superscripts and fractions are folded (`km²` → `km2`, `½` → `1⁄2`).

use std::fmt;

use sitrep_core::{ByteSpan, OffsetMap};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// One character-level folding rule of the [`TextNormaliser`].
pub trait CharFold: Send + Sync + fmt::Debug {
    /// Short name of the rule, for docs and logs.
    fn name(&self) -> &'static str;

    /// If the rule applies to `cluster` (a character and the combining marks
    /// that follow it), writes its replacement (possibly nothing) to `out` and
    /// returns `true`; otherwise leaves `out` alone and returns `false`.
    fn fold(&self, cluster: &str, out: &mut String) -> bool;
}

/// The only character of `cluster`, if it has exactly one.
fn single_char(cluster: &str) -> Option<char> {
    let mut chars = cluster.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Removes invisible characters: zero-width space/joiners, word joiner, soft
/// hyphen, byte-order mark, bidirectional marks and controls, and control
/// characters other than whitespace.
///
/// Example: `"Hez\u{00ad}bollah\u{200b}"` → `"Hezbollah"`.
///
/// Known misses: removing the zero-width joiner also breaks emoji sequences and
/// Persian words that rely on the non-joiner for shaping (their letters stay).
#[derive(Debug, Clone, Copy, Default)]
pub struct InvisibleRemoval;

impl InvisibleRemoval {
    /// Whether `c` is removed by this rule.
    #[must_use]
    pub fn is_invisible(c: char) -> bool {
        matches!(
            c,
            '\u{00ad}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        ) || (c.is_control() && !c.is_whitespace())
    }
}

impl CharFold for InvisibleRemoval {
    fn name(&self) -> &'static str {
        "invisible_removal"
    }

    fn fold(&self, cluster: &str, out: &mut String) -> bool {
        let mut chars = cluster.chars();
        match chars.next() {
            Some(first) if Self::is_invisible(first) => {
                // Keep any combining marks that followed the invisible character.
                out.push_str(chars.as_str());
                true
            }
            _ => false,
        }
    }
}

/// Folds typographic quotes, primes and apostrophe look-alikes to ASCII `"` and `'`.
///
/// Example: `“Israel’s”` → `"Israel's"`.
///
/// Known misses: the ASCII grave accent `` ` `` is left alone; the Hawaiian
/// ʻokina (U+02BB) is a letter and is kept.
#[derive(Debug, Clone, Copy, Default)]
pub struct QuoteFold;

impl CharFold for QuoteFold {
    fn name(&self) -> &'static str {
        "quote_fold"
    }

    fn fold(&self, cluster: &str, out: &mut String) -> bool {
        let replacement = match single_char(cluster) {
            Some('“' | '”' | '„' | '‟' | '«' | '»' | '″' | '〝' | '〞' | '〟') => {
                '"'
            }
            Some('‘' | '’' | '‚' | '‛' | '′' | '‹' | '›' | '´' | 'ʼ') => '\'',
            _ => return false,
        };
        out.push(replacement);
        true
    }
}

/// Folds hyphen look-alikes (U+2010 hyphen, U+2011 non-breaking hyphen, U+2012
/// figure dash, U+2212 minus sign, U+FE63 and U+FF0D small and full-width
/// hyphen-minus) to ASCII `-`; en and em dashes are kept.
///
/// Example: `Iran‑backed` (non-breaking hyphen) → `Iran-backed`.
///
/// Known misses: an en dash used as a hyphen (`Iran–backed`) stays an en dash
/// and is tokenised as a dash.
#[derive(Debug, Clone, Copy, Default)]
pub struct HyphenFold;

impl CharFold for HyphenFold {
    fn name(&self) -> &'static str {
        "hyphen_fold"
    }

    fn fold(&self, cluster: &str, out: &mut String) -> bool {
        match single_char(cluster) {
            Some('\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}') => {
                out.push('-');
                true
            }
            _ => false,
        }
    }
}

/// NFKC-folds a cluster: compatibility characters become their plain form and
/// base + combining marks are composed.
///
/// Example: `ﬁnal` → `final`, `Ｉｒａｎ` → `Iran`, `…` → `...`, `e\u{301}` → `é`.
///
/// Known misses: folds that would introduce whitespace are skipped (the
/// character is kept); see the module docs.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompatibilityFold;

impl CharFold for CompatibilityFold {
    fn name(&self) -> &'static str {
        "compatibility_fold"
    }

    fn fold(&self, cluster: &str, out: &mut String) -> bool {
        if is_nfkc_quick(cluster.chars()) == IsNormalized::Yes {
            return false;
        }
        let mark = out.len();
        out.extend(cluster.nfkc());
        if out[mark..] == *cluster || out[mark..].chars().any(char::is_whitespace) {
            out.truncate(mark);
            return false;
        }
        true
    }
}

/// Whitespace seen since the last emitted character, not yet written.
#[derive(Debug, Clone, Copy)]
struct PendingWhitespace {
    start: usize,
    end: usize,
    line_breaks: u32,
}

/// Output being built: normalised text, its offset map and pending whitespace.
struct Builder {
    normalised: String,
    offsets: OffsetMap,
    pending: Option<PendingWhitespace>,
}

impl Builder {
    fn whitespace(&mut self, span: ByteSpan, line_breaks: u32) {
        match &mut self.pending {
            Some(pending) => {
                pending.end = span.end;
                pending.line_breaks += line_breaks;
            }
            None => {
                self.pending = Some(PendingWhitespace {
                    start: span.start,
                    end: span.end,
                    line_breaks,
                });
            }
        }
    }

    fn emit(&mut self, text: &str, original: ByteSpan) {
        if text.is_empty() {
            return;
        }
        if let Some(pending) = self.pending.take()
            && !self.normalised.is_empty()
        {
            let separator = if pending.line_breaks >= 2 {
                "\n\n"
            } else {
                " "
            };
            self.normalised.push_str(separator);
            self.offsets
                .push(separator.len(), ByteSpan::new(pending.start, pending.end));
        }
        self.normalised.push_str(text);
        self.offsets.push(text.len(), original);
    }

    /// Emits folded output, routing any whitespace it holds to the layout.
    fn emit_folded(&mut self, folded: &str, original: ByteSpan) {
        if !folded.chars().any(char::is_whitespace) {
            self.emit(folded, original);
            return;
        }
        let mut buffer = [0u8; 4];
        for c in folded.chars() {
            if c.is_whitespace() {
                self.whitespace(original, 0);
            } else {
                self.emit(c.encode_utf8(&mut buffer), original);
            }
        }
    }
}

/// How many line breaks whitespace character `c` at byte `at` counts for.
fn line_breaks(text: &str, at: usize, c: char) -> u32 {
    match c {
        '\n' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' => 1,
        '\r' => u32::from(text.as_bytes().get(at + 1) != Some(&b'\n')),
        '\u{2029}' => 2,
        _ => 0,
    }
}

/// Produces the normalised view of a text: an ordered list of [`CharFold`]
/// rules followed by whitespace layout (see the module docs).
#[derive(Debug)]
pub struct TextNormaliser {
    folds: Vec<Box<dyn CharFold>>,
}

impl Default for TextNormaliser {
    fn default() -> Self {
        Self::standard()
    }
}

impl TextNormaliser {
    /// The standard rule list: invisible removal, quotes, hyphens, NFKC.
    #[must_use]
    pub fn standard() -> Self {
        Self::with_folds(vec![
            Box::new(InvisibleRemoval),
            Box::new(QuoteFold),
            Box::new(HyphenFold),
            Box::new(CompatibilityFold),
        ])
    }

    /// A normaliser with a custom ordered rule list.
    #[must_use]
    pub fn with_folds(folds: Vec<Box<dyn CharFold>>) -> Self {
        Self { folds }
    }

    /// Names of the rules, in the order they are tried.
    #[must_use]
    pub fn fold_names(&self) -> Vec<&'static str> {
        self.folds.iter().map(|fold| fold.name()).collect()
    }

    /// Normalises `text`, returning the normalised text and the map from its
    /// bytes to byte ranges of `text`.
    #[must_use]
    pub fn normalise(&self, text: &str) -> (String, OffsetMap) {
        let mut builder = Builder {
            normalised: String::with_capacity(text.len()),
            offsets: OffsetMap::with_original_len(text.len()),
            pending: None,
        };
        let mut scratch = String::new();
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < text.len() {
            let c = text[at..].chars().next().unwrap_or_default();
            let mut end = at + c.len_utf8();
            if c.is_whitespace() {
                builder.whitespace(ByteSpan::new(at, end), line_breaks(text, at, c));
                at = end;
                continue;
            }
            // Extend the cluster over following combining marks.
            while end < text.len() && bytes[end] >= 0x80 {
                let next = text[end..].chars().next().unwrap_or_default();
                if !is_combining_mark(next) {
                    break;
                }
                end += next.len_utf8();
            }
            let span = ByteSpan::new(at, end);
            let cluster = &text[at..end];
            if c.is_ascii() && end == at + 1 && !c.is_ascii_control() {
                builder.emit(cluster, span);
            } else {
                scratch.clear();
                if self
                    .folds
                    .iter()
                    .any(|fold| fold.fold(cluster, &mut scratch))
                {
                    builder.emit_folded(&scratch, span);
                } else {
                    builder.emit(cluster, span);
                }
            }
            at = end;
        }
        (builder.normalised, builder.offsets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(text: &str) -> String {
        TextNormaliser::standard().normalise(text).0
    }

    /// Original text of normalised span `start..end`.
    fn original<'a>(text: &'a str, offsets: &OffsetMap, start: usize, end: usize) -> &'a str {
        offsets.to_original(ByteSpan::new(start, end)).slice(text)
    }

    #[test]
    fn typographic_quotes_fold_to_ascii() {
        assert_eq!(normalised("“Islamic Resistance”"), "\"Islamic Resistance\"");
        assert_eq!(
            normalised("Iran’s ‘tactical’ «retreat» „x‟"),
            "Iran's 'tactical' \"retreat\" \"x\""
        );
        assert_eq!(normalised("5′ 6″"), "5' 6\"");
    }

    #[test]
    fn special_spaces_become_one_space() {
        assert_eq!(
            normalised("60\u{00a0}US\u{2009}personnel\u{202f}here \t now"),
            "60 US personnel here now"
        );
    }

    #[test]
    fn invisible_characters_are_removed() {
        assert_eq!(
            normalised("Hez\u{00ad}bol\u{200b}lah\u{feff}\u{200e}"),
            "Hezbollah"
        );
        assert_eq!(normalised("a\u{0007}b"), "ab");
    }

    #[test]
    fn compatibility_characters_fold() {
        assert_eq!(normalised("ﬁnal Ｉｒａｎ wait…"), "final Iran wait...");
        assert_eq!(normalised("cafe\u{301}"), "café");
    }

    #[test]
    fn dashes_are_kept_and_hyphens_fold() {
        assert_eq!(
            normalised("Hezbollah — a group – 2011"),
            "Hezbollah — a group – 2011"
        );
        assert_eq!(normalised("Iran\u{2011}backed \u{2212}5"), "Iran-backed -5");
    }

    #[test]
    fn line_layout_keeps_paragraph_breaks_only() {
        assert_eq!(
            normalised("  Headline \n\nPara one\nwraps.\r\n\r\n \n Para two.\n"),
            "Headline\n\nPara one wraps.\n\nPara two."
        );
        assert_eq!(normalised("a\u{2029}b"), "a\n\nb");
        assert_eq!(normalised(" \n\n "), "");
    }

    #[test]
    fn offsets_point_at_the_exact_original_characters() {
        let text = "“Israel’s”  war…\u{00a0}ends";
        let (norm, offsets) = TextNormaliser::standard().normalise(text);
        assert_eq!(norm, "\"Israel's\" war... ends");
        assert_eq!(original(text, &offsets, 0, 1), "“");
        assert_eq!(original(text, &offsets, 1, 7), "Israel");
        assert_eq!(original(text, &offsets, 7, 9), "’s");
        assert_eq!(original(text, &offsets, 0, 10), "“Israel’s”");
        // "..." maps back to the single ellipsis character; part of it too.
        assert_eq!(original(text, &offsets, 14, 17), "…");
        assert_eq!(original(text, &offsets, 14, 15), "…");
        assert_eq!(original(text, &offsets, 11, 22), "war…\u{00a0}ends");
        assert_eq!(offsets.normalised_len(), norm.len());
    }

    #[test]
    fn rule_names_are_listed_in_order() {
        assert_eq!(
            TextNormaliser::standard().fold_names(),
            [
                "invisible_removal",
                "quote_fold",
                "hyphen_fold",
                "compatibility_fold"
            ]
        );
    }
}
