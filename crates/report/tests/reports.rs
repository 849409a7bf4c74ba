//! End-to-end tests: typed rows → Parquet fixtures → `write_reports` → report text.

use std::path::Path;

use chrono::NaiveDate;
use polars::prelude::*;
use sitrep_core::Table;
use sitrep_core::table::{Cell, ColumnType};
use sitrep_core::tables::{
    Article, DateRow, EntityRow, EventRow, MentionRow, QuantityRow, QuoteRow, RejectedRow,
    RelationRow, SentenceRow,
};
use sitrep_report::{ReportError, ReportOptions, write_reports, write_reports_with};

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
        antecedent_id: None,
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
        kb_id: place.map(|_| format!("geonames:{id}")),
        country: place.map(|p| p.0.to_owned()),
        lat: place.map(|p| p.1),
        lon: place.map(|p| p.2),
        mention_count: counts.0,
        article_count: counts.1,
        link_score: place.map(|_| 0.9),
        geo_precision: place.map(|_| "point".to_owned()),
        merge_evidence: Vec::new(),
        wikidata_id: None,
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
        date_source: None,
        killed: None,
        injured: None,
        negated: false,
        hypothetical: false,
        aggregate: false,
        reported: false,
        confidence: 0.8,
        method: "rule".to_owned(),
        event_cluster: String::new(),
    }
}

