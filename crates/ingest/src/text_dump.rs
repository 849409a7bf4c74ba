//! Text dumps: split a file into articles and strip the page furniture.
//!
//! **Splitting.** Lines are grouped into blocks (runs of non-blank lines).
//! A block starts a new article when the article so far already has body
//! text, its first line looks like a headline (short, capitalised, not ending
//! like a sentence, not a caption), it is not a line already seen in the
//! current article, and either
//!
//! - it follows two or more blank lines (or a separator rule such as `-----`)
//!   and some text follows it, or
//! - the same line comes again right after it, or within the next 12 lines
//!   with only furniture in between (scraped pages repeat the headline after
//!   the captions and the logo line).
//!
//! So body section headings (`ATTACKS — WHEN, WHERE, WHY`) after one blank
//! line stay in their article, and a file of title / blank / body is one
//! article.
//!
//! **Furniture.** Within an article, the first line is the headline. Until
//! the body starts (the preamble), lone logo lines (`TT`), repeats of the
//! headline, metadata headers (`Source:`, `URL:`, `Published:`), lines ending
//! in a parenthesised credit (`… (AP)`) and lines doubled verbatim on the
//! next line are furniture; captions are kept aside with their credits.
//! In the body, repeats of the headline, of a caption or of a logo, and lines
//! ending in a known photo credit (`(Reuters)`, `(… via AP)`) are dropped.
//!
//! ```text
//! Headline                       → headline
//! Caption text. (AP)             → captions: "Caption text.", credits: "AP"
//! TT                             → dropped
//! Headline                       → dropped
//! First paragraph.               → body
//! ```
//!
//! Known misses: an uncredited caption that appears once reads as the first
//! body paragraph; bylines (`By …`) stay in the body; two articles separated
//! by a single blank line and without a repeated headline stay merged; a
//! headline-only article followed by another article is merged into it.

use std::collections::HashSet;

use crate::article::Draft;
use crate::furniture::{self, Metadata};
use crate::published;

/// Kind of one input line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Separator,
    Text,
}

/// One input line, trimmed, with its 1-based number.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    number: usize,
    text: &'a str,
    kind: Kind,
}

/// A run of consecutive text lines.
#[derive(Debug, Clone, Copy)]
struct Block {
    /// Index in `lines` of the first line.
    first: usize,
    /// Index in `lines` one past the last line.
    end: usize,
    /// Blank lines between the previous block and this one.
    gap_before: usize,
    /// A separator rule (or form feed) stands between the previous block and this one.
    separator_before: bool,
}

/// How many following text lines are searched for a repeated headline.
const REPEAT_WINDOW: usize = 12;

fn split_lines(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .enumerate()
        .map(|(index, raw)| {
            let trimmed = raw.trim();
            let kind = if trimmed.is_empty() {
                if raw.contains('\u{c}') {
                    Kind::Separator
                } else {
                    Kind::Blank
                }
            } else if furniture::is_separator(trimmed) {
                Kind::Separator
            } else {
                Kind::Text
            };
            Line {
                number: index + 1,
                text: trimmed,
                kind,
            }
        })
        .collect()
}

