//! `Tokenizer`: word and punctuation tokens inside each sentence, split the
//! way Universal Dependencies English (EWT) splits them, so the parser and
//! every extractor share one token sequence.
//!
//! Each whitespace-separated chunk of a sentence is split in passes:
//!
//! 0. **Whole chunks**: emoticons (`:)`, `:-(`, `;D`) are one token.
//! 1. **Prefixes**: opening quotes and brackets, currency signs, `<`, `>`,
//!    `~` and bullets are tokens of their own (`"Islamic` → `"`, `Islamic`;
//!    `$5` → `$`, `5`); a run of one repeated sign (`***`, `$$$`, `>>`) is
//!    one token; a hashtag (`#audiobooks`) stays whole.
//! 2. **URLs and e-mail addresses** (`https://…`, `www.…`, `name@host.tld`)
//!    are kept whole, minus trailing punctuation.
//! 3. **Suffixes**, peeled from the end: closing quotes and brackets, `,` `;`
//!    `:` `!` `?` `%` (`60%` → `60`, `%`), ellipses (`...` is one token), a
//!    run of `!`, `?` and `.` mixed (`!!!`, `?!`) as one token, a trailing
//!    hyphen (`service-`), a final `.` unless the word is an abbreviation
//!    (`Oct.`, `U.S.`, `Gen.`, `etc.`, initials keep their period), and
//!    clitics: `'s`, `'m`, `'d`, `'re`, `'ve`, `'ll` and `n't` (`Israel's` →
//!    `Israel`, `'s`; `doesn't` → `does`, `n't`; `Hamas'` → `Hamas`, `'`).
//!    Words written without the apostrophe split the same way (`dont` →
//!    `do`, `nt`; `im` → `i`, `m`; `gonna` → `gon`, `na`; `cannot` → `can`,
//!    `not`), except `its`, `ill`, `id`, `were` and `well`.
//! 4. **Infixes** inside what remains: a hyphen before a letter splits
//!    (`Iran-backed` → `Iran`, `-`, `backed`; `al-Sudani` → `al`, `-`,
//!    `Sudani`) unless it follows a prefix UD keeps whole (`e-mail`,
//!    `non-human`, `re-election`, `co-workers`, `pro-Iranian`); en and em
//!    dashes always split, `--` is one token, an ellipsis splits
//!    (`way...actually`), a comma or colon splits unless it sits between
//!    digits (`2,000`, `10:30` stay whole), a slash splits between letters
//!    (`and/or`) but not after a single letter (`w/o`, `b/c`), quotes and
//!    brackets split. Single periods inside a word never split (`1.5`,
//!    `U.S.-led` → `U.S.`, `-`, `led`).
//!
//! Tokenisation F1 against UD English-EWT dev (gold sentence texts, our
//! sentence splitter, spans aligned as in CoNLL 2018, `sitrep eval syntax
//! --raw`): 97.5 before these UD rules, 99.1 with them.
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
//! a leading apostrophe is split from a year (`'90s` → `'`, `90s`); `its`
//! meaning "it is" is not split.

use sitrep_core::{ByteSpan, Doc, Token};
use std::sync::LazyLock;

use crate::abbreviations::{self, AbbreviationKind};
use sitrep_core::component::{Component, Layer};

/// Splits sentences into tokens (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct Tokenizer;

/// Characters split off the front of a chunk.
fn is_prefix(c: char, next: Option<char>) -> bool {
    match c {
        '"' | '\'' | '(' | '[' | '{' | '<' | '>' | '~' | '$' | '£' | '€' | '¥' | '#' | '•'
        | '*' | '¿' | '¡' | '—' | '–' => true,
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

/// Words written without their apostrophe that UD English-EWT splits like
/// their clitic forms (`dont` → `do` + `nt`, `im` → `i` + `m`, `gonna` →
/// `gon` + `na`), with the byte length of the first part. `its`, `ill`,
/// `id`, `were` and `well` are words in their own right and stay whole.
const FUSED_WORDS: &[(&str, usize)] = &[
    ("aint", 2),
    ("alot", 1),
    ("arent", 3),
    ("arnt", 2),
    ("awhile", 1),
    ("cannot", 3),
    ("cant", 2),
    ("couldnt", 5),
    ("didnt", 3),
    ("doesnt", 4),
    ("dont", 2),
    ("gonna", 3),
    ("gotta", 3),
    ("hadnt", 3),
    ("hasnt", 3),
    ("havent", 4),
    ("hes", 2),
    ("im", 1),
    ("isnt", 2),
    ("ive", 1),
    ("outta", 3),
    ("shouldnt", 6),
    ("thats", 4),
    ("theres", 5),
    ("wanna", 3),
    ("wasnt", 3),
    ("werent", 4),
    ("whats", 4),
    ("wont", 2),
    ("wouldnt", 5),
    ("youre", 3),
];

/// Where a fused word splits (see [`FUSED_WORDS`]), any case.
fn fused_split(core: &str) -> Option<usize> {
    if core.len() > 8 || !core.is_ascii() {
        return None;
    }
    let lower = core.to_ascii_lowercase();
    FUSED_WORDS
        .binary_search_by(|(word, _)| (*word).cmp(lower.as_str()))
        .ok()
        .map(|i| FUSED_WORDS[i].1)
}

/// Prefixes that keep their hyphen in UD English (`e-mail`, `non-human`,
/// `re-election`, `co-workers`): the hyphen after them does not split.
static HYPHEN_PREFIXES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/normalise/hyphen_prefixes.tsv",
        include_str!("../../../data/lexicons/normalise/hyphen_prefixes.tsv"),
    )
});

