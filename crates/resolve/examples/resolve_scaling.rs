//! How resolution grows with the corpus: resolves the mentions of the first
//! 10 %, 20 %, …, 100 % of the articles of a finished run (`mentions.csv`
//! under DIR, e.g. `target/bench/tables` after `just bench`; events and
//! quotes only receive ids, so they are left out) and prints, per step, the
//! mentions, article clusters, candidate pairs scored across articles,
//! entities and the median resolve time of RUNS passes, with each figure's
//! ratio to the 10 % step.
//!
//! Articles are taken in `article_id` order, so every step holds the
//! previous one. Usage: `cargo run --release -p sitrep-resolve --example
//! resolve_scaling -- DIR [RUNS]` (`just bench-resolve`).

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use sitrep_core::KnowledgeBase;
use sitrep_core::tables::MentionRow;
use sitrep_resolve::{ResolveInput, resolve};

/// One step of the table.
struct Step {
    percent: usize,
    articles: usize,
    mentions: usize,
    clusters: u64,
    pairs: u64,
    entities: usize,
    millis: f64,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: resolve_scaling DIR [RUNS]")?);
    let runs: usize = args.next().map_or(Ok(3), |r| r.parse())?;
    let path = dir.join("mentions.csv");
    if !path.exists() {
        writeln!(
            std::io::stderr(),
            "no {}: run `just bench` (or `sitrep run --out DIR`) first",
            path.display()
        )?;
        return Ok(());
    }
    let mentions = csv::Reader::from_path(&path)?
        .deserialize::<MentionRow>()
        .collect::<Result<Vec<_>, _>>()?;
    let mut by_article: BTreeMap<&str, Vec<&MentionRow>> = BTreeMap::new();
    for mention in &mentions {
        by_article
            .entry(mention.article_id.as_str())
            .or_default()
            .push(mention);
    }
    let ids: Vec<&str> = by_article.keys().copied().collect();
    let kb = KnowledgeBase::linking();
    let mut steps: Vec<Step> = Vec::new();
    for percent in (10..=100).step_by(10) {
        let take = (ids.len() * percent).div_ceil(100);
        let input = ResolveInput {
            mentions: ids[..take]
                .iter()
                .flat_map(|id| by_article[id].iter().map(|m| (*m).clone()))
                .collect(),
            ..ResolveInput::default()
        };
        let mut times = Vec::new();
        let mut result = None;
        for _ in 0..runs.max(1) {
            let copy = input.clone();
            let started = Instant::now();
            let output = resolve(copy, kb);
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            result = Some(output);
        }
        times.sort_by(f64::total_cmp);
        let output = result.expect("at least one run");
        let emitted = |kind: &str| output.report.emitted.get(kind).copied().unwrap_or(0);
        steps.push(Step {
            percent,
            articles: take,
            mentions: input.mentions.len(),
            clusters: emitted("article_clusters"),
            pairs: emitted("candidate_pairs_scored"),
            entities: output.entities.len(),
            millis: times[times.len() / 2],
        });
    }
    write!(std::io::stdout(), "{}", table(&steps, runs))?;
    Ok(())
}

/// The Markdown table of the steps, ratios against the first.
fn table(steps: &[Step], runs: usize) -> String {
    use std::fmt::Write as _;
    let mut out = format!(
        "Resolution scaling (median of {runs} runs per step; ratios to the 10 % step):\n\n\
         | share | articles | mentions | article clusters | candidate pairs | entities | resolve ms | mentions × | pairs × | time × |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    );
    let Some(first) = steps.first() else {
        return out;
    };
    for step in steps {
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
        let _ = writeln!(
            out,
            "| {} % | {} | {} | {} | {} | {} | {:.0} | {:.1} | {:.1} | {:.1} |",
            step.percent,
            step.articles,
            step.mentions,
            step.clusters,
            step.pairs,
            step.entities,
            step.millis,
            ratio(step.mentions as f64, first.mentions as f64),
            ratio(step.pairs as f64, first.pairs as f64),
            ratio(step.millis, first.millis),
        );
    }
    out
}