/// A quote with its speaker as written and the cue `said`, not linked to a
/// mention or entity.
fn quote(
    id: &str,
    article: &str,
    sentence_idx: i64,
    (start, end): (i64, i64),
    text: &str,
    speaker: &str,
) -> QuoteRow {
    QuoteRow {
        quote_id: id.to_owned(),
        article_id: article.to_owned(),
        sentence_idx,
        start,
        end,
        text: text.to_owned(),
        direct: true,
        speaker_text: Some(speaker.to_owned()),
        speaker_start: None,
        speaker_end: None,
        speaker_mention_id: None,
        speaker_id: None,
        cue: Some("said".to_owned()),
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

/// Two articles with every table filled by hand.
fn relation(
    id: &str,
    article: &str,
    (source, source_id): (&str, Option<&str>),
    relation: &str,
    (target, target_id): (&str, Option<&str>),
) -> RelationRow {
    RelationRow {
        relation_id: id.to_owned(),
        article_id: article.to_owned(),
        sentence_idx: 1,
        start: 0,
        end: 1,
        cue: "backed".to_owned(),
        relation: relation.to_owned(),
        source_text: source.to_owned(),
        source_mention_id: source_id.map(|_| format!("m-{id}-s")),
        source_id: source_id.map(str::to_owned),
        target_text: target.to_owned(),
        target_mention_id: target_id.map(|_| format!("m-{id}-t")),
        target_id: target_id.map(str::to_owned),
        method: "hyphen_compound".to_owned(),
    }
}

fn write_fixture(dir: &Path) {
    let mut a1 = article(
        "a1",
        "Drone attack wounds US troops in Syria",
        A1_TEXT,
        day(2024, 1, 29),
    );
    a1.outlet = Some("Asharq Al-Awsat".to_owned());
    a1.published_precision = Some("day".to_owned());
    a1.published_source = Some("body".to_owned());
    a1.captions = vec!["US soldiers at al-Tanf".to_owned()];
    a1.caption_credits = vec!["AP".to_owned()];
    let a2_text = format!(
        "{A2_HEADLINE}\n\nSudani met envoys from Iraq and Syria. Kataeb Hezbollah was not named, he said."
    );
    let a2 = article("a2", A2_HEADLINE, &a2_text, day(2023, 12, 5));
    write_table(dir, &[a1, a2]);

    write_table(
        dir,
        &[
            sentence("a1", 0, 0, "Drone attack wounds US troops in Syria"),
            sentence(
                "a1",
                1,
                40,
                "A drone struck a base near al-Tanf in Syria on Jan. 28, injuring at least 34 US personnel.",
            ),
            sentence("a1", 2, 131, "Kataeb Hezbollah denied involvement."),
            sentence("a1", 3, 168, "\"We will respond,\" Biden said."),
            sentence("a2", 0, 0, A2_HEADLINE),
            sentence("a2", 1, 63, "Sudani met envoys from Iraq and Syria."),
            sentence("a2", 2, 102, "Kataeb Hezbollah was not named, he said."),
        ],
    );
    write_table(
        dir,
        &[
            mention("a1", 0, "Syria", "GPE", "e-syria"),
            mention("a1", 1, "al-Tanf", "FAC", "e-tanf"),
            mention("a1", 1, "Syria", "GPE", "e-syria"),
            mention("a1", 2, "Kataeb Hezbollah", "ORG", "e-kh"),
            mention("a1", 3, "Biden", "PERSON", "e-biden"),
            mention("a2", 1, "Sudani", "PERSON", "e-sudani"),
            mention("a2", 1, "Iraq", "GPE", "e-iraq"),
            mention("a2", 1, "Syria", "GPE", "e-syria"),
            mention("a2", 1, "Iraqi", "NORP", "e-iraqi"),
            mention("a2", 2, "Kataeb Hezbollah", "ORG", "e-kh"),
        ],
    );
    write_table(
        dir,
        &[
            entity("e-syria", "Syria", "GPE", Some(("SY", 35.0, 38.0)), (3, 2)),
            EntityRow {
                kb_id: None,
                ..entity("e-tanf", "Al-Tanf", "FAC", Some(("SY", 33.5, 38.6)), (1, 1))
            },
            entity("e-iraq", "Iraq", "GPE", Some(("IQ", 33.0, 44.0)), (1, 1)),
            entity("e-kh", "Kataeb Hezbollah", "ORG", None, (2, 2)),
            entity("e-iraqi", "Iraqi", "NORP", None, (1, 1)),
            entity("e-biden", "Joe Biden", "PERSON", None, (1, 1)),
            entity(
                "e-sudani",
                "Mohammed Shia al-Sudani",
                "PERSON",
                None,
                (1, 1),
            ),
        ],
    );

    let mut strike = event("ev1", "a1", 1, "struck", "ASSAULT");
    strike.plover_mode = Some("aerial".to_owned());
    strike.acled_type = Some("Explosions/Remote violence".to_owned());
    strike.acled_subtype = Some("Air/drone strike".to_owned());
    strike.actor_text = Some("A drone".to_owned());
    strike.target_text = Some("US personnel".to_owned());
    strike.place_id = Some("e-tanf".to_owned());
    strike.place_text = Some("al-Tanf".to_owned());
    strike.date = day(2024, 1, 28);
    strike.date_precision = Some("day".to_owned());
    strike.injured = Some(34);
    let mut meeting = event("ev2", "a2", 1, "met", "CONSULT");
    meeting.actor_id = Some("e-sudani".to_owned());
    meeting.actor_text = Some("Sudani".to_owned());
    let mut denial = event("ev3", "a1", 2, "denied", "ASSAULT");
    denial.actor_id = Some("e-kh".to_owned());
    denial.negated = true;
    write_table(dir, &[strike, meeting, denial]);

    let mut biden = quote("q1", "a1", 3, (169, 184), "We will respond", "Biden");
    biden.speaker_start = Some(187);
    biden.speaker_end = Some(192);
    biden.speaker_id = Some("e-biden".to_owned());

    write_table(
        dir,
        &[
            biden,
            quote(
                "q2",
                "a2",
                2,
                (102, 132),
                "Kataeb Hezbollah was not named",
                "he",
            ),
        ],
    );
    write_table(
        dir,
        &[QuantityRow {
            quantity_id: "n1".to_owned(),
            article_id: "a1".to_owned(),
            sentence_idx: 1,
            start: 106,
            end: 130,
            text: "at least 34 US personnel".to_owned(),
            value: 34.0,
            low: Some(34.0),
            high: None,
            qualifier: Some("at_least".to_owned()),
            noun: Some("personnel".to_owned()),
            unit: None,
        }],
    );
    write_table(
        dir,
        &[
            date_row("d1", "a1", "Jan. 28", day(2024, 1, 28), "day"),
            date_row("d2", "a2", "December", day(2023, 12, 1), "month"),
            date_row("d3", "a2", "2020", day(2020, 1, 1), "year"),
        ],
    );
    write_table(
        dir,
        &[
            relation(
                "r1",
                "a1",
                ("Kataeb Hezbollah", Some("e-kh")),
                "backed_by",
                ("Iraq", Some("e-iraq")),
            ),
            relation(
                "r2",
                "a2",
                ("Hezbollah Brigades", Some("e-kh")),
                "backed_by",
                ("Iraq", Some("e-iraq")),
            ),
            relation(
                "r3",
                "a2",
                ("Militias", None),
                "backed_by",
                ("Iraqi", Some("e-iraqi")),
            ),
        ],
    );
    write_table(
        dir,
        &[RejectedRow {
            source_path: "data/raw/logo.png".to_owned(),
            line: None,
            reason: "binary".to_owned(),
            detail: "data/raw/logo.png: looks binary (NUL bytes); not a text dump".to_owned(),
            size_bytes: 2048,
        }],
    );
}

fn run(tables: &Path, reports: &Path) -> (String, String) {
    let output = write_reports(tables, reports).unwrap();
    assert_eq!(
        output.files,
        vec![reports.join("summary.md"), reports.join("summary.html")]
    );
    (
        std::fs::read_to_string(reports.join("summary.md")).unwrap(),
        std::fs::read_to_string(reports.join("summary.html")).unwrap(),
    )
}

#[test]
fn markdown_report_lists_articles_entities_events_and_rejects() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture(dir.path());
    let (md, _) = run(dir.path(), &dir.path().join("reports"));

    assert!(md.contains("| Articles | 2 |"), "{md}");
    assert!(md.contains("| Events | 3 |"));
    assert!(md.contains("Publication dates: 2023-12-05 to 2024-01-29."));
    assert!(md.contains("### Drone attack wounds US troops in Syria"));
    // Entities: name, mentions, articles; places with country and coordinates.
    assert!(md.contains("| Kataeb Hezbollah | 2 | 2 |"));
    assert!(md.contains("| Syria | GPE | SY | 35.0000 | 38.0000 | 3 | 2 |"));
    // Events by type, with the stating sentence joined in and names resolved.
    assert!(md.contains("| ASSAULT (aerial) | 1 |"));
    assert!(md.contains("| Explosions/Remote violence / Air/drone strike | 1 |"));
    assert!(md.contains("A drone → ASSAULT (aerial, “struck”) → US personnel | Al-Tanf"));
    assert!(md.contains(
        "A drone struck a base near al-Tanf in Syria on Jan. 28, injuring at least 34 US personnel."
    ));
    assert!(md.contains("Mohammed Shia al-Sudani → CONSULT (“met”) → ?"));
    assert!(md.contains("| 34 injured |"));
    assert!(md.contains("| negated |"));
    // Timeline: one month-precision and one day-precision date; the year is set aside.
    assert!(md.contains("| 2023-12 | 1 |\n| 2024-01 | 1 |"));
    assert!(md.contains(
        "Not counted by month (year or decade precision, or unresolved): 1 date expressions."
    ));
    assert!(md.contains("| 2024-01-28 | Jan. 28 | Drone attack wounds US troops in Syria |"));
    // Quotes: speaker resolved through entities, else as written.
    assert!(md.contains("| Joe Biden | We will respond |"));
    assert!(md.contains("| he | Kataeb Hezbollah was not named |"));
    assert!(md.contains("| 34 | at least | personnel | at least 34 US personnel |"));
    // Stated relations by entity (two aliases of one entity count together),
    // most often stated first; a phrase side is case folded.
    assert!(md.contains(
        "| Kataeb Hezbollah | backed by | Iraq | 2 | 2 |\n| militias | backed by | Iraqi | 1 | 1 |"
    ), "{md}");
    assert!(md.contains("| Stated relations | 3 |"), "{md}");
    // Digest: published with precision and source, caption with credit, first body sentence.
    assert!(md.contains("- Published: 2024-01-29 (day, from body)"));
    assert!(md.contains("- Caption: US soldiers at al-Tanf (credit: AP)"));
    assert!(
        md.contains("- Top entities: Syria (2), Al-Tanf (1), Joe Biden (1), Kataeb Hezbollah (1)")
    );
    assert!(md.contains("> A drone struck a base"));
    assert!(md.contains("| data/raw/logo.png |  | binary |"));
    // The pipe in a headline is escaped so the table keeps its columns.
    assert!(md.contains("Sudani \\| Iraq talks \\<script\\>alert(\"x\")\\</script\\> \\& 'co'"));
}

#[test]
fn html_report_is_self_contained_escaped_and_has_charts() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture(dir.path());
    let (_, html) = run(dir.path(), &dir.path().join("reports"));

    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<b>Drone attack wounds US troops in Syria</b>"));
    assert!(html.contains(
        "Sudani | Iraq talks &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"
    ));
    // One inline script (the event list's), nothing fetched.
    let lower = html.to_lowercase();
    assert_eq!(lower.matches("<script").count(), 1);
    assert!(lower.contains("<script>(function(){"));
    assert!(!lower.contains("<link"));
    assert!(!lower.replace("url(#map-frame)", "").contains("url("));
    assert!(!lower.contains("src="));
    assert!(!lower.contains("http"));
    assert!(!lower.contains("@import"));
    // Four charts: map, network, top actors, timeline.
    assert_eq!(html.matches("<svg ").count(), 4);
    // Map: country outlines, confidently linked places only (Al-Tanf has no link).
    assert_eq!(html.matches("class=\"land\"").count(), 177);
    assert!(html.contains("Syria, SY: 3 mentions (35.0000, 38.0000)"));
    assert!(!html.contains("Al-Tanf, SY: 1 mentions"));
    assert!(html.contains(" 1 less certain place is left off"));
    // Network: no NORP, coloured by type.
    assert!(
        html.contains("Iraq – Syria: 1 sentences") || html.contains("Syria – Iraq: 1 sentences")
    );
    assert!(html.contains("class=\"node n-place\"><title>Syria (GPE): 3 mentions"));
    // Timeline by event date: the strike on its own date, the meeting at the
    // month in its sentence, the denial at its article's publication date.
    assert!(
        html.contains("<title>2024-01-28: 1 events (ASSAULT 1)</title>"),
        "{html}"
    );
    assert!(html.contains("<title>2023-12-01: 1 events (CONSULT 1)</title>"));
    assert!(html.contains("<title>2024-01-29: 1 events (ASSAULT 1)</title>"));
    assert!(html.contains("its own date (1), else a date stated in its sentence (1), else its article's publication date (1)"));
    // Event list: one row per event, grouped under one heading per article.
    assert_eq!(html.matches("<tr class=\"ev\"").count(), 3);
    assert_eq!(html.matches("<tr class=\"group\"").count(), 2);
    assert!(html.contains("<td>A drone → <b>ASSAULT</b> (aerial, “struck”) → US personnel</td><td>Al-Tanf</td><td>34 injured</td>"));
    assert!(html.contains("title=\"A drone struck a base near al-Tanf in Syria on Jan. 28, injuring at least 34 US personnel. — ACLED: Explosions/Remote violence / Air/drone strike\""));
    // Digests collapsed.
    assert_eq!(html.matches("<details class=\"digest\">").count(), 2);
    assert!(
        html.contains("<td>Kataeb Hezbollah</td><td class=\"num\">2</td><td class=\"num\">2</td>")
    );
}

