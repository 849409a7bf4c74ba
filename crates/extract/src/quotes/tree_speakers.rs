//! The last look for the speaker of a direct quote that every pattern left
//! without one: the dependency tree of the quote's sentence (parsed only for
//! such quotes, which are few).
//!
//! The speech verb is the word of lemma `say`, `tell`, `assert`, `write`,
//! `argue`, … (`data/lexicons/quotes/speech_lemmas.tsv`) outside the quote whose subtree holds the
//! quote's first word (`Rathbun asserted that Scientology officials, "…"`,
//! `al-Sadr said the attack was "criminal" and that "…"`), else the last
//! such word before the quote in the sentence, else the first after it
//! (`"…," Allen Wallis, undersecretary of state for economic affairs, told
//! Reuters`; `"…," one trader said`). Its subject (`nsubj`; for a
//! `conj`/`xcomp` verb with none, its governor's: `Cooper said … and said
//! it was "…"`) is the speaker: the mention covering it (a person
//! preferred), for `he`/`she` the last person named before the quote, else
//! its noun phrase as text (`The report's authors`).

use std::sync::LazyLock;

use sitrep_core::layers::{QuoteAnnotation, Speaker, Upos};
use sitrep_core::{Doc, EntityType};

use crate::events::tree::Tree;

/// Lemmas of verbs that attribute what follows to their subject
/// (`data/lexicons/quotes/speech_lemmas.tsv`).
static SPEECH_LEMMAS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::word_list(
        "data/lexicons/quotes/speech_lemmas.tsv",
        include_str!("../../../../data/lexicons/quotes/speech_lemmas.tsv"),
    )
});

/// Written forms of `SPEECH_LEMMAS` (`say`, `says`, `said`, `saying`,
/// `noted`, `replied`, …), to decide whether a sentence is worth parsing.
static SPEECH_FORMS: std::sync::LazyLock<std::collections::HashSet<String>> =
    std::sync::LazyLock::new(|| {
        let mut forms = std::collections::HashSet::new();
        for lemma in SPEECH_LEMMAS.iter() {
            let stem = lemma.strip_suffix('e').unwrap_or(lemma);
            let y_stem = lemma.strip_suffix('y').map(|s| format!("{s}i"));
            for form in [
                (*lemma).to_owned(),
                format!("{lemma}s"),
                format!("{lemma}ed"),
                format!("{lemma}d"),
                format!("{lemma}ing"),
                format!("{stem}ing"),
                format!("{lemma}es"),
            ] {
                forms.insert(form);
            }
            if let Some(y) = y_stem {
                forms.insert(format!("{y}ed"));
                forms.insert(format!("{y}es"));
            }
        }
        for irregular in ["said", "told", "wrote", "written", "writes", "called"] {
            forms.insert(irregular.to_owned());
        }
        forms
    });

/// Fills speakers of direct quotes that have none, from the tree.
pub(crate) fn fill(doc: &Doc, quotes: &mut [QuoteAnnotation]) {
    for quote in quotes.iter_mut().filter(|q| q.speaker.is_none()) {
        let Some(sentence) = doc.sentence_at(quote.span.start) else {
            continue;
        };
        // Parse only when the tree can give a speaker: a form of a speech
        // verb outside the quote, or a colon before it (`speaker` finds
        // nothing else), so unattributed quotes cost no parse.
        let span = doc.sentences[sentence].span;
        let open = quote.span.start.saturating_sub(1).max(span.start);
        let close = (quote.span.end + 1).min(span.end).max(open);
        let before = &doc.normalised[span.start..open];
        let outside = [before, &doc.normalised[close..span.end]];
        let worth = before.trim_end().ends_with(':')
            || outside.iter().any(|part| {
                crate::words::split_words(part)
                    .any(|w| SPEECH_FORMS.contains(w.text.to_lowercase().as_str()))
            });
        if !worth {
            continue;
        }
        let Some(tree) = Tree::of_sentence(doc, sentence) else {
            continue;
        };
        quote.speaker = speaker(doc, &tree, quote);
    }
}

