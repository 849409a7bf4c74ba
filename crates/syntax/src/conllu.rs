//! Reading and writing CoNLL-U (<https://universaldependencies.org/format.html>).
//!
//! A [`ConlluSentence`] keeps every input line in order: comments,
//! multiword-token ranges (`3-4`) and empty nodes (`5.1`) are kept verbatim
//! so they pass through `sitrep annotate` untouched; word lines are parsed
//! into [`Word`]s. Errors name the 1-based line number and what is wrong.
//!
//! ```
//! use sitrep_syntax::conllu;
//! let text = "# text = Hi there\n1\tHi\t_\t_\t_\t_\t0\troot\t_\t_\n2\tthere\t_\t_\t_\t_\t1\tadvmod\t_\t_\n\n";
//! let sentences = conllu::parse(text).unwrap();
//! assert_eq!(sentences[0].forms(), ["Hi", "there"]);
//! assert_eq!(sentences[0].words[1].head, Some(1));
//! assert_eq!(conllu::write(&sentences), text);
//! ```

use std::fmt::Write as _;

/// A CoNLL-U input problem, with the 1-based line where it was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct ConlluError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong and what was expected.
    pub reason: String,
}

/// One syntactic word (a line whose ID is a whole number).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// 1-based index in the sentence.
    pub id: usize,
    /// Word form.
    pub form: String,
    /// Lemma (`_` when unknown).
    pub lemma: String,
    /// Universal part of speech (`_` when unknown).
    pub upos: String,
    /// Language-specific part of speech (`_` when unknown).
    pub xpos: String,
    /// Morphological features, kept verbatim.
    pub feats: String,
    /// Head word id (0 for the root), or `None` when the column is `_`.
    pub head: Option<usize>,
    /// Dependency relation (`_` when unknown).
    pub deprel: String,
    /// Enhanced dependencies, kept verbatim.
    pub deps: String,
    /// Miscellaneous column, kept verbatim.
    pub misc: String,
}

/// A line of a sentence, in input order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// `# …` comment, without the line break.
    Comment(String),
    /// Multiword-token range or empty node, verbatim.
    Verbatim(String),
    /// The word at this index of [`ConlluSentence::words`].
    Word(usize),
}

/// A sentence: its lines in order and its words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConlluSentence {
    /// Every line, in input order.
    pub lines: Vec<Line>,
    /// The syntactic words.
    pub words: Vec<Word>,
}

impl ConlluSentence {
    /// Word forms in order.
    #[must_use]
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }

    /// Value of the comment `# key = value`, if present.
    #[must_use]
    pub fn comment(&self, key: &str) -> Option<&str> {
        self.lines.iter().find_map(|line| match line {
            Line::Comment(text) => {
                let rest = text.strip_prefix('#')?.trim_start();
                let value = rest.strip_prefix(key)?.trim_start().strip_prefix('=')?;
                Some(value.trim())
            }
            _ => None,
        })
    }

    /// Surface tokens as `(text, space_after)`: a multiword range is one
    /// token, other words are tokens of their own.
    #[must_use]
    pub fn surface_tokens(&self) -> Vec<(String, bool)> {
        let mut tokens = Vec::new();
        let mut covered_until = 0;
        for line in &self.lines {
            match line {
                Line::Verbatim(text) => {
                    let mut columns = text.split('\t');
                    let id = columns.next().unwrap_or_default();
                    if let Some((_, last)) = id.split_once('-') {
                        let form = columns.next().unwrap_or_default().to_owned();
                        let misc = text.split('\t').nth(9).unwrap_or("_");
                        tokens.push((form, space_after(misc)));
                        covered_until = last.parse().unwrap_or(0);
                    }
                }
                Line::Word(index) => {
                    let word = &self.words[*index];
                    if word.id > covered_until {
                        tokens.push((word.form.clone(), space_after(&word.misc)));
                    }
                }
                Line::Comment(_) => {}
            }
        }
        tokens
    }
}

/// Whether a MISC column allows a space after the token.
#[must_use]
pub fn space_after(misc: &str) -> bool {
    !misc.split('|').any(|item| item == "SpaceAfter=No")
}

fn column(value: &str) -> String {
    if value.is_empty() {
        "_".to_owned()
    } else {
        value.to_owned()
    }
}

