//! How tagger spans and rule matches become one set of mentions, and how
//! each name gets one type per article.
//!
//! **Combination** (per sentence): the trained tagger's spans come first
//! (`method = tagger`). Where a knowledge-base match of the same type covers
//! a tagger span (`Al-Awsat` → `Asharq Al-Awsat`), or a listed person's full
//! name (two words or more) ends a tagger person span (`State Antony
//! Blinken` → `Antony Blinken`: titles leak into tagged names; a listed
//! `Sadr` alone does not cut `Muqtada al-Sadr`), the match's bounds replace
//! the tagger's, and
//! `method = tagger+gazetteer` (as when both cover exactly the same words),
//! with a higher confidence. Shorter matches inside other tagger spans do
//! not cut them (`Gulf of Mexico`, `University of Texas` stay whole). A knowledge-base match
//! (`gazetteer`) that overlaps no tagger span is added, so listed names the
//! tagger missed are still found. The other rules (titles, head nouns,
//! context) are not used: the tagger learned those cues from data.
//! Then names are found again across the article ([`propagate`]), unless
//! the tagger passed the name over more often than it found it.
//!
//! **One type per name per article**: mentions are grouped by their
//! knowledge-base key (lower case, `the` and `'s` dropped), and a bare
//! surname joins the group of an earlier full person name ending in it
//! (`Sayegh` after `Ziad al-Sayegh`). A group whose mentions disagree takes
//! the knowledge base's type when the name is listed with a single type
//! (so `Labour` or `Hezbollah` are never people), otherwise the type most of
//! its mentions have, ties going to the first mention's type. A single
//! mention the knowledge base lists with one other type is retyped the same
//! way, so the People table never lists a listed party or club.

use sitrep_core::FastMap;
use sitrep_core::kb::normalise_key;
use sitrep_core::{ByteSpan, Doc, EntityType, KnowledgeBase};

/// A mention before it becomes a row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    /// Span in the normalised text.
    pub(crate) span: ByteSpan,
    /// Entity type.
    pub(crate) entity_type: EntityType,
    /// Value of the `method` column.
    pub(crate) method: &'static str,
    /// Confidence in span and type.
    pub(crate) confidence: f64,
}

/// Confidence of a tagger span.
pub(crate) const TAGGER: f64 = 0.75;
/// Confidence of a tagger span that a knowledge-base match confirms.
const CONFIRMED: f64 = 0.9;

/// Merges one sentence's tagger spans and knowledge-base matches (both in
/// text order) into mentions in text order.
pub(crate) fn combine(text: &str, tagged: &[Found], gazetteer: &[Found]) -> Vec<Found> {
    let overlaps = |a: &Found, b: &Found| a.span.start < b.span.end && b.span.start < a.span.end;
    let mut out: Vec<Found> = Vec::with_capacity(tagged.len() + gazetteer.len());
    for t in tagged {
        if gazetteer.iter().any(|g| g.span == t.span) {
            out.push(Found {
                method: "tagger+gazetteer",
                confidence: CONFIRMED,
                ..t.clone()
            });
            continue;
        }
        // A listed name of the same type that covers the tagger's span, or a
        // listed full name (two words or more) ending the tagger's person
        // span, gives the bounds: a listed surname alone does not cut
        // `Muqtada al-Sadr` to `Sadr`.
        let listed: Vec<&Found> = gazetteer
            .iter()
            .filter(|g| {
                g.entity_type == t.entity_type
                    && ((g.span.start <= t.span.start && t.span.end <= g.span.end)
                        || (g.method == "gazetteer"
                            && t.entity_type == EntityType::Person
                            && g.span.end == t.span.end
                            && t.span.start < g.span.start
                            && g.span.slice(text).contains(' ')))
            })
            .collect();
        if listed.is_empty() {
            out.push(office_cut(text, t).unwrap_or_else(|| t.clone()));
        } else {
            out.extend(listed.into_iter().map(|g| Found {
                method: if g.method == "gazetteer" {
                    "tagger+gazetteer"
                } else {
                    "tagger+rule"
                },
                confidence: CONFIRMED,
                ..g.clone()
            }));
        }
    }
    for g in gazetteer {
        if g.method == "gazetteer" && out.iter().all(|m| !overlaps(m, g)) {
            out.push(g.clone());
        }
    }
    out.sort_by_key(|m| (m.span.start, m.span.end));
    out.dedup_by(|a, b| a.span == b.span);
    out
}

