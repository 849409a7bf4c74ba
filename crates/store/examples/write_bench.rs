//! Times writing each table of a finished run again (`cargo run --release
//! -p sitrep-store --example write_bench -- TABLES_DIR [RUNS]`): per table,
//! the median of RUNS streamed writes ([`sitrep_store::TableWriter`]) into a
//! scratch directory, split into building the rows' frame, Parquet and CSV.

use std::path::Path;
use std::time::Instant;

use sitrep_core::Table;
use sitrep_core::tables::{
    Article, DateRow, EntityRow, EventRow, MentionRow, QuantityRow, QuoteRow, RelationRow,
    SentenceRow,
};
use sitrep_store::{TableWriter, WriteOptions};

fn time<T: Table + Clone + Send + Sync + 'static>(dir: &Path, runs: usize) {
    let rows: Vec<T> = sitrep_store::read_table(dir).expect("table reads");
    let scratch = tempfile::tempdir().expect("scratch dir");
    let mut times = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let mut writer =
            TableWriter::<T>::create(scratch.path(), WriteOptions::default()).expect("writer");
        for chunk in rows.chunks(50) {
            writer.push(chunk.to_vec()).expect("push");
        }
        writer.finish().expect("finish");
        times.push(started.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let csv = Instant::now();
    let bytes = sitrep_store::to_csv(&rows);
    let csv = csv.elapsed().as_secs_f64();
    let frame = Instant::now();
    let _ = sitrep_store::to_frame(&rows).expect("frame");
    let frame = frame.elapsed().as_secs_f64();
    #[expect(clippy::print_stdout, reason = "an example's report")]
    {
        println!(
            "{:<11} {:>7} rows  write {:.3} s (csv alone {:.3} s, {} MB; frame alone {:.3} s)",
            T::NAME,
            rows.len(),
            times[times.len() / 2],
            csv,
            bytes.len() / 1_000_000,
            frame
        );
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: write_bench TABLES_DIR [RUNS]");
    let runs: usize = args
        .next()
        .map_or(3, |r| r.parse().expect("RUNS is a number"));
    let dir = Path::new(&dir);
    time::<Article>(dir, runs);
    time::<SentenceRow>(dir, runs);
    time::<MentionRow>(dir, runs);
    time::<EntityRow>(dir, runs);
    time::<EventRow>(dir, runs);
    time::<QuoteRow>(dir, runs);
    time::<DateRow>(dir, runs);
    time::<QuantityRow>(dir, runs);
    time::<RelationRow>(dir, runs);
}
