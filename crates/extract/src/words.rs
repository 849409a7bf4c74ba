//! Word splitting and number words, shared by the event, quantity and date
//! finders.
//!
//! A word is a run of letters, digits, hyphens and apostrophes that starts
//! with a letter or digit; trailing hyphens and apostrophes are dropped.
//! Example: `US-led forces' 22-year-old` gives `US-led`, `forces`,
//! `22-year-old`.
//!
//! Known misses: a word's inner punctuation other than `-` and `'` splits it
//! (`U.S.` is `U` and `S`); typographic apostrophes are expected to have been
//! folded by the normaliser.

/// One word of a text, with the text between it and the previous word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawWord<'a> {
    /// What separates this word from the previous one (or the text start).
    pub(crate) gap: &'a str,
    /// Byte offset of the word in the text.
    pub(crate) start: usize,
    pub(crate) text: &'a str,
}

impl RawWord<'_> {
    /// Byte offset just past the word.
    pub(crate) fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

/// The words of `text`, in order.
pub(crate) fn split_words(text: &str) -> impl Iterator<Item = RawWord<'_>> {
    // ASCII text is split byte by byte (the same words: an ASCII character
    // is alphanumeric exactly when its byte is).
    let ascii = text.is_ascii();
    let mut position = 0;
    std::iter::from_fn(move || {
        let (offset, len) = if ascii {
            let bytes = &text.as_bytes()[position..];
            let offset = bytes.iter().position(u8::is_ascii_alphanumeric)?;
            let len = bytes[offset..]
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'\''))
                .unwrap_or(bytes.len() - offset);
            (offset, len)
        } else {
            let offset = text[position..].find(char::is_alphanumeric)?;
            let len = text[position + offset..]
                .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
                .unwrap_or(text.len() - position - offset);
            (offset, len)
        };
        let gap = &text[position..position + offset];
        let start = position + offset;
        let word = text[start..start + len].trim_end_matches(['-', '\'']);
        position = start + len;
        Some(RawWord {
            gap,
            start,
            text: word,
        })
    })
}

/// Value of a lower-case English number word from `one` to `twenty` or a
/// tens word (`thirty` … `ninety`); compounds (`twenty-two`) are the
/// caller's to split.
pub(crate) fn number_word(word: &str) -> Option<u32> {
    crate::quantities::lexicon::cardinal(word).filter(|value| *value > 0 && word != "nil")
}

/// `word` in lower case, in `buffer` (a byte copy for ASCII words).
pub(crate) fn lower_into<'b>(buffer: &'b mut String, word: &str) -> &'b str {
    buffer.clear();
    if word.is_ascii() {
        buffer.push_str(word);
        buffer.make_ascii_lowercase();
    } else {
        buffer.extend(word.chars().flat_map(char::to_lowercase));
    }
    buffer.as_str()
}

#[cfg(test)]
mod tests {
    use super::{number_word, split_words};

    #[test]
    fn number_words() {
        assert_eq!(number_word("one"), Some(1));
        assert_eq!(number_word("twelve"), Some(12));
        assert_eq!(number_word("ninety"), Some(90));
        assert_eq!(number_word("hundred"), None);
        assert_eq!(number_word("Two"), None);
    }

    #[test]
    fn words_gaps_and_offsets() {
        let words: Vec<_> = split_words("US-led forces' -- 22-year-old.").collect();
        let texts: Vec<&str> = words.iter().map(|w| w.text).collect();
        assert_eq!(texts, ["US-led", "forces", "22-year-old"]);
        assert_eq!(words[0].gap, "");
        assert_eq!(words[1].gap, " ");
        assert_eq!(words[2].gap, " -- ");
        assert_eq!((words[2].start, words[2].end()), (18, 29));
    }

    #[test]
    fn ascii_and_unicode_splits_agree() {
        // The same ASCII words, split byte by byte and (with a non-ASCII
        // word after them) character by character.
        let ascii = "  Iran's 'proxies' -- struck 1,200 sites'; al-Sudani-, 22-year-old_x 9";
        let mixed = format!("{ascii} Ünal");
        let words: Vec<_> = split_words(ascii).collect();
        let unicode: Vec<_> = split_words(&mixed).collect();
        assert_eq!(unicode.len(), words.len() + 1);
        assert_eq!(&unicode[..words.len()], &words[..]);
        let texts: Vec<&str> = words.iter().map(|w| w.text).collect();
        assert_eq!(
            texts,
            [
                "Iran's",
                "proxies",
                "struck",
                "1",
                "200",
                "sites",
                "al-Sudani",
                "22-year-old",
                "x",
                "9"
            ]
        );
        assert_eq!(unicode[words.len()].text, "Ünal");
    }

    #[test]
    fn no_words_in_punctuation() {
        assert_eq!(split_words(" -- ?").count(), 0);
    }
}
