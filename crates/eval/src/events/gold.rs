//! The events/quotes gold shape (`data/eval/events_dev.jsonl`, documented in
//! `data/eval/EVENTS_GUIDELINE.md`) and the texts it points at.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sitrep_core::tables::Article;

use crate::EvalError;

/// One annotated document: where its text comes from, its events and quotes.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct GoldRecord {
    pub(crate) doc_id: String,
    pub(crate) source: Source,
    #[serde(default)]
    pub(crate) events: Vec<GoldEvent>,
    #[serde(default)]
    pub(crate) quotes: Vec<GoldQuote>,
}

/// Where the text of a gold record is read from.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Source {
    /// `jsonl` (a record's `text` by `doc_id`), `conllu` (a `# newdoc`'s
    /// `# text` lines) or `dump` (the `article`-th article sitrep ingests).
    pub(crate) kind: String,
    pub(crate) path: String,
    #[serde(default)]
    pub(crate) doc_id: Option<String>,
    #[serde(default)]
    pub(crate) article: Option<usize>,
}

/// A character span with the text it should cover.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct GoldSpan {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) text: String,
}

/// A stated casualty count.
#[derive(Debug, Clone, Copy, Deserialize)]
pub(crate) struct GoldCount {
    pub(crate) value: i64,
}

/// One gold event mention.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct GoldEvent {
    pub(crate) trigger: GoldSpan,
    pub(crate) plover_type: String,
    #[serde(default)]
    pub(crate) acled_type: Option<String>,
    #[serde(default)]
    pub(crate) acled_subtype: Option<String>,
    #[serde(default)]
    pub(crate) actor: Vec<GoldSpan>,
    #[serde(default)]
    pub(crate) target: Vec<GoldSpan>,
    #[serde(default)]
    pub(crate) place: Vec<GoldSpan>,
    #[serde(default)]
    pub(crate) date: Option<String>,
    #[serde(default)]
    pub(crate) killed: Option<GoldCount>,
    #[serde(default)]
    pub(crate) injured: Option<GoldCount>,
    #[serde(default)]
    pub(crate) negated: bool,
    #[serde(default)]
    pub(crate) hypothetical: bool,
    #[serde(default)]
    pub(crate) aggregate: bool,
    /// Mentions of one incident share a cluster id.
    #[serde(default)]
    pub(crate) cluster: Option<String>,
}

/// One gold quotation.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct GoldQuote {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) direct: bool,
    #[serde(default)]
    pub(crate) speaker: Option<GoldSpan>,
    #[serde(default)]
    pub(crate) speaker_name: Option<String>,
}

/// Parses the gold file's lines.
pub(crate) fn parse(jsonl: &str, source_name: &str) -> Result<Vec<GoldRecord>, EvalError> {
    let mut records = Vec::new();
    for (idx, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record = serde_json::from_str(line).map_err(|error| EvalError::EventsJson {
            source_name: source_name.to_owned(),
            line: idx + 1,
            error,
        })?;
        records.push(record);
    }
    if records.is_empty() {
        return Err(EvalError::Empty {
            source_name: source_name.to_owned(),
        });
    }
    Ok(records)
}

/// Finds `path` as given, else relative to the gold file's folder or one of
/// its ancestors (so `data/raw/…` and `../shared/…` work from any crate).
fn locate(path: &str, gold: &Path) -> Option<PathBuf> {
    let direct = PathBuf::from(path);
    if direct.exists() {
        return Some(direct);
    }
    let base = gold.canonicalize().ok()?;
    base.ancestors()
        .skip(1)
        .map(|dir| dir.join(path))
        .find(|candidate| candidate.exists())
}

/// Reads the texts of every record, each source file once.
pub(crate) struct Texts<'a> {
    gold: &'a Path,
    files: HashMap<(String, String), HashMap<String, String>>,
    dumps: HashMap<String, Vec<Article>>,
}

impl<'a> Texts<'a> {
    pub(crate) fn new(gold: &'a Path) -> Self {
        Self {
            gold,
            files: HashMap::new(),
            dumps: HashMap::new(),
        }
    }

    /// The article a record's annotations index into.
    pub(crate) fn article(&mut self, record: &GoldRecord, line: usize) -> Result<Article, String> {
        let source = &record.source;
        let path = locate(&source.path, self.gold)
            .ok_or_else(|| format!("text source {} not found", source.path))?;
        match source.kind.as_str() {
            "dump" => {
                let articles = self.dumps.entry(source.path.clone()).or_insert_with(|| {
                    sitrep_ingest::ingest_file(&path, &sitrep_ingest::IngestOptions::default())
                        .articles
                });
                let idx = source.article.unwrap_or(0);
                articles
                    .get(idx)
                    .cloned()
                    .ok_or_else(|| format!("{} has no article {idx} after ingest", source.path))
            }
            kind @ ("jsonl" | "conllu") => {
                let key = (kind.to_owned(), source.path.clone());
                if !self.files.contains_key(&key) {
                    let content = std::fs::read_to_string(&path)
                        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                    let texts = if kind == "jsonl" {
                        jsonl_texts(&content)
                    } else {
                        conllu_texts(&content)
                    };
                    self.files.insert(key.clone(), texts);
                }
                let doc_id = source.doc_id.as_deref().unwrap_or(&record.doc_id);
                let text = self.files[&key]
                    .get(doc_id)
                    .ok_or_else(|| format!("{} has no document {doc_id}", source.path))?;
                Ok(crate::article_of_text(text, line))
            }
            other => Err(format!(
                "unknown source kind `{other}` (use jsonl, conllu or dump)"
            )),
        }
    }
}

/// `doc_id` → `text` of a JSON Lines file (lines without both are skipped).
fn jsonl_texts(content: &str) -> HashMap<String, String> {
    #[derive(Deserialize)]
    struct Line {
        doc_id: String,
        text: String,
    }
    content
        .lines()
        .filter_map(|line| serde_json::from_str::<Line>(line).ok())
        .map(|l| (l.doc_id, l.text))
        .collect()
}

/// `# newdoc id` → text of a CoNLL-U file: the `# text` lines of a paragraph
/// joined by a space, paragraphs by a blank line.
pub(crate) fn conllu_texts(content: &str) -> HashMap<String, String> {
    let mut docs: Vec<(String, Vec<Vec<&str>>)> = Vec::new();
    for line in content.lines() {
        if let Some(rest) = line.strip_prefix("# newdoc id") {
            let id = rest.trim_start_matches([' ', '=']).trim();
            docs.push((id.to_owned(), vec![Vec::new()]));
        } else if line.starts_with("# newpar") {
            if let Some((_, paragraphs)) = docs.last_mut() {
                if paragraphs.last().is_some_and(|p| !p.is_empty()) {
                    paragraphs.push(Vec::new());
                }
            }
        } else if let Some(text) = line.strip_prefix("# text = ") {
            if let Some((_, paragraphs)) = docs.last_mut() {
                if let Some(paragraph) = paragraphs.last_mut() {
                    paragraph.push(text);
                }
            }
        }
    }
    docs.into_iter()
        .map(|(id, paragraphs)| {
            let text = paragraphs
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| p.join(" "))
                .collect::<Vec<_>>()
                .join("\n\n");
            (id, text)
        })
        .collect()
}