#[test]
fn network_leaves_out_nationalities_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture(dir.path());
    let (_, html) = run(dir.path(), &dir.path().join("default"));
    assert!(!html.contains("node n-norp"));
    assert!(html.contains("(nationalities and other groups left out)"));

    let options = ReportOptions {
        network_nationalities: true,
    };
    write_reports_with(dir.path(), &dir.path().join("with"), &options).unwrap();
    let html = std::fs::read_to_string(dir.path().join("with/summary.html")).unwrap();
    assert!(html.contains("class=\"node n-norp\"><title>Iraqi (NORP): 1 mentions"));
    assert!(html.contains(">nationality or group</text>"));
    assert!(
        html.contains("Iraqi – Syria: 1 sentences") || html.contains("Syria – Iraqi: 1 sentences")
    );
}

#[test]
fn same_tables_give_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture(dir.path());
    let first = run(dir.path(), &dir.path().join("one"));
    let second = run(dir.path(), &dir.path().join("two"));
    assert_eq!(first, second);
}

#[test]
fn empty_tables_give_reports_with_none_sections() {
    let dir = tempfile::tempdir().unwrap();
    write_table::<Article>(dir.path(), &[]);
    write_table::<SentenceRow>(dir.path(), &[]);
    write_table::<MentionRow>(dir.path(), &[]);
    write_table::<EntityRow>(dir.path(), &[]);
    write_table::<EventRow>(dir.path(), &[]);
    write_table::<QuoteRow>(dir.path(), &[]);
    write_table::<RelationRow>(dir.path(), &[]);
    write_table::<QuantityRow>(dir.path(), &[]);
    write_table::<DateRow>(dir.path(), &[]);
    write_table::<RejectedRow>(dir.path(), &[]);
    let output = write_reports(dir.path(), &dir.path().join("reports")).unwrap();
    assert!(output.report.warnings.is_empty());
    let md = std::fs::read_to_string(&output.files[0]).unwrap();
    let html = std::fs::read_to_string(&output.files[1]).unwrap();
    assert!(md.contains("| Articles | 0 |"));
    assert!(md.contains("Publication dates: none inferred."));
    assert!(md.contains("## Quotes\n\n_None._"));
    assert!(md.contains("## Stated relations\n\n_None._"));
    assert!(html.contains("No data for this chart."));
    assert!(!html.contains("<svg "));
}

