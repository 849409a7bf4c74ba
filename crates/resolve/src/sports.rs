//! Sports metonymy: a place name that stands for a sports team or club
//! (`Sweden defeated South Korea 1 – 0`, `Liverpool's coach`) is retyped
//! ORG, so it is neither linked to the place nor drawn on the map, and the
//! country's entity keeps only the mentions of the country.
//!
//! A place mention (GPE or LOC) is *team-like* when
//!
//! - a score is written right next to it (`Sweden 1 – 0 Korea Republic`,
//!   `beat Panama 3-0`): two numbers of at most two digits joined by a dash,
//!   the first not part of a date or a range (`aged 15-25` has no place next
//!   to it); or
//! - the article is about sport (at least [`MIN_ARTICLE_CUES`] different
//!   sports words, a score counting as one), its sentence has a sports word
//!   or a score, no place preposition comes right before it (`at the
//!   Fisht Stadium in Sochi`: Sochi stays a place) and no word of the state
//!   right after it (`Scotland's justice minister`, `UK government`).
//!
//! Numbers after `from`, `between`, `aged`, … or before a month (`10-13
//! February`) are ranges, not scores. The decision is made per name within
//! the article: the place mentions of one folded name are all retyped when
//! more than half of them are team-like (a mention next to a score counting
//! twice), else none is (one type per entity per article, as in
//! [`crate::within`]). Sports words (`CUES`) are words news uses almost
//! only about sport: `league`, `goal`, `striker`, `coach`, `match`,
//! `stadium`, … (`beat`, `win`, `game`, `season`, `club` alone are not:
//! armies beat armies, elections are won, and the nuclear club is no team).
//!
//! Known misses: a one-off sports sentence in an article about something
//! else needs an adjacent score; a team named by its nickname (`the
//! Socceroos`) is the tagger's business.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use sitrep_core::Doc;
use sitrep_core::EntityType;
use sitrep_core::calendar::month_of_key;
use sitrep_core::lexicon::Lexicon;
use sitrep_core::tables::MentionRow;

use crate::names::fold;

/// Distinct sports words (a score counting as one) an article needs to
/// count as sports news.
pub const MIN_ARTICLE_CUES: usize = 3;

/// Words after which two numbers joined by a dash are a range, not a score.
const RANGE_WORDS: &[&str] = &["from", "between", "aged", "ages", "age", "of", "for", "to"];

/// Lower-case words that mark a sentence as sports reporting.
static CUES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/resolve/cues.tsv",
        include_str!("../../../data/lexicons/resolve/cues.tsv"),
    )
});

/// Prepositions after which a place name is a place, even in sports news:
/// those of `data/lexicons/place_prepositions.tsv` after which a mention is
/// a place, not an event's target (`in`, `at`, `near`, not `to`: `lost to
/// Chelsea`).
static PLACE_PREPOSITIONS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let file = "data/lexicons/place_prepositions.tsv";
    let lexicon = Lexicon::parse(
        file,
        include_str!("../../../data/lexicons/place_prepositions.tsv"),
        4,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    lexicon
        .entries()
        .filter(|entry| entry[2] == "yes")
        .map(|entry| entry[0].clone())
        .collect()
});

/// Words that, right after a place name (or its `'s`), show the place
/// itself is meant: `Scotland's justice minister`, `UK government`.
static STATE_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/resolve/state_words.tsv",
        include_str!("../../../data/lexicons/resolve/state_words.tsv"),
    )
});