/// A tagged person span that begins with the end of an office written
/// `<title> of …` (`Secretary of State George Shultz`, tagged `State George
/// Shultz`; `Minister of Education Stefania Giannini`), cut to start at its
/// first given name (of the Census lists), keeping two words at least; `None` when the span is not such a one.
fn office_cut(text: &str, t: &Found) -> Option<Found> {
    if t.entity_type != EntityType::Person {
        return None;
    }
    let mut before = text[..t.span.start].split_whitespace().rev();
    let (of, title) = (before.next()?, before.next()?);
    let title = title.to_lowercase();
    if of != "of" || !sitrep_core::titles::cuts_training_spans(&title) {
        return None;
    }
    let slice = t.span.slice(text);
    let words: Vec<(usize, &str)> = slice
        .split(' ')
        .scan(0, |at, word| {
            let start = *at;
            *at += word.len() + 1;
            Some((start, word))
        })
        .filter(|(_, word)| !word.is_empty())
        .collect();
    let given = |word: &str| sitrep_ner::given_name_band(word) > 0;
    if words.len() < 3 || given(words[0].1) {
        return None;
    }
    let k = (1..words.len() - 1).find(|&k| given(words[k].1))?;
    // An initial belongs to the name (`J. Walter Thompson Co`).
    if words[..k]
        .iter()
        .any(|(_, word)| word.len() <= 2 || word.ends_with('.'))
    {
        return None;
    }
    Some(Found {
        span: ByteSpan::new(t.span.start + words[k].0, t.span.end),
        ..t.clone()
    })
}

/// Confidence of a name found again elsewhere in the article.
const ECHO: f64 = 0.6;

/// Finds again, anywhere in the article, the names found once: the same
/// capitalised token sequence (case-sensitive) where no mention is yet,
/// typed like the first find (`method = name_propagation`); a bare surname
/// of a person named in full counts too (`Montalvo` after `Daniel
/// Montalvo`). Longer names are tried first. A name is spread only when it
/// was found at least as often as the places it would be added: one
/// mistaken find of a word the tagger passed over twenty times
/// (`Scientology` typed PERSON once) does not become twenty mistakes. Bare
/// surnames of full names are always spread.
pub(crate) fn propagate(doc: &Doc, mentions: &mut [Vec<Found>]) {
    // Words, type, and how often the tagger or the knowledge base found the
    // name itself (`None` for the bare surname of a full name).
    let mut echoes: Vec<(Vec<&str>, EntityType, Option<usize>)> = Vec::new();
    for (idx, sentence) in mentions.iter().enumerate() {
        let tokens = doc.sentence_tokens(idx);
        for m in sentence {
            let words: Vec<&str> = tokens
                .iter()
                .filter(|t| m.span.start <= t.span.start && t.span.end <= m.span.end)
                .map(|t| doc.text(t.span))
                .collect();
            let Some(first) = words.first() else { continue };
            if !first.starts_with(char::is_uppercase) {
                continue;
            }
            if m.entity_type == EntityType::Person && words.len() >= 2 {
                let last = words[words.len() - 1];
                if last.chars().count() >= 3 && last.starts_with(char::is_uppercase) {
                    echoes.push((vec![last], EntityType::Person, None));
                }
            }
            echoes.push((words, m.entity_type, Some(1)));
        }
    }
    if echoes.is_empty() {
        return;
    }
    // One type per echo: the first find wins; finds of the same words add up.
    let mut first_of: FastMap<Vec<&str>, usize> = FastMap::default();
    let mut kept: Vec<(Vec<&str>, EntityType, Option<usize>)> = Vec::new();
    for (words, entity_type, finds) in echoes {
        if let Some(&k) = first_of.get(&words) {
            kept[k].2 = match (kept[k].2, finds) {
                (Some(a), Some(b)) => Some(a + b),
                _ => None,
            };
        } else {
            first_of.insert(words.clone(), kept.len());
            kept.push((words, entity_type, finds));
        }
    }
    let mut echoes = kept;
    echoes.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
    // The echoes by first word, in the order above, so each token is
    // compared only with the echoes that can start on it.
    let mut by_first: FastMap<&str, Vec<usize>> = FastMap::default();
    for (k, (words, _, _)) in echoes.iter().enumerate() {
        by_first.entry(words[0]).or_default().push(k);
    }
    // Where each echo would be added: (sentence, span, echo).
    let mut additions: Vec<(usize, ByteSpan, usize)> = Vec::new();
    let mut free_count = vec![0usize; echoes.len()];
    for (idx, sentence) in mentions.iter().enumerate() {
        let tokens = doc.sentence_tokens(idx);
        let mut i = 0;
        while i < tokens.len() {
            let candidates = by_first.get(doc.text(tokens[i].span));
            let hit = candidates.into_iter().flatten().copied().find(|&k| {
                let words = &echoes[k].0;
                i + words.len() <= tokens.len()
                    && words
                        .iter()
                        .zip(&tokens[i..])
                        .all(|(w, t)| doc.text(t.span) == *w)
            });
            let Some(k) = hit else {
                i += 1;
                continue;
            };
            let len = echoes[k].0.len();
            let span = ByteSpan::new(tokens[i].span.start, tokens[i + len - 1].span.end);
            let glued_left = i > 0
                && tokens[i - 1].span.end == span.start
                && doc
                    .text(tokens[i - 1].span)
                    .ends_with(|c: char| c.is_alphanumeric() || c == '-');
            let glued_right = tokens.get(i + len).is_some_and(|t| {
                t.span.start == span.end && doc.text(t.span).starts_with(char::is_alphanumeric)
            });
            let free = sentence
                .iter()
                .all(|m| span.end <= m.span.start || m.span.end <= span.start);
            if free && !glued_left && !glued_right {
                additions.push((idx, span, k));
                free_count[k] += 1;
            }
            i += len;
        }
    }
    let mut touched = vec![false; mentions.len()];
    for (idx, span, k) in additions {
        let (_, entity_type, finds) = &echoes[k];
        // A name found fewer times than it is passed over is not spread.
        if finds.is_some_and(|finds| finds < free_count[k]) {
            continue;
        }
        mentions[idx].push(Found {
            span,
            entity_type: *entity_type,
            method: "name_propagation",
            confidence: ECHO,
        });
        touched[idx] = true;
    }
    for (sentence, touched) in mentions.iter_mut().zip(touched) {
        if touched {
            sentence.sort_by_key(|m| (m.span.start, m.span.end));
        }
    }
}