fn speaker(doc: &Doc, tree: &Tree, quote: &QuoteAnnotation) -> Option<Speaker> {
    let (start, end) = doc.char_span(quote.span);
    let inside = |n: usize| tree.nodes[n].chars.0 >= start && tree.nodes[n].chars.1 <= end;
    let first = (0..tree.nodes.len()).find(|&n| inside(n))?;
    let verbs: Vec<usize> = (0..tree.nodes.len())
        .filter(|&n| {
            !inside(n)
                && matches!(tree.nodes[n].upos, Upos::Verb | Upos::Aux)
                && SPEECH_LEMMAS.contains(&tree.nodes[n].lemma.as_str())
        })
        .collect();
    // `Sunak defended the record …: "…"`: a quote after a colon belongs to
    // the subject of the sentence's main verb.
    let colon = || {
        let before = doc.normalised[..quote.span.start.saturating_sub(1)].trim_end();
        before
            .ends_with(':')
            .then(|| (0..tree.nodes.len()).find(|&n| tree.nodes[n].head.is_none()))
            .flatten()
            .filter(|&root| !inside(root))
    };
    let verb = verbs
        .iter()
        .copied()
        .rfind(|&v| tree.dominates(v, first))
        .or_else(|| {
            verbs
                .iter()
                .copied()
                .rfind(|&v| tree.nodes[v].chars.1 <= start)
        })
        .or_else(colon)
        // `"…," Allen Wallis, undersecretary of state for economic affairs,
        // told Reuters`: the parse did not hang the quote from the verb
        // after it.
        .or_else(|| {
            verbs
                .iter()
                .copied()
                .find(|&v| tree.nodes[v].chars.0 >= end)
        })?;
    let subject = subject_of(tree, verb)?;
    if inside(subject) {
        return None;
    }
    let mut found = from_subject(doc, tree, subject)?;
    // A subject phrase the parse let reach into the quote starts after it
    // (`"We could just do all of them," one congressional source said`).
    let close = quote.span.end + 1;
    if found.span.start < close && close < found.span.end && doc.normalised.is_char_boundary(close)
    {
        found.span = sitrep_core::ByteSpan::new(close, found.span.end);
    }
    // No punctuation opens a speaker (`, the People's Daily overseas edition`).
    let rest = doc.text(found.span);
    let skipped = rest.len() - rest.trim_start_matches([',', ';', ':', ' ', '"']).len();
    found.span = sitrep_core::ByteSpan::new(found.span.start + skipped, found.span.end);
    (found.span.start < found.span.end).then_some(found)
}

/// The speaker whose words the colon ending the last sentence of `span`
/// introduces (`Galantino has called the sentence "dangerous":` then the
/// quote as its own paragraph): the subject of that sentence's main verb.
pub(crate) fn before_colon(doc: &Doc, span: sitrep_core::ByteSpan) -> Option<Speaker> {
    if !doc.text(span).trim_end().ends_with(':') {
        return None;
    }
    let last = doc.sentence_at(doc.text(span).trim_end().len() + span.start - 1)?;
    let tree = Tree::of_sentence(doc, last)?;
    let root = (0..tree.nodes.len()).find(|&n| tree.nodes[n].head.is_none())?;
    let subject = subject_of(&tree, root)?;
    from_subject(doc, &tree, subject)
}

/// The span of the subject of the verb starting at byte `verb` in sentence
/// `idx` (the mention covering it, else its noun phrase), for reported
/// speech whose subject the words before the verb do not give.
pub(crate) fn subject_span(doc: &Doc, idx: usize, verb: usize) -> Option<sitrep_core::ByteSpan> {
    let tree = Tree::of_sentence(doc, idx)?;
    let v = (0..tree.nodes.len()).find(|&n| tree.nodes[n].span.start == verb)?;
    let subject = subject_of(&tree, v)?;
    from_subject(doc, &tree, subject).map(|s| s.span)
}