/// Parses CoNLL-U text into sentences.
pub fn parse(input: &str) -> Result<Vec<ConlluSentence>, ConlluError> {
    let mut sentences = Vec::new();
    let mut current = ConlluSentence::default();
    let mut word_lines = Vec::new();
    let mut lines = input.split('\n').enumerate().peekable();
    while let Some((index, raw)) = lines.next() {
        let number = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let at_end = lines.peek().is_none();
        if line.trim().is_empty() {
            if !current.lines.is_empty() {
                finish_sentence(&mut current, &word_lines)?;
                sentences.push(std::mem::take(&mut current));
                word_lines.clear();
            }
            continue;
        }
        if line.starts_with('#') {
            current.lines.push(Line::Comment(line.to_owned()));
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.len() != 10 {
            return Err(ConlluError {
                line: number,
                reason: format!("expected 10 tab-separated columns, found {}", columns.len()),
            });
        }
        let id = columns[0];
        if id.contains('-') || id.contains('.') {
            let valid = id
                .split(['-', '.'])
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
            if !valid {
                return Err(ConlluError {
                    line: number,
                    reason: format!(
                        "ID {id:?} is not a word number, a range n-m or an empty node n.k"
                    ),
                });
            }
            current.lines.push(Line::Verbatim(line.to_owned()));
            continue;
        }
        let expected = current.words.len() + 1;
        if id.parse::<usize>().ok() != Some(expected) {
            return Err(ConlluError {
                line: number,
                reason: format!("word ID {id:?}, expected {expected}"),
            });
        }
        if columns[1].is_empty() {
            return Err(ConlluError {
                line: number,
                reason: "empty FORM".into(),
            });
        }
        let head = match columns[6] {
            "_" | "" => None,
            text => Some(text.parse::<usize>().map_err(|_| ConlluError {
                line: number,
                reason: format!("HEAD {text:?} is not a number or _"),
            })?),
        };
        current.lines.push(Line::Word(current.words.len()));
        current.words.push(Word {
            id: expected,
            form: columns[1].to_owned(),
            lemma: column(columns[2]),
            upos: column(columns[3]),
            xpos: column(columns[4]),
            feats: column(columns[5]),
            head,
            deprel: column(columns[7]),
            deps: column(columns[8]),
            misc: column(columns[9]),
        });
        word_lines.push(number);
        if at_end {
            break;
        }
    }
    if !current.lines.is_empty() {
        finish_sentence(&mut current, &word_lines)?;
        sentences.push(current);
    }
    Ok(sentences)
}

fn finish_sentence(sentence: &mut ConlluSentence, word_lines: &[usize]) -> Result<(), ConlluError> {
    let n = sentence.words.len();
    for (word, &line) in sentence.words.iter().zip(word_lines) {
        if let Some(head) = word.head
            && head > n
        {
            return Err(ConlluError {
                line,
                reason: format!("HEAD {head} is past the last word of the sentence ({n})"),
            });
        }
    }
    Ok(())
}

/// Writes sentences as CoNLL-U (each followed by a blank line).
#[must_use]
pub fn write(sentences: &[ConlluSentence]) -> String {
    let mut out = String::new();
    for sentence in sentences {
        write_sentence(sentence, &mut out);
    }
    out
}

/// Appends one sentence as CoNLL-U, followed by a blank line.
pub fn write_sentence(sentence: &ConlluSentence, out: &mut String) {
    for line in &sentence.lines {
        match line {
            Line::Comment(text) | Line::Verbatim(text) => {
                out.push_str(text);
                out.push('\n');
            }
            Line::Word(index) => {
                let w = &sentence.words[*index];
                let head = w.head.map_or_else(|| "_".to_owned(), |h| h.to_string());
                let _ = writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    w.id, w.form, w.lemma, w.upos, w.xpos, w.feats, head, w.deprel, w.deps, w.misc
                );
            }
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = 1\n# text = I don't know.\n1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn round_trip_keeps_every_line() {
        let sentences = parse(SAMPLE).unwrap();
        assert_eq!(sentences.len(), 1);
        assert_eq!(sentences[0].forms(), ["I", "do", "n't", "know", "."]);
        assert_eq!(sentences[0].comment("text"), Some("I don't know."));
        assert_eq!(write(&sentences), SAMPLE);
        let tokens = sentences[0].surface_tokens();
        let texts: Vec<&str> = tokens.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["I", "don't", "know", "."]);
        assert!(!tokens[2].1);
    }

    #[test]
    fn errors_name_the_line() {
        let bad = "# text = x\n1\tx\t_\t_\t_\t_\t0\troot\t_\t_\n2\ty\t_\t_\n";
        let error = parse(bad).unwrap_err();
        assert_eq!(error.line, 3);
        assert!(error.to_string().contains("line 3: expected 10"), "{error}");
        let bad_id = "1\tx\t_\t_\t_\t_\t0\troot\t_\t_\n3\ty\t_\t_\t_\t_\t1\tdep\t_\t_\n";
        assert_eq!(parse(bad_id).unwrap_err().line, 2);
        let bad_head = "1\tx\t_\t_\t_\t_\t7\troot\t_\t_\n\n";
        let error = parse(bad_head).unwrap_err();
        assert_eq!((error.line, error.reason.contains("HEAD 7")), (1, true));
    }
}