/// Whether a token is a score number: one or two digits.
fn is_score_number(token: &str) -> bool {
    !token.is_empty() && token.len() <= 2 && token.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a token is a dash between the two numbers of a score.
fn is_dash(token: &str) -> bool {
    matches!(token, "-" | "–" | "—" | "−")
}

/// Token ranges `[first, end)` of the scores among `forms` (`1 – 0`, `3-0`).
fn scores(forms: &[&str]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < forms.len() {
        let whole = forms[i]
            .split_once(['-', '–', '—'])
            .is_some_and(|(a, b)| is_score_number(a) && is_score_number(b));
        // A number after a number, a `/` or a dash is part of a date, a
        // fraction or a longer range, not a score.
        let after_number = i > 0
            && (forms[i - 1] == "/"
                || is_score_number(forms[i - 1])
                || is_dash(forms[i - 1])
                || RANGE_WORDS.contains(&forms[i - 1]));
        // `10-13 February`: days.
        let before_month = |end: usize| forms.get(end).is_some_and(|t| month_of_key(t).is_some());
        if whole && !after_number && !before_month(i + 1) {
            found.push((i, i + 1));
        } else if i + 2 < forms.len()
            && is_score_number(forms[i])
            && is_dash(forms[i + 1])
            && is_score_number(forms[i + 2])
            && !after_number
            && forms.get(i + 3).is_none_or(|t| !is_dash(t) && *t != "/")
            && !before_month(i + 3)
        {
            found.push((i, i + 3));
            i += 2;
        }
        i += 1;
    }
    found
}

/// For each mention row of `doc` (parallel to `doc.entities()`), whether it
/// is a place name used for a sports team (see the module docs).
pub(crate) fn team_mentions(doc: &Doc, mentions: &[MentionRow]) -> Vec<bool> {
    let entities = doc.entities();
    let mut team = vec![false; mentions.len()];
    if entities.len() != mentions.len() || doc.tokens.is_empty() {
        return team;
    }
    let forms: Vec<String> = (0..doc.tokens.len())
        .map(|t| doc.token_form(t).to_lowercase())
        .collect();
    // Cues per sentence (sports words and scores) and scores by token.
    let mut sentence_cues = vec![0_usize; doc.sentences.len()];
    let mut score_ends: HashSet<usize> = HashSet::new();
    let mut score_starts: HashSet<usize> = HashSet::new();
    // Distinct sports words of the article, and whether it has a score.
    let mut kinds: HashSet<&str> = HashSet::new();
    for (s, sentence) in doc.sentences.iter().enumerate() {
        let range = sentence.first_token..sentence.end_token;
        let words: Vec<&str> = forms[range.clone()].iter().map(String::as_str).collect();
        for word in &words {
            if CUES.contains(word) {
                sentence_cues[s] += 1;
                kinds.insert(word);
            }
        }
        for (first, end) in scores(&words) {
            sentence_cues[s] += 1;
            kinds.insert("1-0");
            score_starts.insert(range.start + first);
            score_ends.insert(range.start + end);
        }
    }
    let sports_article = kinds.len() >= MIN_ARTICLE_CUES;

    // Token range of each mention.
    let mut by_name: HashMap<String, (usize, usize)> = HashMap::new();
    let mut like = vec![false; mentions.len()];
    for (i, entity) in entities.iter().enumerate() {
        let place = matches!(entity.entity_type, EntityType::Gpe | EntityType::Location);
        if !place {
            continue;
        }
        let first = doc
            .tokens
            .partition_point(|t| t.span.end <= entity.span.start);
        let mut end = first;
        while end < doc.tokens.len() && doc.tokens[end].span.start < entity.span.end {
            end += 1;
        }
        if first >= end {
            continue;
        }
        // `Korea's`: the possessive is not the name.
        let name_end = if end - first > 1 && forms[end - 1] == "'s" {
            end - 1
        } else {
            end
        };
        let adjacent_score = score_ends.contains(&first)
            || score_starts.contains(&name_end)
            || score_starts.contains(&end);
        let mut before = first;
        if before > 0 && forms[before - 1] == "the" {
            before -= 1;
        }
        let after_preposition = before > 0
            && doc.tokens[before - 1].sentence_idx == entity.sentence_idx
            && PLACE_PREPOSITIONS.iter().any(|p| *p == forms[before - 1]);
        let next = if forms.get(end).is_some_and(|w| w == "'s") {
            end + 1
        } else {
            end
        };
        let state = forms
            .get(next)
            .is_some_and(|w| STATE_WORDS.contains(&w.as_str()));
        like[i] = adjacent_score
            || (sports_article
                && sentence_cues[entity.sentence_idx] > 0
                && !after_preposition
                && !state);
        let counts = by_name.entry(fold(&mentions[i].text)).or_default();
        counts.0 += 1;
        // A score next to it counts twice.
        counts.1 += usize::from(like[i]) + usize::from(adjacent_score);
    }
    for (i, entity) in entities.iter().enumerate() {
        if !matches!(entity.entity_type, EntityType::Gpe | EntityType::Location) {
            continue;
        }
        if let Some(&(all, teamlike)) = by_name.get(&fold(&mentions[i].text)) {
            team[i] = 2 * teamlike > all;
        }
    }
    team
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_two_small_numbers_and_a_dash() {
        assert_eq!(scores(&["sweden", "1", "-", "0", "korea"]), [(1, 4)]);
        assert_eq!(scores(&["won", "3-0", "."]), [(1, 2)]);
        // A date and a year range are not scores.
        assert!(scores(&["on", "12", "/", "10", "-", "11"]).is_empty());
        assert!(scores(&["in", "1990-91"]).is_empty());
        assert!(scores(&["a", "2", "-", "3", "-", "4", "split"]).is_empty());
        // Ranges of ages and days are not scores.
        assert!(scores(&["aged", "18", "-", "25"]).is_empty());
        assert!(scores(&["istanbul", "from", "10-13", "february"]).is_empty());
        assert!(scores(&["on", "10", "-", "13", "february"]).is_empty());
    }
}
