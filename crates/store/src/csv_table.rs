//! Tables as CSV: header from the column names, one line per row.
//!
//! Encoding: strings as they are (quoted when needed), nulls as empty fields,
//! integers in decimal, floats in Rust's shortest round-trip form, booleans as
//! `true`/`false`, dates as ISO `YYYY-MM-DD`, string lists as JSON arrays
//! (`["AP","Reuters"]`), which every notebook tool can parse back.
//!
//! **Formulas.** A spreadsheet opening a CSV runs a cell that starts with
//! `=`, `+`, `-` or `@` as a formula, and scraped text can start that way
//! (`=HYPERLINK(…)`). With `csv_safe`, such text cells (and ones starting with
//! a tab or carriage return) get a leading `'`, which spreadsheets show as
//! text. It is off by default because the CSV is also read by notebooks, where
//! the prefix would change the text and shift every offset into it; turn it on
//! (`--csv-safe`) for CSV files meant for spreadsheets. Parquet is never changed.

use sitrep_core::{Cell, Table};

/// The CSV bytes of `rows`, header first, text exactly as in the rows.
#[must_use]
pub fn to_csv<T: Table>(rows: &[T]) -> Vec<u8> {
    to_csv_with(rows, false)
}

/// Whether a spreadsheet would treat `text` as a formula.
fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The CSV bytes of `rows`; with `csv_safe`, text cells that a spreadsheet
/// would run as formulas start with `'` (see the module docs).
#[must_use]
pub fn to_csv_with<T: Table>(rows: &[T], csv_safe: bool) -> Vec<u8> {
    let mut writer = csv_writer(Vec::new());
    // Writing to a Vec cannot fail, and every record has the header's length.
    write_csv_header::<T, _>(&mut writer).expect("write CSV header to memory");
    write_csv_rows(&mut writer, rows, csv_safe).expect("write CSV rows to memory");
    writer.into_inner().expect("flush CSV to memory")
}

/// A CSV writer with the table files' settings.
pub(crate) fn csv_writer<W: std::io::Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out)
}

/// Writes the header line of `T`.
pub(crate) fn write_csv_header<T: Table, W: std::io::Write>(
    writer: &mut csv::Writer<W>,
) -> csv::Result<()> {
    writer.write_record(T::COLUMNS.iter().map(|c| c.name))
}

/// Writes one line per row (see [`to_csv_with`] for `csv_safe`). Text
/// cells are written from the rows as they are; other cells are formatted
/// into one reused buffer (no allocation per cell).
pub(crate) fn write_csv_rows<T: Table, W: std::io::Write>(
    writer: &mut csv::Writer<W>,
    rows: &[T],
    csv_safe: bool,
) -> csv::Result<()> {
    let mut buffer: Vec<u8> = Vec::with_capacity(64);
    for row in rows {
        for cell in &row.cells() {
            if let Cell::Str(text) = cell {
                let text = text.unwrap_or_default();
                if csv_safe && looks_like_formula(text) {
                    buffer.clear();
                    buffer.push(b'\'');
                    buffer.extend_from_slice(text.as_bytes());
                    writer.write_field(&buffer)?;
                } else {
                    writer.write_field(text)?;
                }
            } else {
                buffer.clear();
                format_field(cell, &mut buffer);
                writer.write_field(&buffer)?;
            }
        }
        // Ends the record: the same bytes as `write_record` of its fields.
        writer.write_record(None::<&[u8]>)?;
    }
    Ok(())
}

/// A cell other than text as CSV field bytes (see the module docs).
fn format_field(cell: &Cell<'_>, out: &mut Vec<u8>) {
    use std::io::Write as _;
    // Writing to a Vec cannot fail.
    let _ = match cell {
        Cell::Str(s) => {
            out.extend_from_slice(s.unwrap_or_default().as_bytes());
            Ok(())
        }
        Cell::Int(v) => v.map_or(Ok(()), |v| write!(out, "{v}")),
        Cell::Float(v) => v.map_or(Ok(()), |v| write!(out, "{v}")),
        Cell::Bool(v) => write!(out, "{v}"),
        Cell::Date(v) => v.map_or(Ok(()), |d| write!(out, "{}", d.format("%Y-%m-%d"))),
        Cell::StrList(items) => {
            serde_json::to_writer(&mut *out, items).expect("strings serialise");
            Ok(())
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::tables::{EntityRow, RejectedRow};

    #[test]
    fn csv_safe_prefixes_formula_text_only() {
        let row = |detail: &str| RejectedRow {
            source_path: "=cmd|' /C calc'!A0".into(),
            line: Some(-1),
            reason: "bad_json".into(),
            detail: detail.into(),
            size_bytes: -5,
        };
        let rows = [row("+1 more"), row("@SUM(A1)"), row("plain - text")];
        let exact = String::from_utf8(to_csv(&rows)).unwrap();
        assert!(
            exact.contains("\n=cmd|' /C calc'!A0,-1,bad_json,+1 more,-5\n"),
            "{exact}"
        );
        let safe = String::from_utf8(to_csv_with(&rows, true)).unwrap();
        let lines: Vec<&str> = safe.lines().skip(1).collect();
        assert_eq!(
            lines,
            [
                "'=cmd|' /C calc'!A0,-1,bad_json,'+1 more,-5",
                "'=cmd|' /C calc'!A0,-1,bad_json,'@SUM(A1),-5",
                "'=cmd|' /C calc'!A0,-1,bad_json,plain - text,-5",
            ],
            "numbers stay numbers; only text cells are prefixed"
        );
    }

    #[test]
    fn encodes_nulls_lists_floats_and_quotes() {
        let row = EntityRow {
            entity_id: "ent_1".into(),
            name: "Sidon, \"Saida\"".into(),
            entity_type: "GPE".into(),
            aliases: vec!["Saida".into(), "Sidon".into()],
            kb_id: None,
            country: Some("LB".into()),
            lat: Some(33.56),
            lon: None,
            mention_count: 2,
            article_count: 1,
            link_score: None,
            geo_precision: None,
            merge_evidence: vec![],
            wikidata_id: None,
        };
        let text = String::from_utf8(to_csv(&[row])).unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next().unwrap(),
            "entity_id,name,entity_type,aliases,kb_id,country,lat,lon,mention_count,article_count,\
             link_score,geo_precision,merge_evidence,wikidata_id"
        );
        assert_eq!(
            lines.next().unwrap(),
            r#"ent_1,"Sidon, ""Saida""",GPE,"[""Saida"",""Sidon""]",,LB,33.56,,2,1,,,[],"#
        );
        assert_eq!(lines.next(), None);
    }
}