/// Whether the cue word starting at byte `verb` of sentence `idx` reports
/// speech there, by the tree: a verb, not a noun or a modifier (`all member
/// states`, `capital notes`, `reports that …` as a noun, `reported
/// commitments`), and with `needs_clause` (a cue before its complement and
/// no `that`) one followed by a clause (a finite verb), not only an object
/// (`Monfort reported 25.1 mln dlrs in earnings`, `Texas reported the
/// biggest gains`, `announced plans to …`). `said`, `says`, `told` and `according to` are trusted without a
/// parse (they almost always report speech, and are most of the cues); so
/// is a word in capitals and a sentence too long to parse.
pub(crate) fn reports_speech(doc: &Doc, idx: usize, verb: usize, needs_clause: bool) -> bool {
    let word: String = doc.normalised[verb..]
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    if matches!(
        word.as_str(),
        "said" | "say" | "says" | "told" | "tell" | "tells" | "according"
    ) {
        return true;
    }
    let Some(tree) = Tree::of_sentence(doc, idx) else {
        return true;
    };
    let Some(v) = (0..tree.nodes.len()).find(|&n| tree.nodes[n].span.start == verb) else {
        return true;
    };
    let node = &tree.nodes[v];
    if node.shouted() {
        return true;
    }
    // A noun that the parse leaves as the sentence's root is a verb the
    // tagger misread (`Fiat claims that GM is …`).
    if (node.upos != Upos::Verb && node.deprel != "root")
        || matches!(node.deprel.as_str(), "amod" | "compound")
    {
        return false;
    }
    // A clause as the cue's complement (`suggests 81 % … feel strongly`,
    // with `feel` tagged as a bare verb), or a finite verb after the cue,
    // whatever the parse hangs it from (`announced earlier that it had
    // increased`, `claimed such purchases possibly violated`).
    !needs_clause
        || tree.child(v, &["ccomp"]).is_some()
        || tree.nodes[v + 1..]
            .iter()
            .any(|n| matches!(n.xpos.as_str(), "VBZ" | "VBD" | "VBP" | "MD"))
}

/// The speaker a subject word stands for (see the module docs).
fn from_subject(doc: &Doc, tree: &Tree, subject: usize) -> Option<Speaker> {
    let node = &tree.nodes[subject];
    let entities = doc.entities();
    let covering = entities
        .iter()
        .enumerate()
        .filter(|(_, entity)| {
            let (from, to) = doc.char_span(entity.span);
            from < node.chars.1 && node.chars.0 < to
        })
        .min_by_key(|(_, e)| e.entity_type != EntityType::Person)
        .map(|(k, _)| k);
    if let Some(entity) = covering {
        return Some(Speaker {
            span: entities[entity].span,
            entity: Some(entity),
        });
    }
    if matches!(node.lower.as_str(), "he" | "she") {
        let person = entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.entity_type == EntityType::Person && e.span.end <= node.span.start)
            .map(|(k, _)| k)
            .next_back();
        return Some(Speaker {
            span: node.span,
            entity: person,
        });
    }
    matches!(node.upos, Upos::Noun | Upos::Propn).then(|| Speaker {
        span: tree.phrase(subject),
        entity: None,
    })
}

/// The subject of `verb`, or of the verb it is coordinated with or
/// complements when it has none.
fn subject_of(tree: &Tree, mut verb: usize) -> Option<usize> {
    for _ in 0..3 {
        if let Some(subject) = tree.child(verb, &["nsubj"]) {
            return Some(subject);
        }
        let node = &tree.nodes[verb];
        match node.deprel.as_str() {
            "conj" | "xcomp" => verb = node.head?,
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{SPEECH_FORMS, SPEECH_LEMMAS};

    #[test]
    fn speech_lemmas_file_loads_and_gives_the_written_forms() {
        assert_eq!(SPEECH_LEMMAS.len(), 33);
        assert_eq!(SPEECH_LEMMAS[..3], ["say", "tell", "state"]);
        for form in [
            "said",
            "saying",
            "replied",
            "vowed",
            "characterises",
            "tweeted",
        ] {
            assert!(SPEECH_FORMS.contains(form), "{form}");
        }
        assert!(!SPEECH_FORMS.contains("confirmed"));
    }
}