/// The single type the knowledge base gives `key`, if it gives exactly one.
fn kb_type(kb: &KnowledgeBase, key: &str) -> Option<EntityType> {
    let mut types = kb.lookup(key).map(|e| e.entity_type);
    let first = types.next()?;
    types.all(|t| t == first).then_some(first)
}

/// Gives every name one type per article (see the module docs).
pub(crate) fn one_type_per_name(text: &str, mentions: &mut [Vec<Found>], kb: &KnowledgeBase) {
    // Group key of each mention, in order.
    let mut keys: Vec<Vec<String>> = Vec::with_capacity(mentions.len());
    let mut surnames: FastMap<String, String> = FastMap::default();
    for sentence in mentions.iter() {
        let mut sentence_keys = Vec::with_capacity(sentence.len());
        for m in sentence {
            let key = normalise_key(m.span.slice(text));
            let group = match surnames.get(&key) {
                Some(full) if !key.contains(' ') => full.clone(),
                _ => key.clone(),
            };
            if m.entity_type == EntityType::Person
                && let Some((_, last)) = key.rsplit_once(' ')
                && last.chars().count() >= 3
            {
                surnames
                    .entry(last.to_owned())
                    .or_insert_with(|| key.clone());
            }
            sentence_keys.push(group);
        }
        keys.push(sentence_keys);
    }
    // Votes per group: count per type, and the first type seen.
    let mut votes: FastMap<&str, ([usize; 6], EntityType)> = FastMap::default();
    for (sentence, sentence_keys) in mentions.iter().zip(&keys) {
        for (m, key) in sentence.iter().zip(sentence_keys) {
            let entry = votes.entry(key.as_str()).or_insert(([0; 6], m.entity_type));
            entry.0[type_index(m.entity_type)] += 1;
        }
    }
    let mut decided: FastMap<&str, EntityType> = FastMap::default();
    for (key, (counts, first)) in &votes {
        let chosen = kb_type(kb, key).unwrap_or_else(|| {
            let best = counts.iter().copied().max().unwrap_or(0);
            if counts[type_index(*first)] == best {
                *first
            } else {
                EntityType::ALL[counts.iter().position(|&c| c == best).unwrap_or(0)]
            }
        });
        decided.insert(key, chosen);
    }
    for (sentence, sentence_keys) in mentions.iter_mut().zip(&keys) {
        for (m, key) in sentence.iter_mut().zip(sentence_keys) {
            if let Some(&t) = decided.get(key.as_str()) {
                m.entity_type = t;
            }
        }
    }
}

