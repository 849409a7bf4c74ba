//! Spans, offsets and the alignment between original and normalised text.
//!
//! Alignment rule: inside Rust every span is a half-open **byte** range
//! ([`ByteSpan`]). Tables carry half-open **character** ranges (Unicode scalar
//! values, which is what Python's `str` indexes), converted by [`CharIndex`].
//! A normalised text keeps, for each of its bytes, the byte range of the
//! original character it came from ([`OffsetMap`]); a normalised span maps to
//! the original range from the start of its first character to the end of its
//! last character, so removed whitespace at the edges never leaks in.

use serde::{Deserialize, Serialize};

/// Half-open byte range `[start, end)` into some text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ByteSpan {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl ByteSpan {
    /// A span from `start` to `end` (panics in debug builds if reversed).
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "reversed span {start}..{end}");
        Self { start, end }
    }

    /// Length in bytes.
    #[must_use]
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies inside this span.
    #[must_use]
    pub fn contains(self, other: ByteSpan) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    #[must_use]
    pub fn overlaps(self, other: ByteSpan) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The slice of `text` this span covers.
    #[must_use]
    pub fn slice(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}

/// Converts byte offsets of one text into character offsets.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// `chars[b]` = number of characters before byte `b` (len + 1 entries).
    chars: Vec<u32>,
}

impl CharIndex {
    /// Builds the index for `text`.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut chars = Vec::with_capacity(text.len() + 1);
        let mut count = 0u32;
        for (_, ch) in text.char_indices() {
            for _ in 0..ch.len_utf8() {
                chars.push(count);
            }
            count += 1;
        }
        chars.push(count);
        Self { chars }
    }

    /// Character offset of byte offset `byte` (which should be a char boundary;
    /// a byte inside a character maps to that character's offset).
    #[must_use]
    pub fn char_of(&self, byte: usize) -> usize {
        self.chars[byte.min(self.chars.len() - 1)] as usize
    }

    /// Character range of a byte span, as table columns want it.
    #[must_use]
    pub fn char_span(&self, span: ByteSpan) -> (i64, i64) {
        (
            self.char_of(span.start) as i64,
            self.char_of(span.end) as i64,
        )
    }

    /// Number of characters in the text.
    #[must_use]
    pub fn char_len(&self) -> usize {
        *self.chars.last().unwrap_or(&0) as usize
    }
}

/// Byte offset of character offset `char_offset` in `text` (the text's length
/// if past the end). The inverse of [`CharIndex::char_of`] at boundaries.
#[must_use]
pub fn byte_of_char(text: &str, char_offset: usize) -> usize {
    text.char_indices()
        .nth(char_offset)
        .map_or(text.len(), |(b, _)| b)
}

/// Maps byte positions of a normalised text back to the original text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// For each normalised byte: start byte of the original character.
    starts: Vec<u32>,
    /// For each normalised byte: end byte of the original character (or of the
    /// original sequence the normalised character replaced).
    ends: Vec<u32>,
    /// Length of the original text.
    original_len: u32,
}

impl OffsetMap {
    /// An empty map for an original text of `original_len` bytes; fill it with
    /// [`OffsetMap::push`] as normalised text is produced.
    #[must_use]
    pub fn with_original_len(original_len: usize) -> Self {
        Self {
            starts: Vec::new(),
            ends: Vec::new(),
            original_len: original_len as u32,
        }
    }

    /// The identity map for a text that normalisation left unchanged.
    #[must_use]
    pub fn identity(text: &str) -> Self {
        let mut map = Self::with_original_len(text.len());
        for (b, ch) in text.char_indices() {
            map.push(ch.len_utf8(), ByteSpan::new(b, b + ch.len_utf8()));
        }
        map
    }

    /// Records that the next `normalised_len` bytes of normalised text came
    /// from `original` in the original text.
    pub fn push(&mut self, normalised_len: usize, original: ByteSpan) {
        for _ in 0..normalised_len {
            self.starts.push(original.start as u32);
            self.ends.push(original.end as u32);
        }
    }

    /// Length of the normalised text this map covers.
    #[must_use]
    pub fn normalised_len(&self) -> usize {
        self.starts.len()
    }

    /// The original span a normalised span came from.
    #[must_use]
    pub fn to_original(&self, span: ByteSpan) -> ByteSpan {
        if span.is_empty() {
            let at = self
                .starts
                .get(span.start)
                .map_or(self.original_len, |&s| s) as usize;
            return ByteSpan::new(at, at);
        }
        ByteSpan::new(
            self.starts[span.start] as usize,
            self.ends[span.end - 1] as usize,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_counts_multibyte_characters_once() {
        let text = "a’b“c”";
        let index = CharIndex::new(text);
        let c = text.find('c').unwrap();
        assert_eq!(index.char_of(c), 4);
        assert_eq!(index.char_len(), 6);
        assert_eq!(byte_of_char(text, 4), c);
        assert_eq!(byte_of_char(text, 99), text.len());
    }

    #[test]
    fn offset_map_skips_collapsed_whitespace_at_span_edges() {
        // original "a  b" normalised to "a b": the single space stands for two.
        let mut map = OffsetMap::with_original_len(4);
        map.push(1, ByteSpan::new(0, 1));
        map.push(1, ByteSpan::new(1, 3));
        map.push(1, ByteSpan::new(3, 4));
        assert_eq!(map.to_original(ByteSpan::new(2, 3)), ByteSpan::new(3, 4));
        assert_eq!(map.to_original(ByteSpan::new(0, 3)), ByteSpan::new(0, 4));
        assert_eq!(map.to_original(ByteSpan::new(3, 3)), ByteSpan::new(4, 4));
    }
}