fn blocks(lines: &[Line<'_>]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut gap = 0;
    let mut separator = false;
    let mut index = 0;
    while index < lines.len() {
        match lines[index].kind {
            Kind::Blank => gap += 1,
            Kind::Separator => separator = true,
            Kind::Text => {
                let first = index;
                while index + 1 < lines.len() && lines[index + 1].kind == Kind::Text {
                    index += 1;
                }
                blocks.push(Block {
                    first,
                    end: index + 1,
                    gap_before: gap,
                    separator_before: separator,
                });
                gap = 0;
                separator = false;
            }
        }
        index += 1;
    }
    blocks
}

/// Whether `lines[index]`'s text occurs again as the next text line.
fn repeated_next(lines: &[Line<'_>], index: usize) -> bool {
    lines[index + 1..]
        .iter()
        .find(|line| line.kind == Kind::Text)
        .is_some_and(|line| line.text == lines[index].text)
}

/// Whether `lines[index]` (a headline candidate) is repeated the way scraped
/// pages repeat a headline: within the next `REPEAT_WINDOW` text lines, with
/// only furniture in between (logo lines, credited captions, lines doubled
/// verbatim) and either nothing at all or at least one such piece.
fn repeated_as_furniture(lines: &[Line<'_>], index: usize) -> bool {
    let text = lines[index].text;
    let window: Vec<&str> = lines[index + 1..]
        .iter()
        .filter(|line| line.kind == Kind::Text)
        .take(REPEAT_WINDOW)
        .map(|line| line.text)
        .collect();
    for (position, &line) in window.iter().enumerate() {
        if line == text {
            return true;
        }
        let doubled = (position > 0 && window[position - 1] == line)
            || window.get(position + 1) == Some(&line);
        let furniture =
            doubled || furniture::is_logo(line) || furniture::caption_credit(line, false).is_some();
        if !furniture {
            return false;
        }
    }
    false
}

/// A text line that reads like body text rather than a headline or furniture.
fn is_body_like(text: &str) -> bool {
    !furniture::is_headline_like(text)
        && !furniture::is_logo(text)
        && furniture::caption_credit(text, false).is_none()
        && furniture::metadata(text).is_none()
}

/// Indices into `blocks` where articles start (always including 0).
fn article_starts(lines: &[Line<'_>], blocks: &[Block]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut seen: HashSet<&str> = HashSet::new();
    let mut has_body = false;
    for (index, block) in blocks.iter().enumerate() {
        let first = lines[block.first].text;
        if index > 0 && has_body && furniture::is_headline_like(first) && !seen.contains(first) {
            let repeated = repeated_as_furniture(lines, block.first);
            let wide_gap = block.gap_before >= 2 || block.separator_before;
            // A first line followed by a lower-case line is a wrapped paragraph.
            let wrapped = block.end - block.first > 1
                && lines[block.first + 1]
                    .text
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase);
            let followed = block.end - block.first > 1
                || blocks
                    .get(index + 1)
                    .is_some_and(|next| next.gap_before < 2 && !next.separator_before);
            if repeated || (wide_gap && followed && !wrapped) {
                starts.push(index);
                seen.clear();
                has_body = false;
            }
        }
        for line in &lines[block.first..block.end] {
            seen.insert(line.text);
            has_body = has_body || is_body_like(line.text);
        }
    }
    starts
}

/// Splits a decoded text dump into article drafts; `warnings` collects notes.
pub(crate) fn parse(source_path: &str, text: &str, warnings: &mut Vec<String>) -> Vec<Draft> {
    // Old Mac files end lines with a lone CR.
    let converted;
    let text = if text.contains('\r') && !text.contains('\n') {
        converted = text.replace('\r', "\n");
        converted.as_str()
    } else {
        text
    };
    let lines = split_lines(text);
    let blocks = blocks(&lines);
    if blocks.is_empty() {
        return Vec::new();
    }
    let starts = article_starts(&lines, &blocks);
    let mut drafts = Vec::with_capacity(starts.len());
    for (k, &start) in starts.iter().enumerate() {
        let first_line = blocks[start].first;
        let end_line = starts
            .get(k + 1)
            .map_or(lines.len(), |&next| blocks[next].first);
        if let Some(draft) = build(source_path, &lines[first_line..end_line], warnings) {
            drafts.push(draft);
        }
    }
    drafts
}

/// Accumulates body paragraphs, joining wrapped lines with one space.
#[derive(Default)]
struct Paragraphs {
    done: Vec<String>,
    current: String,
}

impl Paragraphs {
    fn push_line(&mut self, text: &str) {
        if !self.current.is_empty() {
            self.current.push(' ');
        }
        self.current.push_str(text);
    }

    fn flush(&mut self) {
        if !self.current.is_empty() {
            self.done.push(std::mem::take(&mut self.current));
        }
    }
}

/// Adds a caption unless the same caption with the same credit is already there.
fn add_caption(captions: &mut Vec<(String, String)>, caption: &str, credit: &str) {
    if !captions.iter().any(|(c, r)| c == caption && r == credit) {
        captions.push((caption.to_owned(), credit.to_owned()));
    }
}

/// Builds one article from its lines; `None` when only furniture is left.
fn build(source_path: &str, lines: &[Line<'_>], warnings: &mut Vec<String>) -> Option<Draft> {
    let mut headline: Option<&str> = None;
    let mut captions: Vec<(String, String)> = Vec::new();
    let mut furniture_lines: HashSet<&str> = HashSet::new();
    let mut logos: HashSet<&str> = HashSet::new();
    let mut paragraphs = Paragraphs::default();
    let mut in_body = false;
    let mut url = None;
    let mut outlet = None;
    let mut published = None;
    let mut first_number = None;
    let mut last_number = 0;

    for (index, line) in lines.iter().enumerate() {
        if line.kind != Kind::Text {
            paragraphs.flush();
            continue;
        }
        let text = line.text;
        first_number.get_or_insert(line.number);
        last_number = line.number;
        if !in_body {
            if furniture::is_logo(text) {
                logos.insert(text);
                continue;
            }
            if let Some(meta) = furniture::metadata(text) {
                let header_before_headline = match meta {
                    Metadata::Url(_) => true,
                    Metadata::Published(value) => published::parse_input(value).is_some(),
                    Metadata::Outlet(value) => value.split_whitespace().count() <= 4,
                };
                if headline.is_some() || header_before_headline {
                    match meta {
                        Metadata::Url(value) => url = Some(value.to_owned()),
                        Metadata::Outlet(value) => outlet = Some(value.to_owned()),
                        Metadata::Published(value) => match published::parse_input(value) {
                            Some(date) => published = Some(date),
                            None => warnings.push(format!(
                                "{source_path}:{}: `{text}` is not a date this tool reads; \
                                 the publication date is inferred from the text instead",
                                line.number
                            )),
                        },
                    }
                    continue;
                }
            }
            let Some(title) = headline else {
                headline = Some(text);
                continue;
            };
            if text == title || furniture_lines.contains(text) {
                continue;
            }
            if let Some((caption, credit)) = furniture::caption_credit(text, false) {
                add_caption(&mut captions, caption, credit);
                furniture_lines.insert(text);
                continue;
            }
            if repeated_next(lines, index) {
                add_caption(&mut captions, text, "");
                furniture_lines.insert(text);
                continue;
            }
            in_body = true;
        }
        if Some(text) == headline || furniture_lines.contains(text) || logos.contains(text) {
            paragraphs.flush();
            continue;
        }
        if let Some((caption, credit)) = furniture::caption_credit(text, true) {
            add_caption(&mut captions, caption, credit);
            furniture_lines.insert(text);
            paragraphs.flush();
            continue;
        }
        paragraphs.push_line(text);
    }
    paragraphs.flush();

    let headline = headline?;
    if paragraphs.done.is_empty() {
        // Quote at most 80 characters: a hostile one-line file would put megabytes in the log.
        let mut shown: String = headline.chars().take(80).collect();
        if shown.len() < headline.len() {
            shown.push('…');
        }
        warnings.push(format!(
            "{source_path}:{}: article `{shown}` has a headline but no body text",
            first_number.unwrap_or(1)
        ));
    }
    if outlet.is_none() {
        outlet = url.as_deref().and_then(furniture::url_host);
    }
    Some(Draft {
        headline: headline.to_owned(),
        paragraphs: paragraphs.done,
        captions,
        line_start: first_number.unwrap_or(1),
        line_end: last_number,
        url,
        outlet,
        published,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drafts(text: &str) -> Vec<Draft> {
        parse("t.txt", text, &mut Vec::new())
    }

    #[test]
    fn single_article_with_title_and_body() {
        let text = "Ad sales boost profit\n\nProfits jumped 76% in the quarter.\n\nThe firm said sales rose.\n";
        let drafts = drafts(text);
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].headline, "Ad sales boost profit");
        assert_eq!(
            drafts[0].paragraphs,
            [
                "Profits jumped 76% in the quarter.",
                "The firm said sales rose."
            ]
        );
        assert_eq!((drafts[0].line_start, drafts[0].line_end), (1, 5));
    }

    #[test]
    fn wrapped_lines_join_and_headings_stay() {
        let text = "Talks resume\n\nOfficials met in Doha\non Monday to talk.\n\nWHO ATTENDED\n\nEnvoys from both sides came.";
        let drafts = drafts(text);
        assert_eq!(drafts.len(), 1);
        assert_eq!(
            drafts[0].paragraphs,
            [
                "Officials met in Doha on Monday to talk.",
                "WHO ATTENDED",
                "Envoys from both sides came."
            ]
        );
    }

    #[test]
    fn wide_gap_before_a_headline_splits() {
        let text = "First story\n\nIt happened here.\n\n\n\nSecond story\n\nIt happened there.\n";
        let drafts = drafts(text);
        assert_eq!(drafts.len(), 2);
        assert_eq!(drafts[1].headline, "Second story");
        assert_eq!((drafts[1].line_start, drafts[1].line_end), (7, 9));
        assert_eq!((drafts[0].line_start, drafts[0].line_end), (1, 3));
    }

    #[test]
    fn wide_gap_before_a_sentence_does_not_split() {
        let text = "First story\n\nIt happened here.\n\n\nIt went on for days.\n";
        let drafts = drafts(text);
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].paragraphs.len(), 2);
    }

    #[test]
    fn repeated_headline_after_one_blank_splits() {
        let text = "First story\n\nIt happened here.\n\nSecond story\nA photo of it. (Reuters)\nTT\n\nSecond story\n\nIt happened there.";
        let drafts = drafts(text);
        assert_eq!(drafts.len(), 2);
        assert_eq!(drafts[1].headline, "Second story");
        assert_eq!(
            drafts[1].captions,
            [("A photo of it.".to_owned(), "Reuters".to_owned())]
        );
        assert_eq!(drafts[1].paragraphs, ["It happened there."]);
    }

    #[test]
    fn separator_rule_splits() {
        let text = "First story\n\nIt happened here.\n-----\nSecond story\n\nIt happened there.";
        assert_eq!(drafts(text).len(), 2);
    }

    #[test]
    fn repeated_uncredited_caption_is_furniture() {
        let text = "Story\n\nPeople fled the town on Sept. 24, 2024.\nPeople fled the town on Sept. 24, 2024.\n\nThe town emptied.";
        let drafts = drafts(text);
        assert_eq!(
            drafts[0].captions,
            [(
                "People fled the town on Sept. 24, 2024.".to_owned(),
                String::new()
            )]
        );
        assert_eq!(drafts[0].paragraphs, ["The town emptied."]);
    }

    #[test]
    fn metadata_headers_give_outlet_url_and_date() {
        let text =
            "Story\nURL: https://www.aawsat.com/x\nPublished: 2024-09-24\n\nThe town emptied.";
        let drafts = drafts(text);
        assert_eq!(drafts[0].outlet.as_deref(), Some("aawsat.com"));
        assert_eq!(drafts[0].url.as_deref(), Some("https://www.aawsat.com/x"));
        assert_eq!(drafts[0].published.as_ref().unwrap().source, "input");
        assert_eq!(drafts[0].paragraphs, ["The town emptied."]);
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let drafts = drafts("Story\r\rThe town emptied.\r");
        assert_eq!(
            (drafts[0].headline.as_str(), drafts[0].line_end),
            ("Story", 3)
        );
    }

    #[test]
    fn furniture_only_gives_nothing() {
        assert!(drafts("TT\n\nTT\n").is_empty());
        assert!(drafts("\n\n\n").is_empty());
    }
}