#[test]
fn missing_tables_other_than_articles_are_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let mut bare = article("a1", "Headline only", "Headline only\n\nBody.", None);
    bare.body_start = 15;
    write_table(dir.path(), &[bare]);
    let output = write_reports(dir.path(), &dir.path().join("reports")).unwrap();
    assert_eq!(output.report.warnings.len(), 9);
    assert!(output.report.warnings[0].contains("sentences.parquet is missing"));
    let md = std::fs::read_to_string(&output.files[0]).unwrap();
    assert!(md.contains("### Headline only\n\n- Published: unknown"));
}

#[test]
fn all_null_optional_columns_load() {
    let dir = tempfile::tempdir().unwrap();
    // `outlet` stored with the Null type, as a writer may do for an all-null column.
    let mut articles = frame(&[article(
        "a1",
        "Quiet day",
        "Quiet day\n\nNothing happened.",
        None,
    )]);
    articles
        .with_column(Column::full_null("outlet".into(), 1, &DataType::Null))
        .unwrap();
    write_frame(dir.path(), "articles", articles);
    write_table(dir.path(), &[entity("e1", "Nowhere", "GPE", None, (1, 1))]);
    write_table(dir.path(), &[event("ev", "a1", 1, "happened", "OTHER")]);
    write_table(dir.path(), &[date_row("d", "a1", "someday", None, "day")]);
    let output = write_reports(dir.path(), &dir.path().join("reports")).unwrap();
    let md = std::fs::read_to_string(&output.files[0]).unwrap();
    assert!(md.contains("| Nowhere | GPE |  |  |  | 1 | 1 |"));
    assert!(md.contains("|  | ? → OTHER (“happened”) → ? |"));
}