/// Position of `t` in [`EntityType::ALL`].
fn type_index(t: EntityType) -> usize {
    EntityType::ALL.iter().position(|&x| x == t).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, word: &str, nth: usize, entity_type: EntityType) -> Found {
        let start = text.match_indices(word).nth(nth).unwrap().0;
        Found {
            span: ByteSpan::new(start, start + word.len()),
            entity_type,
            method: "tagger",
            confidence: TAGGER,
        }
    }

    #[test]
    fn an_office_written_with_of_is_cut_from_a_tagged_name() {
        let text = "Secretary of State George Shultz met the chairman of J. Walter Thompson Co \
                    and Minister of Education Stefania Giannini and Ms Lee Ann Park.";
        let tagged = [
            found(text, "State George Shultz", 0, EntityType::Person),
            found(text, "J. Walter Thompson Co", 0, EntityType::Person),
            found(text, "Education Stefania Giannini", 0, EntityType::Person),
            found(text, "Lee Ann Park", 0, EntityType::Person),
        ];
        let out = combine(text, &tagged, &[]);
        let got: Vec<&str> = out.iter().map(|m| m.span.slice(text)).collect();
        assert_eq!(
            got,
            [
                "George Shultz",
                "J. Walter Thompson Co",
                "Stefania Giannini",
                "Lee Ann Park"
            ]
        );
    }

    #[test]
    fn tagger_spans_win_and_free_gazetteer_matches_join() {
        let text = "Kataeb Hezbollah and Iran met in Baghdad with State Antony Blinken and Muqtada al-Sadr.";
        let tagged = [
            found(text, "Kataeb Hezbollah", 0, EntityType::Organisation),
            found(text, "Baghdad", 0, EntityType::Gpe),
            found(text, "State Antony Blinken", 0, EntityType::Person),
            found(text, "Muqtada al-Sadr", 0, EntityType::Person),
        ];
        let mut gazetteer = vec![
            found(text, "Hezbollah", 0, EntityType::Gpe),
            found(text, "Iran", 0, EntityType::Gpe),
            found(text, "Baghdad", 0, EntityType::Gpe),
            found(text, "Antony Blinken", 0, EntityType::Person),
            found(text, "Sadr", 0, EntityType::Person),
        ];
        for g in &mut gazetteer {
            g.method = "gazetteer";
        }
        let out = combine(text, &tagged, &gazetteer);
        let got: Vec<(&str, &str)> = out.iter().map(|m| (m.span.slice(text), m.method)).collect();
        assert_eq!(
            got,
            [
                ("Kataeb Hezbollah", "tagger"),
                ("Iran", "gazetteer"),
                ("Baghdad", "tagger+gazetteer"),
                ("Antony Blinken", "tagger+gazetteer"),
                ("Muqtada al-Sadr", "tagger"),
            ]
        );
        assert!((out[2].confidence - CONFIRMED).abs() < 1e-9);
    }

    #[test]
    fn names_are_spread_only_when_found_at_least_as_often_as_passed_over() {
        let text = "Title\n\nDaniel Montalvo met Zorbic and Quell. Montalvo saw Quell. \
                    Zorbic left. Zorbic stayed. Zorbic won.";
        let article = sitrep_core::tables::Article {
            article_id: "a".into(),
            text: text.into(),
            ..sitrep_core::tables::Article::default()
        };
        let doc = sitrep_normalise::normalise(article);
        let mut mentions: Vec<Vec<Found>> = vec![Vec::new(); doc.sentences.len()];
        let body = doc.sentence_at(text.find("Daniel").unwrap()).unwrap();
        mentions[body] = vec![
            found(text, "Daniel Montalvo", 0, EntityType::Person),
            found(text, "Zorbic", 0, EntityType::Person),
            found(text, "Quell", 0, EntityType::Organisation),
        ];
        propagate(&doc, &mut mentions);
        let spread: Vec<(&str, EntityType)> = mentions
            .iter()
            .flatten()
            .filter(|m| m.method == "name_propagation")
            .map(|m| (m.span.slice(text), m.entity_type))
            .collect();
        // The surname always; `Quell` found once, passed over once; not
        // `Zorbic`, found once and passed over three times.
        assert_eq!(
            spread,
            [
                ("Montalvo", EntityType::Person),
                ("Quell", EntityType::Organisation)
            ]
        );
    }

    #[test]
    fn names_get_one_type_per_article() {
        use EntityType::{Organisation, Person};
        let text = "Ziad al-Sayegh spoke. Sayegh left. Labour won. Labour lost. Zorbic came; Zorbic went; Zorbic stayed.";
        let mut mentions = vec![
            vec![found(text, "Ziad al-Sayegh", 0, EntityType::Person)],
            vec![found(text, "Sayegh", 1, EntityType::Organisation)],
            vec![found(text, "Labour", 0, EntityType::Person)],
            vec![found(text, "Labour", 1, EntityType::Person)],
            vec![
                found(text, "Zorbic", 0, EntityType::Gpe),
                found(text, "Zorbic", 1, EntityType::Person),
                found(text, "Zorbic", 2, EntityType::Person),
            ],
        ];
        let mut kb = KnowledgeBase::default();
        kb.add_tsv("t.tsv", "sitrep:labour\tLabour Party\tORG\tGB\t\t\tLabour")
            .unwrap();
        one_type_per_name(text, &mut mentions, &kb);
        let types: Vec<EntityType> = mentions.iter().flatten().map(|m| m.entity_type).collect();
        // The surname follows the full name; the listed party is an ORG even
        // though the tagger said PERSON twice; the majority wins otherwise.
        assert_eq!(
            types,
            [
                Person,
                Person,
                Organisation,
                Organisation,
                Person,
                Person,
                Person
            ]
        );
    }
}
