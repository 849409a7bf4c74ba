//! End-to-end scoring from raw text, aligned on character spans as in the
//! CoNLL 2018 shared task.
//!
//! Each gold document (`# newdoc`) is rebuilt as text: sentence texts
//! (`# text`) joined by a space, paragraphs (`# newpar`) by a blank line.
//! A segmenter (the pipeline's sentence splitter and tokeniser) turns the
//! text into sentences of word spans, which the model then analyses. Gold
//! words get spans by walking the text with their forms; the words of a
//! multiword token (`don't` → `do` + `n't`) split the token's span when
//! their forms spell it, and otherwise share it. A system word matches a
//! gold word with exactly the same span. Every figure is an F1 of
//! precision (correct / system words) and recall (correct / gold words):
//! words and sentences by span; UPOS, XPOS and lemma on matched words;
//! UAS and LAS also need the heads' spans to match (roots both at the root).

use serde::Serialize;

use crate::conllu::{ConlluSentence, Line};
use crate::{SyntaxModel, universal};

/// Precision, recall and F1 of one measure.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct F1 {
    /// Gold items.
    pub gold: usize,
    /// System items.
    pub system: usize,
    /// Items both agree on.
    pub correct: usize,
    /// correct / system, %.
    pub precision: f64,
    /// correct / gold, %.
    pub recall: f64,
    /// Harmonic mean, %.
    pub f1: f64,
}

impl F1 {
    fn new(gold: usize, system: usize, correct: usize) -> Self {
        let percent = |n: usize, d: usize| {
            if d == 0 {
                0.0
            } else {
                100.0 * n as f64 / d as f64
            }
        };
        let precision = percent(correct, system);
        let recall = percent(correct, gold);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Self {
            gold,
            system,
            correct,
            precision,
            recall,
            f1,
        }
    }
}

/// End-to-end scores.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RawScores {
    /// Documents scored.
    pub documents: usize,
    /// Words (tokenisation).
    pub words: F1,
    /// Sentences (segmentation).
    pub sentences: F1,
    /// UPOS.
    pub upos: F1,
    /// XPOS.
    pub xpos: F1,
    /// Lemmas.
    pub lemma: F1,
    /// Unlabelled attachment.
    pub uas: F1,
    /// Labelled attachment (universal relations).
    pub las: F1,
}

/// A gold document: its text and its words with byte spans.
#[derive(Debug, Default)]
struct GoldDocument {
    text: String,
    /// Per sentence, per word: (span, upos, xpos, lemma, head, deprel).
    sentences: Vec<Vec<GoldWord>>,
}

#[derive(Debug)]
struct GoldWord {
    span: (usize, usize),
    upos: String,
    xpos: String,
    lemma: String,
    head: usize,
    deprel: String,
}

/// The sentence text of a gold sentence: `# text`, or its tokens with their spacing.
fn sentence_text(sentence: &ConlluSentence) -> String {
    if let Some(text) = sentence.comment("text") {
        return text.to_owned();
    }
    let mut text = String::new();
    for (form, space) in sentence.surface_tokens() {
        text.push_str(&form);
        if space {
            text.push(' ');
        }
    }
    text.trim_end().to_owned()
}

fn documents(gold: &[ConlluSentence]) -> Vec<GoldDocument> {
    let mut documents: Vec<GoldDocument> = Vec::new();
    for sentence in gold {
        let new_doc =
            sentence.comment("newdoc id").is_some() || sentence.comment("newdoc").is_some();
        let new_par =
            sentence.comment("newpar id").is_some() || sentence.comment("newpar").is_some();
        if new_doc || documents.is_empty() {
            documents.push(GoldDocument::default());
        }
        let document = documents.last_mut().expect("pushed above");
        if !document.text.is_empty() {
            document.text.push_str(if new_par { "\n\n" } else { " " });
        }
        let start = document.text.len();
        document.text.push_str(&sentence_text(sentence));
        document
            .sentences
            .push(gold_words(sentence, &document.text, start));
    }
    documents
}

/// Gold words of `sentence` with spans found in `text` from byte `start`.
fn gold_words(sentence: &ConlluSentence, text: &str, start: usize) -> Vec<GoldWord> {
    let mut spans = vec![(0, 0); sentence.words.len()];
    let mut at = start;
    let locate = |form: &str, at: &mut usize| -> (usize, usize) {
        let rest = &text[*at..];
        let found = rest.find(form).map_or(*at, |i| *at + i);
        let end = (found + form.len()).min(text.len());
        *at = end.max(*at);
        (found, end)
    };
    let mut covered_until = 0;
    for line in &sentence.lines {
        match line {
            Line::Verbatim(raw) => {
                let mut columns = raw.split('\t');
                let id = columns.next().unwrap_or_default();
                let form = columns.next().unwrap_or_default();
                let Some((first, last)) = id.split_once('-') else {
                    continue;
                };
                let (Ok(first), Ok(last)) = (first.parse::<usize>(), last.parse::<usize>()) else {
                    continue;
                };
                if first == 0 || last > spans.len() || first > last {
                    continue;
                }
                let span = locate(form, &mut at);
                let words = &sentence.words[first - 1..last];
                let spelled: String = words.iter().map(|w| w.form.as_str()).collect();
                let mut word_start = span.0;
                for (k, word) in words.iter().enumerate() {
                    spans[first - 1 + k] = if spelled == form {
                        let word_span = (word_start, word_start + word.form.len());
                        word_start += word.form.len();
                        word_span
                    } else {
                        span
                    };
                }
                covered_until = last;
            }
            Line::Word(index) => {
                let word = &sentence.words[*index];
                if word.id > covered_until {
                    spans[*index] = locate(&word.form, &mut at);
                }
            }
            Line::Comment(_) => {}
        }
    }
    sentence
        .words
        .iter()
        .zip(spans)
        .map(|(w, span)| GoldWord {
            span,
            upos: w.upos.clone(),
            xpos: w.xpos.clone(),
            lemma: w.lemma.clone(),
            head: w.head.unwrap_or(0),
            deprel: w.deprel.clone(),
        })
        .collect()
}

