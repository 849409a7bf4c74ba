//! End-to-end tests: typed rows → Parquet fixtures → `write_reports` → report text.

use std::path::Path;

use chrono::NaiveDate;
use polars::prelude::*;
use sitrep_core::Table;
use sitrep_core::table::{Cell, ColumnType};
use sitrep_core::tables::{
    Article, DateRow, EntityRow, EventRow, MentionRow, QuantityRow, QuoteRow, RejectedRow,
    SentenceRow,
};
use sitrep_report::{ReportError, write_reports};

/// Builds a frame with exactly the declared column names and types of `T`.
fn frame<T: Table>(rows: &[T]) -> DataFrame {
    let cells: Vec<Vec<Cell<'_>>> = rows.iter().map(Table::cells).collect();
    let columns = T::COLUMNS
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let name: PlSmallStr = column.name.into();
            let series = match column.ty {
                ColumnType::Str | ColumnType::OptStr => {
                    let values: Vec<Option<&str>> = cells
                        .iter()
                        .map(|row| match row[i] {
                            Cell::Str(v) => v,
                            _ => unreachable!(),
                        })
                        .collect();
                    Series::new(name, values)
                }
                ColumnType::Int | ColumnType::OptInt => {
                    let values: Vec<Option<i64>> = cells
                        .iter()
                        .map(|row| match row[i] {
                            Cell::Int(v) => v,
                            _ => unreachable!(),
                        })
                        .collect();
                    Series::new(name, values)
                }
                ColumnType::Float | ColumnType::OptFloat => {
                    let values: Vec<Option<f64>> = cells
                        .iter()
                        .map(|row| match row[i] {
                            Cell::Float(v) => v,
                            _ => unreachable!(),
                        })
                        .collect();
                    Series::new(name, values)
                }
                ColumnType::Bool => {
                    let values: Vec<bool> = cells
                        .iter()
                        .map(|row| match row[i] {
                            Cell::Bool(v) => v,
                            _ => unreachable!(),
                        })
                        .collect();
                    Series::new(name, values)
                }
                ColumnType::OptDate => {
                    let values: Vec<Option<NaiveDate>> = cells
                        .iter()
                        .map(|row| match row[i] {
                            Cell::Date(v) => v,
                            _ => unreachable!(),
                        })
                        .collect();
                    Series::new(name, values)
                }
                ColumnType::StrList => {
                    let list_type = DataType::List(Box::new(DataType::String));
                    if cells.is_empty() {
                        Series::new_empty(name, &list_type)
                    } else {
                        let values: Vec<Series> = cells
                            .iter()
                            .map(|row| match row[i] {
                                Cell::StrList(v) => Series::new("".into(), v),
                                _ => unreachable!(),
                            })
                            .collect();
                        Series::new(name, values).cast(&list_type).unwrap()
                    }
                }
            };
            let expected = match column.ty {
                ColumnType::Str | ColumnType::OptStr => DataType::String,
                ColumnType::Int | ColumnType::OptInt => DataType::Int64,
                ColumnType::Float | ColumnType::OptFloat => DataType::Float64,
                ColumnType::Bool => DataType::Boolean,
                ColumnType::OptDate => DataType::Date,
                ColumnType::StrList => DataType::List(Box::new(DataType::String)),
            };
            let series = series.cast(&expected).unwrap();
            assert_eq!(series.dtype(), &expected, "{}", column.name);
            series.into_column()
        })
        .collect();
    DataFrame::new(rows.len(), columns).unwrap()
}

fn write_frame(dir: &Path, name: &str, mut frame: DataFrame) {
    let file = std::fs::File::create(dir.join(format!("{name}.parquet"))).unwrap();
    ParquetWriter::new(file).finish(&mut frame).unwrap();
}