#[test]
fn errors_name_the_file_and_the_next_step() {
    let dir = tempfile::tempdir().unwrap();
    let error = write_reports(dir.path(), &dir.path().join("reports")).unwrap_err();
    assert!(matches!(error, ReportError::MissingArticles { .. }));
    let message = error.to_string();
    assert!(
        message.contains("has no articles.parquet: run `sitrep run`"),
        "{message}"
    );

    std::fs::write(dir.path().join("articles.parquet"), b"not parquet").unwrap();
    let message = write_reports(dir.path(), &dir.path().join("reports"))
        .unwrap_err()
        .to_string();
    assert!(message.contains("articles.parquet as Parquet"), "{message}");

    let mut sentences = frame(&[sentence("a1", 0, 0, "Hi")]);
    sentences.drop_in_place("paragraph_idx").unwrap();
    write_table(dir.path(), &[article("a1", "Hi", "Hi", None)]);
    write_frame(dir.path(), "sentences", sentences);
    let message = write_reports(dir.path(), &dir.path().join("reports"))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("sentences.parquet: column `paragraph_idx` is missing"),
        "{message}"
    );
}

#[test]
fn long_lists_are_cut_with_counts_of_what_was_left_out() {
    // 150 articles with 20 events each: more events and articles than the page lists.
    let dir = tempfile::tempdir().unwrap();
    let articles: Vec<Article> = (0..150)
        .map(|i| {
            let headline = format!("Article {i:03}");
            let text = format!("{headline}\n\nSomething happened.");
            article(
                &format!("a{i:03}"),
                &headline,
                &text,
                day(2024, 1, 1 + i % 28),
            )
        })
        .collect();
    let events: Vec<EventRow> = (0..3000)
        .map(|i| {
            event(
                &format!("ev{i:04}"),
                &format!("a{:03}", i / 20),
                1,
                "happened",
                "OTHER",
            )
        })
        .collect();
    write_table(dir.path(), &articles);
    write_table(dir.path(), &events);
    let output = write_reports(dir.path(), &dir.path().join("reports")).unwrap();
    let html = std::fs::read_to_string(&output.files[1]).unwrap();
    let md = std::fs::read_to_string(&output.files[0]).unwrap();

    assert_eq!(html.matches("<tr class=\"ev\"").count(), 2000);
    // Grouped: 2,000 events of 20 each are the first 100 articles.
    assert_eq!(html.matches("<tr class=\"group\"").count(), 100);
    assert!(html.contains(
        "Showing 2000 of 3000 events (1000 left out); all are in <code>events.parquet</code>."
    ));
    assert_eq!(html.matches("<details class=\"digest\">").count(), 100);
    assert!(html.contains("Digests of the first 100 of 150 articles (50 left out)"));
    // Every event is still on the timeline (one per article date, 28 days).
    assert!(html.contains("its own date (0), else a date stated in its sentence (0), else its article's publication date (3000)"));
    // The Markdown report lists 200 events and says so.
    assert!(md.contains("Showing the first 200 of 3000; the full list is in `events.parquet`."));
    assert_eq!(md.matches("| ? → OTHER (“happened”) → ? |").count(), 200);
}
