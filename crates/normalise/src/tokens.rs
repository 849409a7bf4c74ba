//! `Tokenizer`: word and punctuation tokens inside each sentence.
//!
//! Each whitespace-separated chunk of a sentence is split, spaCy-style, in
//! three passes:
//!
//! 1. **Prefixes**: opening quotes and brackets, currency signs and bullets
//!    are tokens of their own (`"Islamic` → `"`, `Islamic`; `$5` → `$`, `5`).
//! 2. **URLs and e-mail addresses** (`https://…`, `www.…`, `name@host.tld`)
//!    are kept whole, minus trailing punctuation.
//! 3. **Suffixes**, peeled from the end: closing quotes and brackets, `,` `;`
//!    `:` `!` `?` `%` (`60%` → `60`, `%`), ellipses (`...` is one token), a
//!    final `.` unless the word is an abbreviation (`Oct.`, `U.S.`, `Gen.`,
//!    `etc.`, initials keep their period), and clitics: `'s`, `'m`, `'d`,
//!    `'re`, `'ve`, `'ll` and `n't` (`Israel's` → `Israel`, `'s`; `doesn't` →
//!    `does`, `n't`; `Hamas'` → `Hamas`, `'`).
//! 4. **Infixes** inside what remains: a hyphen before a letter splits
//!    (`Iran-backed` → `Iran`, `-`, `backed`; `al-Sudani` → `al`, `-`,
//!    `Sudani`), en and em dashes always split, `--` is one token, a comma or
//!    colon splits unless it sits between digits (`2,000`, `10:30` stay
//!    whole), a slash splits between letters (`and/or`), quotes and brackets
//!    split. Periods inside a word never split (`1.5`, `U.S.-led` → `U.S.`,
//!    `-`, `led`).
//!
//! ```
//! use sitrep_normalise::Tokenizer;
//! let text = "Iran-backed groups' 2,000 troops (60%) didn't leave the U.S. on Oct. 17.";
//! let tokens: Vec<&str> = Tokenizer::tokenize(text, sitrep_core::ByteSpan::new(0, text.len()))
//!     .iter()
//!     .map(|span| span.slice(text))
//!     .collect();
//! assert_eq!(
//!     tokens,
//!     ["Iran", "-", "backed", "groups", "'", "2,000", "troops", "(", "60", "%", ")",
//!      "did", "n't", "leave", "the", "U.S.", "on", "Oct.", "17", "."]
//! );
//! ```
//!
//! Known misses: numbers glued to units stay one token (`5km`); a sentence
//! ending in an abbreviation has no separate final `.` token (`…in the U.S.`);
//! a leading apostrophe is split from a year (`'90s` → `'`, `90s`); emoticons
//! and hashtags are not recognised.

use sitrep_core::{ByteSpan, Doc, Token};

use crate::abbreviations::{self, AbbreviationKind};
use sitrep_core::component::{Component, Layer};

/// Splits sentences into tokens (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct Tokenizer;

/// Characters split off the front of a chunk.
fn is_prefix(c: char, next: Option<char>) -> bool {
    match c {
        '"' | '\'' | '(' | '[' | '{' | '<' | '$' | '£' | '€' | '¥' | '#' | '•' | '*' | '¿'
        | '¡' | '—' | '–' => true,
        '-' => !next.is_some_and(|n| n.is_ascii_digit() || n == '-'),
        _ => false,
    }
}

/// Characters split off the end of a chunk (the period is handled apart).
fn is_suffix(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '}' | '>' | ',' | ';' | ':' | '!' | '?' | '%' | '—' | '–' | '*'
    )
}

/// Whether `chunk` is a URL or an e-mail address.
fn is_url_or_email(chunk: &str) -> bool {
    let lower_prefix = |prefix: &str| {
        chunk.len() > prefix.len()
            && chunk.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
    };
    if lower_prefix("http://") || lower_prefix("https://") || lower_prefix("www.") {
        return true;
    }
    match chunk.split_once('@') {
        Some((user, host)) => {
            let host = host.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
            !user.is_empty()
                && user
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._%+-".contains(&b))
                && host.contains('.')
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-".contains(&b))
        }
        None => false,
    }
}

/// Byte length of a clitic ending `core`, if any (`'s`, `n't`, …).
fn clitic_len(core: &str) -> Option<usize> {
    let bytes = core.as_bytes();
    for clitic in ["n't", "'s", "'m", "'d", "'re", "'ve", "'ll"] {
        let n = clitic.len();
        if bytes.len() > n
            && bytes[bytes.len() - n..].eq_ignore_ascii_case(clitic.as_bytes())
            && core[..bytes.len() - n].ends_with(char::is_alphanumeric)
        {
            return Some(n);
        }
    }
    None
}