fn write_table<T: Table>(dir: &Path, rows: &[T]) {
    write_frame(dir, T::NAME, frame(rows));
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

const A1_TEXT: &str = "Drone attack wounds US troops in Syria\n\nA drone struck a base near al-Tanf in Syria on Jan. 28, injuring at least 34 US personnel. Kataeb Hezbollah denied involvement. \"We will respond,\" Biden said.";
const A2_HEADLINE: &str = "Sudani | Iraq talks <script>alert(\"x\")</script> & 'co'";

fn article(id: &str, headline: &str, text: &str, published: Option<NaiveDate>) -> Article {
    Article {
        article_id: id.to_owned(),
        source_path: "data/raw/two.txt".to_owned(),
        source_format: "text_dump".to_owned(),
        source_line_start: 1,
        source_line_end: 9,
        encoding: "UTF-8".to_owned(),
        outlet: None,
        url: None,
        headline: headline.to_owned(),
        published,
        published_precision: None,
        published_source: None,
        published_evidence: None,
        captions: Vec::new(),
        caption_credits: Vec::new(),
        text: text.to_owned(),
        body_start: headline.chars().count() as i64 + 2,
        word_count: text.split_whitespace().count() as i64,
        duplicate_of: None,
    }
}

fn sentence(article: &str, idx: i64, start: i64, text: &str) -> SentenceRow {
    SentenceRow {
        article_id: article.to_owned(),
        sentence_idx: idx,
        paragraph_idx: i64::from(idx > 0),
        start,
        end: start + text.chars().count() as i64,
        text: text.to_owned(),
    }
}

fn mention(article: &str, sentence_idx: i64, text: &str, ty: &str, entity: &str) -> MentionRow {
    MentionRow {
        mention_id: format!("m-{article}-{sentence_idx}-{text}"),
        article_id: article.to_owned(),
        sentence_idx,
        start: 0,
        end: text.chars().count() as i64,
        text: text.to_owned(),
        entity_type: ty.to_owned(),
        entity_id: Some(entity.to_owned()),
        confidence: 0.9,
        method: "gazetteer".to_owned(),
    }
}

fn entity(
    id: &str,
    name: &str,
    ty: &str,
    place: Option<(&str, f64, f64)>,
    counts: (i64, i64),
) -> EntityRow {
    EntityRow {
        entity_id: id.to_owned(),
        name: name.to_owned(),
        entity_type: ty.to_owned(),
        aliases: vec![name.to_owned()],
        kb_id: None,
        country: place.map(|p| p.0.to_owned()),
        lat: place.map(|p| p.1),
        lon: place.map(|p| p.2),
        mention_count: counts.0,
        article_count: counts.1,
    }
}

fn event(id: &str, article: &str, sentence_idx: i64, trigger: &str, plover: &str) -> EventRow {
    EventRow {
        event_id: id.to_owned(),
        article_id: article.to_owned(),
        sentence_idx,
        start: 0,
        end: 1,
        trigger: trigger.to_owned(),
        plover_type: plover.to_owned(),
        plover_mode: None,
        acled_type: None,
        acled_subtype: None,
        actor_text: None,
        actor_mention_id: None,
        actor_id: None,
        target_text: None,
        target_mention_id: None,
        target_id: None,
        place_text: None,
        place_mention_id: None,
        place_id: None,
        date: None,
        date_precision: None,
        killed: None,
        injured: None,
        negated: false,
        hypothetical: false,
        aggregate: false,
        confidence: 0.8,
        method: "rule".to_owned(),
    }
}

fn date_row(
    id: &str,
    article: &str,
    text: &str,
    value: Option<NaiveDate>,
    precision: &str,
) -> DateRow {
    DateRow {
        date_id: id.to_owned(),
        article_id: article.to_owned(),
        sentence_idx: 1,
        start: 0,
        end: 1,
        text: text.to_owned(),
        value,
        precision: Some(precision.to_owned()),
        range_end: None,
        anchor: None,
    }
}


#[test]
fn perf_tmp() {
    let dir = tempfile::tempdir().unwrap();
    let n = 10_000usize;
    let text = "Headline here\n\n".to_owned() + &"Word ".repeat(400);
    let arts: Vec<Article> = (0..n).map(|i| article(&format!("a{i}"), &format!("Headline {i}"), &text, day(2024, 1 + (i % 12) as u32, 1 + (i % 28) as u32))).collect();
    let mut sents = Vec::new();
    let mut ments = Vec::new();
    let mut evs = Vec::new();
    let mut quotes = Vec::new();
    let mut dates = Vec::new();
    for i in 0..n {
        let a = format!("a{i}");
        for s in 0..20 {
            sents.push(sentence(&a, s, s * 30, "Some sentence text that is long enough to matter here."));
            if s % 2 == 0 {
                ments.push(mention(&a, s, "Syria", "GPE", &format!("e{}", (i * 7 + s as usize) % 3000)));
                ments.push(mention(&a, s, "Iraq", "GPE", &format!("e{}", (i * 13 + s as usize) % 3000)));
                ments.push(mention(&a, s, "Hezbollah", "ORG", &format!("e{}", (i + s as usize) % 50)));
            }
        }
        for k in 0..3 {
            let mut e = event(&format!("ev{i}-{k}"), &a, k, "struck", "ASSAULT");
            e.actor_id = Some(format!("e{}", (i + k as usize) % 50));
            evs.push(e);
            dates.push(date_row(&format!("d{i}-{k}"), &a, "Jan. 5", day(2024, 1 + (i % 12) as u32, 5), "day"));
        }
        quotes.push(QuoteRow { quote_id: format!("q{i}"), article_id: a.clone(), sentence_idx: 3, start: 1, end: 5, text: "We will respond".into(), speaker_text: Some("he".into()), speaker_start: None, speaker_end: None, speaker_mention_id: None, speaker_id: Some(format!("e{}", i % 3000)), cue: None, method: "rule".into() });
    }
    let ents: Vec<EntityRow> = (0..3000).map(|k| entity(&format!("e{k}"), &format!("Entity {k}"), ["GPE", "ORG", "PERSON", "NORP"][k % 4], Some(("SY", 30.0 + (k % 10) as f64, 35.0 + (k % 13) as f64)), ((3000 - k) as i64, 5))).collect();
    write_table(dir.path(), &arts);
    write_table(dir.path(), &sents);
    write_table(dir.path(), &ments);
    write_table(dir.path(), &ents);
    write_table(dir.path(), &evs);
    write_table(dir.path(), &quotes);
    write_table(dir.path(), &dates);
    let t = std::time::Instant::now();
    let out = write_reports(dir.path(), &dir.path().join("r")).unwrap();
    let ms = t.elapsed().as_millis();
    let md = std::fs::metadata(&out.files[0]).unwrap().len();
    let html = std::fs::metadata(&out.files[1]).unwrap().len();
    panic!("PERF {:?} {ms} ms;", out.report.warnings); panic!("x {ms} ms; md {md} bytes; html {html} bytes; rows sentences {} mentions {}", sents.len(), ments.len());
}