/// Whether `word` (the text before a hyphen) is a prefix that keeps the hyphen.
fn is_hyphen_prefix(word: &str) -> bool {
    word.len() <= 6
        && HYPHEN_PREFIXES
            .iter()
            .any(|prefix| prefix.eq_ignore_ascii_case(word))
}

/// Emoticons kept as one token (`:)`, `:-(`, `;D`…).
fn is_emoticon(chunk: &str) -> bool {
    let mut chars = chunk.chars();
    let Some(eyes) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    let mouth = rest.strip_prefix('-').unwrap_or(rest);
    matches!(eyes, ':' | ';' | '=')
        && matches!(
            mouth,
            ")" | "(" | "D" | "P" | "p" | "/" | "|" | "]" | "[" | "O" | "o"
        )
}

/// Characters whose runs (`!!!`, `***`, `$$$`, `>>`) are one token.
fn repeats_as_one(c: char) -> bool {
    matches!(c, '!' | '?' | '*' | '$' | '<' | '>' | '=' | '~' | '+' | '#')
}

/// Byte length of the run of `c` at the start of `text`.
fn run_len(text: &str, c: char) -> usize {
    text.len() - text.trim_start_matches(c).len()
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
        if is_emoticon(&text[start..end]) {
            tokens.push(chunk);
            return;
        }
        // 1. Prefixes.
        while start < end {
            let mut chars = text[start..end].chars();
            let Some(c) = chars.next() else { break };
            let next = chars.next();
            if c == '#' && next.is_some_and(char::is_alphabetic) {
                // A hashtag is one word.
                break;
            }
            if !is_prefix(c, next) {
                break;
            }
            let len = if repeats_as_one(c) {
                run_len(&text[start..end], c)
            } else {
                c.len_utf8()
            };
            tokens.push(ByteSpan::new(start, start + len));
            start += len;
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
            let mixed_run = core.len() - core.trim_end_matches(['.', '!', '?']).len();
            if !url && mixed_run > 1 && core[core.len() - mixed_run..].contains(['!', '?']) {
                // `!!!`, `?!`, `.?`: one token.
                suffixes.push(ByteSpan::new(end - mixed_run, end));
                end -= mixed_run;
            } else if !url && last != '.' && repeats_as_one(last) && core.len() > last.len_utf8() {
                let run = core.len() - core.trim_end_matches(last).len();
                suffixes.push(ByteSpan::new(end - run, end));
                end -= run;
            } else if last == '-' && !url && core.len() > 1 {
                // A trailing hyphen (`service-`) is punctuation.
                let run = core.len() - core.trim_end_matches('-').len();
                suffixes.push(ByteSpan::new(end - run, end));
                end -= run;
            } else if last == '.' {
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
        // Fused words written without their apostrophe.
        if !url
            && start < end
            && let Some(split) = fused_split(&text[start..end])
        {
            tokens.push(ByteSpan::new(start, start + split));
            tokens.push(ByteSpan::new(start + split, end));
            tokens.extend(suffixes.drain(..).rev());
            return;
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
            } else if c == '.' && next == Some('.') {
                // An ellipsis inside a chunk (`way...actually`) is a token.
                run_len(&text[at..end], '.')
            } else if c == '-' && is_hyphen_prefix(&text[token_start..at]) {
                0
            } else if c == '/' && text[token_start..at].chars().count() == 1 {
                // `w/o`, `b/c`, `l/c` stay whole.
                0
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

    #[test]
    fn ud_prefixes_keep_their_hyphen() {
        assert_eq!(
            tokens("e-mail non-human re-election pro-Iranian al-Sudani"),
            [
                "e-mail",
                "non-human",
                "re-election",
                "pro-Iranian",
                "al",
                "-",
                "Sudani"
            ]
        );
    }

    #[test]
    fn words_without_apostrophes_split_like_clitics() {
        assert_eq!(
            tokens("I dont know, im gonna go. Its fine, cannot"),
            [
                "I", "do", "nt", "know", ",", "i", "m", "gon", "na", "go", ".", "Its", "fine", ",",
                "can", "not"
            ]
        );
    }

    #[test]
    fn repeated_punctuation_and_emoticons_are_one_token() {
        assert_eq!(
            tokens("Wow!!! Really?! great :) way...actually *** $$$ service- #audiobooks w/o"),
            [
                "Wow",
                "!!!",
                "Really",
                "?!",
                "great",
                ":)",
                "way",
                "...",
                "actually",
                "***",
                "$$$",
                "service",
                "-",
                "#audiobooks",
                "w/o"
            ]
        );
    }
}