/// Whether character `c` at an inner position splits off as its own token,
/// given its neighbours.
fn is_infix(c: char, previous: Option<char>, next: Option<char>) -> bool {
    let digit = |x: Option<char>| x.is_some_and(|x| x.is_ascii_digit());
    let letter = |x: Option<char>| x.is_some_and(char::is_alphabetic);
    match c {
        '—' | '–' | '―' | '"' | '(' | ')' | '[' | ']' | '{' | '}' | ';' | '!' | '?' => true,
        '-' => letter(next) && previous.is_some_and(|p| p.is_alphanumeric() || p == '.'),
        ',' | ':' => !(digit(previous) && digit(next)),
        '/' => letter(previous) && letter(next),
        '%' => digit(previous),
        _ => false,
    }
}

/// Whether abbreviation candidate `word` keeps its final period as part of
/// the token; numbering abbreviations (`No.`) only do before a number.
fn keeps_period(word: &str, next_char: Option<char>) -> bool {
    match abbreviations::classify(word) {
        None => false,
        Some(AbbreviationKind::Numbering) => next_char.is_some_and(char::is_numeric),
        Some(_) => true,
    }
}

impl Tokenizer {
    /// Token spans (in `text` coordinates) of the sentence at `sentence`.
    #[must_use]
    pub fn tokenize(text: &str, sentence: ByteSpan) -> Vec<ByteSpan> {
        let mut tokens = Vec::new();
        let mut suffixes = Vec::new();
        Self::tokenize_into(text, sentence, &mut tokens, &mut suffixes);
        tokens
    }

    fn tokenize_into(
        text: &str,
        sentence: ByteSpan,
        tokens: &mut Vec<ByteSpan>,
        suffixes: &mut Vec<ByteSpan>,
    ) {
        let slice = sentence.slice(text);
        let mut at = 0;
        loop {
            let rest = &slice[at..];
            at += rest.len() - rest.trim_start().len();
            if at >= slice.len() {
                break;
            }
            let chunk_end = slice[at..]
                .find(char::is_whitespace)
                .map_or(slice.len(), |len| at + len);
            let next_char = slice[chunk_end..].trim_start().chars().next();
            Self::tokenize_chunk(
                text,
                ByteSpan::new(sentence.start + at, sentence.start + chunk_end),
                next_char,
                tokens,
                suffixes,
            );
            at = chunk_end;
        }
    }

    /// Tokenizes the whitespace-free `chunk`; `next_char` is the first
    /// character of the following chunk in the sentence.
    fn tokenize_chunk(
        text: &str,
        chunk: ByteSpan,
        next_char: Option<char>,
        tokens: &mut Vec<ByteSpan>,
        suffixes: &mut Vec<ByteSpan>,
    ) {
        let (mut start, mut end) = (chunk.start, chunk.end);
        // 1. Prefixes.
        while start < end {
            let mut chars = text[start..end].chars();
            let Some(c) = chars.next() else { break };
            if !is_prefix(c, chars.next()) {
                break;
            }
            tokens.push(ByteSpan::new(start, start + c.len_utf8()));
            start += c.len_utf8();
        }
        // 2. URLs and e-mail addresses.
        suffixes.clear();
        let url = start < end && is_url_or_email(&text[start..end]);
        // 3. Suffixes.
        while start < end {
            let core = &text[start..end];
            let Some(last) = core.chars().next_back() else {
                break;
            };
            if last == '.' {
                if url {
                    suffixes.push(ByteSpan::new(end - 1, end));
                    end -= 1;
                    continue;
                }
                let dots = core.len() - core.trim_end_matches('.').len();
                let before = &core[..core.len() - dots];
                if dots == 1 && keeps_period(before, next_char) {
                    break;
                }
                suffixes.push(ByteSpan::new(end - dots, end));
                end -= dots;
            } else if is_suffix(last) {
                suffixes.push(ByteSpan::new(end - last.len_utf8(), end));
                end -= last.len_utf8();
            } else if !url && let Some(n) = clitic_len(core) {
                suffixes.push(ByteSpan::new(end - n, end));
                end -= n;
            } else {
                break;
            }
        }
        // 4. Infixes.
        if url {
            if start < end {
                tokens.push(ByteSpan::new(start, end));
            }
        } else {
            Self::split_infixes(text, start, end, tokens);
        }
        tokens.extend(suffixes.drain(..).rev());
    }

    /// Splits `text[start..end]` at infix characters.
    fn split_infixes(text: &str, start: usize, end: usize, tokens: &mut Vec<ByteSpan>) {
        let mut token_start = start;
        let mut previous = None;
        let mut at = start;
        while at < end {
            let mut rest = text[at..end].chars();
            let Some(c) = rest.next() else { break };
            let next = rest.next();
            let split_len = if c == '-' && next == Some('-') {
                // A run of hyphens is one dash token.
                text[at..end].len() - text[at..end].trim_start_matches('-').len()
            } else if is_infix(c, previous, next) {
                c.len_utf8()
            } else {
                0
            };
            if split_len == 0 {
                at += c.len_utf8();
            } else {
                if at > token_start {
                    tokens.push(ByteSpan::new(token_start, at));
                }
                tokens.push(ByteSpan::new(at, at + split_len));
                at += split_len;
                token_start = at;
            }
            previous = Some(c);
        }
        if end > token_start {
            tokens.push(ByteSpan::new(token_start, end));
        }
    }
}