/// Splits a text into sentences of word byte spans.
pub type Segmenter = dyn Fn(&str) -> Vec<Vec<(usize, usize)>>;

/// Scores the model end to end. `segment` splits a document's text into
/// sentences of word byte spans.
pub fn evaluate_raw(
    model: &SyntaxModel,
    gold: &[ConlluSentence],
    segment: &Segmenter,
) -> RawScores {
    evaluate_raw_named(model, gold, segment, |_| Vec::new())
}

/// [`evaluate_raw`] with the names `names` finds in each system sentence,
/// analysed as the pipeline does ([`SyntaxModel::analyse_sentence_named`]).
pub fn evaluate_raw_named(
    model: &SyntaxModel,
    gold: &[ConlluSentence],
    segment: &Segmenter,
    names: impl Fn(&[&str]) -> Vec<crate::Name>,
) -> RawScores {
    use std::collections::HashMap;
    let mut counts = [0usize; 7];
    let (mut gold_words, mut system_words, mut gold_sentences, mut system_sentences) = (0, 0, 0, 0);
    let mut matched_sentences = 0;
    let documents = documents(gold);
    for document in &documents {
        // Gold: span → (sentence, index).
        let mut by_span: HashMap<(usize, usize), (usize, usize)> = HashMap::new();
        let mut gold_sentence_spans = std::collections::HashSet::new();
        for (s, words) in document.sentences.iter().enumerate() {
            gold_words += words.len();
            if let (Some(first), Some(last)) = (words.first(), words.last()) {
                gold_sentences += 1;
                gold_sentence_spans.insert((first.span.0, last.span.1));
            }
            for (i, word) in words.iter().enumerate() {
                by_span.entry(word.span).or_insert((s, i));
            }
        }
        let gold_head_span = |s: usize, i: usize| -> Option<(usize, usize)> {
            let head = document.sentences[s][i].head;
            (head > 0).then(|| document.sentences[s][head - 1].span)
        };
        for spans in segment(&document.text) {
            if spans.is_empty() {
                continue;
            }
            system_sentences += 1;
            system_words += spans.len();
            let sentence_span = (spans[0].0, spans[spans.len() - 1].1);
            if gold_sentence_spans.contains(&sentence_span) {
                matched_sentences += 1;
            }
            let forms: Vec<&str> = spans.iter().map(|&(a, b)| &document.text[a..b]).collect();
            let analysis = model.analyse_sentence_named(&forms, &names(&forms));
            for (i, word) in analysis.iter().enumerate() {
                let Some(&(s, g)) = by_span.get(&spans[i]) else {
                    continue;
                };
                let gold_word = &document.sentences[s][g];
                counts[0] += 1;
                counts[1] += usize::from(gold_word.upos == word.upos);
                counts[2] += usize::from(gold_word.xpos == word.xpos);
                counts[3] += usize::from(gold_word.lemma == word.lemma);
                let system_head = (word.head > 0).then(|| spans[word.head - 1]);
                let head_ok = system_head == gold_head_span(s, g);
                counts[4] += usize::from(head_ok);
                counts[5] +=
                    usize::from(head_ok && universal(&gold_word.deprel) == universal(word.deprel));
            }
        }
    }
    let f = |correct| F1::new(gold_words, system_words, correct);
    RawScores {
        documents: documents.len(),
        words: f(counts[0]),
        sentences: F1::new(gold_sentences, system_sentences, matched_sentences),
        upos: f(counts[1]),
        xpos: f(counts[2]),
        lemma: f(counts[3]),
        uas: f(counts[4]),
        las: f(counts[5]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu;

    #[test]
    fn gold_words_get_spans_inside_multiword_tokens() {
        let text = "# newdoc id = d\n# text = I don't.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n2\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n# text = Yes.\n1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\tSpaceAfter=No\n2\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n\n";
        let gold = conllu::parse(text).unwrap();
        let docs = documents(&gold);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].text, "I don't. Yes.");
        let spans: Vec<(usize, usize)> = docs[0].sentences[0].iter().map(|w| w.span).collect();
        assert_eq!(spans, [(0, 1), (2, 4), (4, 7), (7, 8)]);
        assert_eq!(docs[0].sentences[1][0].span, (9, 12));
    }
}