impl Component for Tokenizer {
    fn name(&self) -> &'static str {
        "tokenizer"
    }

    fn reads(&self) -> &'static [Layer] {
        &[Layer::Normalised, Layer::Sentences]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }

    fn annotate(&self, doc: &mut Doc) {
        let mut spans = Vec::new();
        let mut suffixes = Vec::new();
        doc.tokens.clear();
        doc.tokens.reserve(doc.normalised.len() / 5);
        for (sentence_idx, sentence) in doc.sentences.iter_mut().enumerate() {
            spans.clear();
            Self::tokenize_into(&doc.normalised, sentence.span, &mut spans, &mut suffixes);
            sentence.first_token = doc.tokens.len();
            doc.tokens
                .extend(spans.iter().map(|&span| Token::new(span, sentence_idx)));
            sentence.end_token = doc.tokens.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<&str> {
        Tokenizer::tokenize(text, ByteSpan::new(0, text.len()))
            .into_iter()
            .map(|span| span.slice(text))
            .collect()
    }

    #[test]
    fn words_and_sentence_punctuation() {
        assert_eq!(
            tokens("He left, then returned; fine: yes!"),
            [
                "He", "left", ",", "then", "returned", ";", "fine", ":", "yes", "!"
            ]
        );
    }

    #[test]
    fn numbers_keep_separators_and_decimals() {
        assert_eq!(
            tokens("about 2,000 troops, 1.5 million and 1,200."),
            [
                "about", "2,000", "troops", ",", "1.5", "million", "and", "1,200", "."
            ]
        );
        assert_eq!(
            tokens("at 10:30, -5 degrees"),
            ["at", "10:30", ",", "-5", "degrees"]
        );
    }

    #[test]
    fn percentages_and_currency_split() {
        assert_eq!(tokens("60% of $5"), ["60", "%", "of", "$", "5"]);
    }

    #[test]
    fn hyphenated_compounds_split_like_spacy() {
        assert_eq!(
            tokens("Iran-backed al-Sudani US-led COVID-19 U.S.-based"),
            [
                "Iran", "-", "backed", "al", "-", "Sudani", "US", "-", "led", "COVID-19", "U.S.",
                "-", "based"
            ]
        );
    }

    #[test]
    fn dashes_split() {
        assert_eq!(
            tokens("war—and peace -- now – 2011–2012"),
            [
                "war", "—", "and", "peace", "--", "now", "–", "2011", "–", "2012"
            ]
        );
    }

    #[test]
    fn possessives_and_clitics_split() {
        assert_eq!(
            tokens("Israel's state's Hamas' don't can't I'm we'll they've"),
            [
                "Israel", "'s", "state", "'s", "Hamas", "'", "do", "n't", "ca", "n't", "I", "'m",
                "we", "'ll", "they", "'ve"
            ]
        );
        assert_eq!(tokens("O'Brien's"), ["O'Brien", "'s"]);
    }

    #[test]
    fn quotes_and_brackets_split() {
        assert_eq!(
            tokens("\"Islamic Resistance\" (AP) said: \"No.\""),
            [
                "\"",
                "Islamic",
                "Resistance",
                "\"",
                "(",
                "AP",
                ")",
                "said",
                ":",
                "\"",
                "No",
                ".",
                "\""
            ]
        );
        assert_eq!(tokens("salvation,\" he"), ["salvation", ",", "\"", "he"]);
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(
            tokens("Gen. Soleimani, Oct. 17, U.S. forces, etc. and J. Smith."),
            [
                "Gen.",
                "Soleimani",
                ",",
                "Oct.",
                "17",
                ",",
                "U.S.",
                "forces",
                ",",
                "etc.",
                "and",
                "J.",
                "Smith",
                "."
            ]
        );
        assert_eq!(tokens("in the U.S."), ["in", "the", "U.S."]);
    }

    #[test]
    fn ellipsis_is_one_token() {
        assert_eq!(tokens("wait... and..."), ["wait", "...", "and", "..."]);
    }

    #[test]
    fn urls_and_emails_stay_whole() {
        assert_eq!(
            tokens("See https://example.com/a-b?c=1, www.igourmet.com. Or mail news@example.org."),
            [
                "See",
                "https://example.com/a-b?c=1",
                ",",
                "www.igourmet.com",
                ".",
                "Or",
                "mail",
                "news@example.org",
                "."
            ]
        );
    }

    #[test]
    fn slashes_split_between_words() {
        assert_eq!(tokens("and/or 1/2"), ["and", "/", "or", "1/2"]);
    }
}
