//! Reliability cases: the `sitrep` binary against hostile inputs and
//! interrupted runs, each in a temporary directory. Every case prints one line
//! (`case <name>: held; <figures>`); `just reliability` runs them all in release
//! mode with the heavy ones (the 2 MB line, the kill test on the bench corpus).
//!
//! What must hold: every input file is an article source or a `rejected` row
//! with a reason; `--out` always holds one complete output set (the previous one
//! or the new one: every table's article ids are in `articles` and the
//! manifest's row counts match the files); peak memory stays under 1 GB.

#![expect(clippy::print_stdout, reason = "each case prints its one-line result")]
#![expect(clippy::print_stderr, reason = "tests say why they skip")]

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use sitrep_core::Table;
use sitrep_core::tables::{
    Article, DateRow, EventRow, MentionRow, QuantityRow, QuoteRow, RejectedRow, RelationRow,
    SentenceRow,
};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sample_dir() -> PathBuf {
    repo().join("data/raw")
}

/// The binary under test: `SITREP_BIN` when set (to run these cases against
/// another build), else the one Cargo built.
fn bin() -> String {
    std::env::var("SITREP_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_sitrep").to_owned())
}

fn held(case: &str, figures: &str) {
    println!("case {case}: held; {figures}");
}

/// A `sitrep` command with the quiet flags, not yet started.
fn command(args: &[&OsStr]) -> Command {
    let mut command = Command::new(bin());
    command.args(args).arg("--no-progress");
    command
}

fn os<S: AsRef<OsStr> + ?Sized>(s: &S) -> &OsStr {
    s.as_ref()
}

/// Runs `command` to completion, killing it after `limit` (then the test fails).
fn finish(mut command: Command, limit: Duration) -> Output {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start sitrep");
    wait_limited(child, limit)
}

fn wait_limited(mut child: Child, limit: Duration) -> Output {
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait for sitrep").is_some() {
            return child.wait_with_output().expect("collect output");
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let output = child.wait_with_output().expect("collect output");
            panic!(
                "sitrep did not finish within {limit:?}; stderr:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn run(args: &[&OsStr]) -> Output {
    finish(command(args), Duration::from_secs(300))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `sitrep ingest --input input --out out`, not yet started.
fn ingest_command(input: &OsStr, out: &OsStr) -> Command {
    command(&[os("ingest"), os("--input"), input, os("--out"), out])
}

/// Runs `command`, which must succeed.
fn run_ok_command(command: Command) -> Output {
    let output = finish(command, Duration::from_secs(300));
    assert!(
        output.status.success(),
        "sitrep failed with {}:\n{}",
        output.status,
        stderr(&output)
    );
    output
}

/// `sitrep run --input input --out out --reports reports`.
fn run_into(input: &Path, out: &Path, reports: &Path) -> Output {
    run(&[
        os("run"),
        os("--input"),
        input.as_os_str(),
        os("--out"),
        out.as_os_str(),
        os("--reports"),
        reports.as_os_str(),
    ])
}

fn read<T: Table>(dir: &Path) -> Vec<T> {
    sitrep_store::read_table(dir)
        .unwrap_or_else(|e| panic!("cannot read {} from {}: {e}", T::NAME, dir.display()))
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

fn write(path: &Path, text: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// A short article with a headline and `n` in its text, so articles differ.
fn article(n: usize) -> String {
    format!(
        "Drone strike number {n} hits a depot\n\nA drone struck a fuel depot near Erbil on Nov. 8, 2023, \
         officials said. At least {n} people were injured in the attack, the ministry said.\n\n\
         \"We will respond,\" said Defence Minister Thabet al-Abbasi on Tuesday.\n"
    )
}

/// A directory of `files` dump files, `per_file` articles each (separated by rules).
fn corpus(dir: &Path, files: usize, per_file: usize, offset: usize) {
    for f in 0..files {
        let mut text = String::new();
        for a in 0..per_file {
            text.push_str(&article(offset + f * per_file + a));
            text.push_str("\n-----\n\n");
        }
        write(&dir.join(format!("file{f:03}.txt")), text);
    }
}

/// Checks that the `T` table of `out` has `expected` rows, all pointing at known articles.
fn check<T: Table>(out: &Path, expected: usize, ids: &BTreeSet<&str>, id: fn(&T) -> &str) {
    let rows: Vec<T> = read(out);
    assert_eq!(rows.len(), expected, "{} rows vs manifest", T::NAME);
    for row in &rows {
        assert!(
            ids.contains(id(row)),
            "{} row points at article {} that `articles` does not hold",
            T::NAME,
            id(row)
        );
    }
}

/// Checks that `out` holds one complete output set and returns its article count:
/// every table's article ids are in `articles`, and the manifest's row counts
/// match the Parquet files (and the CSV files have a header and a line per row at least).
fn assert_complete_set(out: &Path) -> usize {
    let manifest = manifest(out);
    let tables = manifest["tables"]
        .as_object()
        .expect("manifest lists tables");
    for name in [
        "articles",
        "rejected",
        "sentences",
        "mentions",
        "entities",
        "events",
        "quotes",
        "relations",
        "quantities",
        "dates",
    ] {
        assert!(
            tables.contains_key(name),
            "manifest does not count `{name}`: {manifest}"
        );
        assert!(out.join(format!("{name}.csv")).is_file(), "{name}.csv");
    }
    let articles: Vec<Article> = read(out);
    let ids: BTreeSet<&str> = articles.iter().map(|a| a.article_id.as_str()).collect();
    let count = |name: &str| tables[name].as_u64().unwrap() as usize;
    assert_eq!(articles.len(), count("articles"), "articles vs manifest");
    check::<SentenceRow>(out, count("sentences"), &ids, |r| &r.article_id);
    check::<MentionRow>(out, count("mentions"), &ids, |r| &r.article_id);
    check::<EventRow>(out, count("events"), &ids, |r| &r.article_id);
    check::<QuoteRow>(out, count("quotes"), &ids, |r| &r.article_id);
    check::<RelationRow>(out, count("relations"), &ids, |r| &r.article_id);
    check::<QuantityRow>(out, count("quantities"), &ids, |r| &r.article_id);
    check::<DateRow>(out, count("dates"), &ids, |r| &r.article_id);
    let rejected: Vec<RejectedRow> = read(out);
    assert_eq!(rejected.len(), count("rejected"), "rejected vs manifest");
    articles.len()
}

/// Runs `command` as the unprivileged user `nobody` when the tests run as root
/// (root reads directories whatever their mode); None when that is impossible.
fn as_unprivileged(args: &[&OsStr]) -> Option<Command> {
    let root =
        std::fs::metadata("/proc/self").is_ok_and(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0);
    if !root {
        return Some(command(args));
    }
    let setpriv = Path::new("/usr/bin/setpriv");
    if !setpriv.exists() {
        return None;
    }
    let mut wrapped = Command::new(setpriv);
    wrapped
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", &bin()])
        .args(args)
        .arg("--no-progress");
    Some(wrapped)
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

// 1. Walk errors are per entry.
#[test]
fn unreadable_subdirectory_is_a_rejected_row_and_strict_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o777);
    let input = dir.path().join("in");
    write(&input.join("good.txt"), article(1));
    write(&input.join("locked/hidden.txt"), article(2));
    for path in [&input, &input.join("locked")] {
        chmod(path, 0o755);
    }
    chmod(&input.join("good.txt"), 0o644);
    chmod(&input.join("locked"), 0o000);
    let out = dir.path().join("out");
    let args = |strict: bool| {
        let mut args = vec![
            os("ingest"),
            os("--input"),
            input.as_os_str(),
            os("--out"),
            out.as_os_str(),
        ];
        if strict {
            args.push(os("--strict"));
        }
        args
    };
    let Some(command) = as_unprivileged(&args(false)) else {
        eprintln!("skipped: running as root without setpriv, cannot make a directory unreadable");
        return;
    };
    let output = finish(command, Duration::from_secs(120));
    chmod(&input.join("locked"), 0o755);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let articles: Vec<Article> = read(&out);
    let rejected: Vec<RejectedRow> = read(&out);
    assert_eq!(articles.len(), 1, "the readable file is still processed");
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(rejected[0].reason, "unreadable");
    assert!(rejected[0].source_path.ends_with("locked"), "{rejected:?}");
    assert!(rejected[0].detail.contains("locked"), "{rejected:?}");
    chmod(&input.join("locked"), 0o000);
    let strict = finish(
        as_unprivileged(&args(true)).unwrap(),
        Duration::from_secs(120),
    );
    chmod(&input.join("locked"), 0o755);
    assert_eq!(strict.status.code(), Some(3), "{}", stderr(&strict));
    held(
        "unreadable_subdirectory",
        "1 article, 1 rejected row `unreadable`, --strict exits 3",
    );
}

/// Peak resident memory of `sitrep args`, in KiB, measured by `/usr/bin/time`,
/// with the address space capped at 4 GiB so a runaway run fails fast.
fn peak_kib(args: &[&OsStr], scratch: &Path) -> Option<(Output, u64)> {
    let time = Path::new("/usr/bin/time");
    let prlimit = Path::new("/usr/bin/prlimit");
    if !time.exists() || !prlimit.exists() {
        return None;
    }
    let report = scratch.join("time.txt");
    let mut command = Command::new(prlimit);
    command
        .arg(format!("--as={}", 4u64 << 30))
        .arg(time)
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&report)
        .arg(bin())
        .args(args)
        .arg("--no-progress");
    let output = finish(command, Duration::from_secs(600));
    let kib = std::fs::read_to_string(&report)
        .ok()
        .and_then(|text| text.lines().last()?.trim().parse().ok())
        .unwrap_or(0);
    Some((output, kib))
}

/// One line of `bytes` bytes of plausible prose, no line break.
fn long_line(bytes: usize) -> String {
    let words = [
        "Officials",
        "said",
        "the",
        "drone",
        "struck",
        "a",
        "depot",
        "near",
        "Erbil",
        "on",
        "Tuesday,",
        "and",
        "at",
        "least",
        "61",
        "attacks",
        "hit",
        "US",
        "forces",
        "in",
        "Iraq",
        "and",
        "Syria",
        "since",
        "Oct.",
        "17.",
        "Kataeb",
        "Hezbollah",
        "warned",
        "Washington.",
    ];
    let mut text = String::with_capacity(bytes + 16);
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(words[i % words.len()]);
        text.push(' ');
        i += 7;
    }
    text.truncate(bytes);
    text
}

fn long_line_case(bytes: usize, case: &str) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in/long.txt");
    write(&input, long_line(bytes));
    let out = dir.path().join("out");
    let reports = dir.path().join("reports");
    let args = [
        os("run"),
        os("--input"),
        input.as_os_str(),
        os("--out"),
        out.as_os_str(),
        os("--reports"),
        reports.as_os_str(),
    ];
    let Some((output, kib)) = peak_kib(&args, dir.path()) else {
        eprintln!("skipped: needs /usr/bin/time and /usr/bin/prlimit");
        return;
    };
    assert!(
        output.status.success(),
        "{case}: run failed ({}), peak {} MiB:\n{}",
        output.status,
        kib / 1024,
        stderr(&output)
    );
    assert_eq!(assert_complete_set(&out), 1);
    assert!(
        kib < 1024 * 1024,
        "{case}: peak memory {} MiB is over 1 GiB",
        kib / 1024
    );
    held(case, &format!("peak {} MiB, manifest written", kib / 1024));
}

// 2. Bounded memory on a very long line.
#[test]
#[ignore = "slow in a debug build: run by `just reliability` (release build)"]
fn half_megabyte_single_line_article_completes_with_a_manifest() {
    long_line_case(512 * 1024, "long_line_512k");
}

// 2. The full-size case: `just reliability`.
#[test]
#[ignore = "heavy: run by `just reliability` (release build)"]
fn two_megabyte_single_line_article_stays_under_1_gb() {
    long_line_case(2 * 1024 * 1024, "long_line_2m");
}

// 3. One stray byte spoils only its record.
#[test]
fn a_stray_byte_spoils_only_its_jsonl_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in/feed.jsonl");
    let mut bytes = Vec::new();
    for n in 1..=1000 {
        if n == 500 {
            bytes.extend_from_slice(b"{\"headline\": \"Bad byte \xff here\", \"text\": \"Protest in S\xc3\xa3o Paulo.\"}\n");
        } else {
            bytes.extend_from_slice(
                format!("{{\"headline\": \"Report {n} from S\u{e3}o Paulo\", \"text\": \"Marchers filled S\u{e3}o Paulo on day {n}.\"}}\n")
                    .as_bytes(),
            );
        }
    }
    write(&input, &bytes);
    let out = dir.path().join("out");
    let output = run_ok_command(ingest_command(input.as_os_str(), out.as_os_str()));
    let articles: Vec<Article> = read(&out);
    let rejected: Vec<RejectedRow> = read(&out);
    let good = articles.len() - usize::from(articles.iter().any(|a| a.source_line_start == 500));
    assert_eq!(good, 999, "every valid line is an article");
    for a in articles.iter().filter(|a| a.source_line_start != 500) {
        assert!(a.text.contains("São Paulo"), "garbled: {}", a.text);
        assert_eq!(a.encoding, "UTF-8");
    }
    let bad_line_handled = articles
        .iter()
        .any(|a| a.source_line_start == 500 && a.text.contains("S\u{e3}o Paulo"))
        || rejected.iter().any(|r| r.line == Some(500));
    assert!(bad_line_handled, "line 500 is neither kept nor rejected");
    let err = stderr(&output);
    assert!(
        err.contains("feed.jsonl") && err.contains("line 500"),
        "stderr does not name the file and line: {err}"
    );
    let warnings = manifest(&out)["warnings"].to_string();
    assert!(
        warnings.contains("line 500"),
        "manifest warnings: {warnings}"
    );
    held(
        "stray_byte_jsonl",
        "999 lines kept as UTF-8, line 500 named on stderr and in the manifest",
    );
}

#[test]
fn a_stray_byte_spoils_only_its_dump_article() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in/dump.txt");
    let mut bytes = Vec::new();
    bytes.extend_from_slice(
        "Protest fills São Paulo\n\nMarchers filled São Paulo on Monday.\n\n\n".as_bytes(),
    );
    bytes.extend_from_slice(
        b"Second story from Bras\xedlia\n\nThe vote in Bras\xedlia was close.\n",
    );
    write(&input, &bytes);
    let out = dir.path().join("out");
    let output = run_ok_command(ingest_command(input.as_os_str(), out.as_os_str()));
    let articles: Vec<Article> = read(&out);
    assert!(
        articles
            .iter()
            .any(|a| a.headline == "Protest fills São Paulo"),
        "{articles:?}"
    );
    assert!(!articles.iter().any(|a| a.text.contains("SÃ£o")));
    let err = stderr(&output);
    assert!(
        err.contains("dump.txt") && err.contains("line 6"),
        "stderr does not name the file and line: {err}"
    );
    held(
        "stray_byte_dump",
        "valid article kept as UTF-8, bad line named",
    );
}

fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

// 4. Special files are rejected rows, never hangs.
#[test]
fn special_files_in_the_input_are_rejected_rows() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write(&input.join("good.txt"), article(1));
    if !mkfifo(&input.join("pipe.txt")) {
        eprintln!("skipped: mkfifo failed");
        return;
    }
    let link = |target: &Path, name: &str| {
        std::os::unix::fs::symlink(target, input.join(name)).unwrap();
    };
    link(&input.join("missing.txt"), "dangling.txt");
    link(&input.join("loop_b.txt"), "loop_a.txt");
    link(&input.join("loop_a.txt"), "loop_b.txt");
    link(Path::new("/dev/zero"), "zero.txt");
    let out = dir.path().join("out");
    let output = finish(
        ingest_command(input.as_os_str(), out.as_os_str()),
        Duration::from_secs(60),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let articles: Vec<Article> = read(&out);
    assert_eq!(articles.len(), 1);
    let rejected: Vec<RejectedRow> = read(&out);
    let reasons: BTreeSet<(String, String)> = rejected
        .iter()
        .map(|r| {
            let name = Path::new(&r.source_path).file_name().unwrap();
            (name.to_string_lossy().into_owned(), r.reason.clone())
        })
        .collect();
    let expected: BTreeSet<(String, String)> = [
        ("dangling.txt", "dangling_symlink"),
        ("loop_a.txt", "symlink_loop"),
        ("loop_b.txt", "symlink_loop"),
        ("pipe.txt", "special_file"),
        ("zero.txt", "special_file"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(reasons, expected);
    for row in &rejected {
        assert!(row.detail.contains(&row.source_path), "{row:?}");
    }
    held(
        "special_files_in_dir",
        "fifo, /dev/zero link, dangling link, loop: 5 rejected rows",
    );
}

#[test]
fn a_fifo_or_dev_zero_given_directly_is_rejected_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    if !mkfifo(&fifo) {
        eprintln!("skipped: mkfifo failed");
        return;
    }
    for (input, name) in [
        (fifo.as_path(), "fifo"),
        (Path::new("/dev/zero"), "dev_zero"),
    ] {
        let out = dir.path().join(format!("out_{name}"));
        let output = finish(
            ingest_command(input.as_os_str(), out.as_os_str()),
            Duration::from_secs(60),
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let rejected: Vec<RejectedRow> = read(&out);
        assert_eq!(rejected.len(), 1, "{name}: {rejected:?}");
        assert_eq!(rejected[0].reason, "special_file", "{name}");
    }
    held(
        "special_files_direct",
        "fifo and /dev/zero given directly: rejected, no hang",
    );
}

#[test]
fn symlinked_directories_are_followed_and_loops_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let corpus_dir = dir.path().join("corpus");
    write(&corpus_dir.join("a.txt"), article(1));
    let input = dir.path().join("in");
    write(&input.join("b.txt"), article(2));
    std::os::unix::fs::symlink(&corpus_dir, input.join("linked")).unwrap();
    std::os::unix::fs::symlink(&input, input.join("self")).unwrap();
    let out = dir.path().join("out");
    run_ok_command(ingest_command(input.as_os_str(), out.as_os_str()));
    let articles: Vec<Article> = read(&out);
    let paths: BTreeSet<String> = articles.iter().map(|a| a.source_path.clone()).collect();
    assert_eq!(articles.len(), 2, "{paths:?}");
    assert!(
        paths.iter().any(|p| p.ends_with("linked/a.txt")),
        "{paths:?}"
    );
    let rejected: Vec<RejectedRow> = read(&out);
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(rejected[0].reason, "symlink_loop");
    held(
        "symlinked_dirs",
        "linked directory followed, link to an ancestor rejected as symlink_loop",
    );
}

// 5. Whole-run atomicity.
#[test]
fn a_run_that_fails_late_leaves_the_previous_complete_set() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let reports = dir.path().join("reports");
    let first = dir.path().join("first");
    corpus(&first, 2, 2, 0);
    assert!(run_into(&first, &out, &reports).status.success());
    assert_eq!(assert_complete_set(&out), 4);
    // The second run fails in its last stage: the report cannot replace summary.html.
    let second = dir.path().join("second");
    corpus(&second, 3, 3, 100);
    std::fs::remove_file(reports.join("summary.html")).unwrap();
    write(&reports.join("summary.html/blocker"), "x");
    let output = run_into(&second, &out, &reports);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        assert_complete_set(&out),
        4,
        "the previous set must stay whole"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    held(
        "late_failure",
        "report stage failed; previous 4-article set intact",
    );
}

/// Kills (`signal` via `kill`) runs over a previous complete output at spread-out
/// moments; after each, `out` must hold the previous set or the new one.
fn interrupted_runs(
    previous: &Path,
    next: &Path,
    rounds: usize,
    signal: &str,
    case: &str,
) -> Vec<usize> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let reports = dir.path().join("reports");
    let started = Instant::now();
    assert!(run_into(next, &out, &reports).status.success());
    let full = started.elapsed();
    let new_count = assert_complete_set(&out);
    assert!(run_into(previous, &out, &reports).status.success());
    let old_count = assert_complete_set(&out);
    assert_ne!(old_count, new_count);
    let mut outcomes = Vec::new();
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64 ^ u64::from(std::process::id());
    for round in 0..rounds {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Spread over the whole run, with some jitter; slightly past its end too.
        let fraction = (round as f64 + (seed % 1000) as f64 / 1000.0) / rounds as f64;
        let delay = full.mul_f64(fraction * 1.05);
        let mut command = command(&[
            os("run"),
            os("--input"),
            next.as_os_str(),
            os("--out"),
            out.as_os_str(),
            os("--reports"),
            reports.as_os_str(),
        ]);
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let output = wait_limited(child, Duration::from_secs(120));
        let count = assert_complete_set(&out);
        assert!(
            count == old_count || count == new_count,
            "round {round}: {count} articles, neither {old_count} nor {new_count}"
        );
        if signal != "-KILL" && count == old_count {
            // Stopped by the signal before the switch: it must say so and exit non-zero.
            assert!(!output.status.success() || count == new_count);
        }
        outcomes.push(usize::from(count == new_count));
        // Back to the previous set for the next round.
        if count == new_count {
            assert!(run_into(previous, &out, &reports).status.success());
        }
    }
    let new_sets: usize = outcomes.iter().sum();
    held(
        case,
        &format!(
            "{rounds} `kill {signal}` over a {} ms run: {} left the previous set, {new_sets} the new one",
            full.as_millis(),
            rounds - new_sets
        ),
    );
    outcomes
}

#[test]
fn kills_leave_the_previous_or_the_new_complete_set() {
    let dir = tempfile::tempdir().unwrap();
    let previous = dir.path().join("previous");
    corpus(&previous, 4, 5, 0);
    let next = dir.path().join("next");
    corpus(&next, 20, 20, 1000);
    interrupted_runs(&previous, &next, 5, "-KILL", "kill9_small");
}

#[test]
fn sigterm_and_sigint_stop_cleanly_and_leave_a_complete_set() {
    let dir = tempfile::tempdir().unwrap();
    let previous = dir.path().join("previous");
    corpus(&previous, 4, 5, 0);
    let next = dir.path().join("next");
    corpus(&next, 20, 20, 1000);
    interrupted_runs(&previous, &next, 2, "-TERM", "sigterm");
    interrupted_runs(&previous, &next, 2, "-INT", "sigint");
}

#[test]
#[ignore = "heavy: run by `just reliability` (release build, bench corpus)"]
fn kill_9_ten_times_on_the_bench_corpus() {
    let bench = repo().join("../shared/data/bench/news_raw");
    if !bench.is_dir() {
        eprintln!("skipped: {} is absent", bench.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let previous = dir.path().join("previous");
    corpus(&previous, 5, 4, 0);
    interrupted_runs(&previous, &bench, 10, "-KILL", "kill9_bench");
}

// 6. Stale and foreign tables.
#[test]
fn a_run_with_no_articles_replaces_every_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let reports = dir.path().join("reports");
    assert!(run_into(&sample_dir(), &out, &reports).status.success());
    let empty = dir.path().join("empty");
    write(&empty.join("blank.txt"), "");
    assert!(run_into(&empty, &out, &reports).status.success());
    assert_eq!(assert_complete_set(&out), 0);
    let sentences: Vec<SentenceRow> = read(&out);
    assert!(sentences.is_empty(), "stale sentences: {}", sentences.len());
    held(
        "zero_articles",
        "every table rewritten, 0 sentences left from the previous run",
    );
}

#[test]
fn out_inside_input_is_not_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    corpus(&input, 1, 2, 0);
    let out = input.join("out");
    let reports = input.join("reports");
    for _ in 0..2 {
        let output = run_into(&input, &out, &reports);
        assert!(output.status.success(), "{}", stderr(&output));
        assert_eq!(assert_complete_set(&out), 2);
        let rejected: Vec<RejectedRow> = read(&out);
        assert!(rejected.is_empty(), "{rejected:?}");
    }
    held(
        "out_inside_input",
        "second run still 2 articles, 0 rejected",
    );
}

#[test]
fn a_second_run_into_a_locked_out_fails_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let lock_path = dir.path().join(".out.lock");
    let lock = std::fs::File::create(&lock_path).unwrap();
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::NonBlockingLockExclusive).unwrap();
    let output = finish(
        ingest_command(sample_dir().as_os_str(), out.as_os_str()),
        Duration::from_secs(300),
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("another sitrep run"),
        "{}",
        stderr(&output)
    );
    assert!(!out.join("articles.parquet").exists());
    drop(lock);
    run_ok_command(ingest_command(sample_dir().as_os_str(), out.as_os_str()));
    held(
        "lock",
        "second run into a locked --out exits 1 before any stage",
    );
}

#[test]
fn an_out_that_is_a_file_fails_before_any_stage_with_one_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("taken");
    write(&file, "not a directory");
    for out in [file.clone(), file.join("below")] {
        let output = run(&[
            os("run"),
            os("--input"),
            sample_dir().as_os_str(),
            os("--out"),
            out.as_os_str(),
            os("--reports"),
            dir.path().join("reports").as_os_str(),
        ]);
        assert_eq!(output.status.code(), Some(1));
        let err = stderr(&output);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 1, "one message, no stage logs: {err}");
        assert_eq!(
            err.matches("taken").count(),
            1,
            "the path is named once: {err}"
        );
        assert!(!dir.path().join("reports").exists(), "a stage ran: {err}");
    }
    held("out_is_a_file", "one line on stderr, exit 1, no stage ran");
}

// 7. Identity.
#[test]
fn ids_do_not_depend_on_how_the_input_path_is_spelt() {
    let dir = tempfile::tempdir().unwrap();
    corpus(&dir.path().join("good"), 2, 2, 0);
    let absolute = dir.path().join("good");
    let mut ids = Vec::new();
    for (n, input) in [os("good"), os("./good"), os("good/"), absolute.as_os_str()]
        .into_iter()
        .enumerate()
    {
        let out = dir.path().join(format!("out{n}"));
        let mut command = ingest_command(input, out.as_os_str());
        command.current_dir(dir.path());
        let output = finish(command, Duration::from_secs(120));
        assert!(output.status.success(), "{}", stderr(&output));
        let articles: Vec<Article> = read(&out);
        ids.push(
            articles
                .into_iter()
                .map(|a| a.article_id)
                .collect::<BTreeSet<_>>(),
        );
    }
    assert_eq!(ids[0].len(), 4);
    assert!(ids.iter().all(|set| *set == ids[0]), "{ids:?}");
    held(
        "path_spelling",
        "good, ./good, good/ and /abs/good give the same 4 ids",
    );
}

#[test]
fn non_utf8_file_names_stay_distinct() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for name in [&b"a\xff.txt"[..], &b"a\xfe.txt"[..]] {
        std::fs::write(input.join(OsStr::from_bytes(name)), article(7)).unwrap();
    }
    let out = dir.path().join("out");
    run_ok_command(ingest_command(input.as_os_str(), out.as_os_str()));
    let articles: Vec<Article> = read(&out);
    assert_eq!(articles.len(), 2);
    let paths: BTreeSet<&str> = articles.iter().map(|a| a.source_path.as_str()).collect();
    let ids: BTreeSet<&str> = articles.iter().map(|a| a.article_id.as_str()).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(paths.iter().any(|p| p.ends_with("a\\xff.txt")), "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("a\\xfe.txt")), "{paths:?}");
    held(
        "non_utf8_names",
        "a\\xff.txt and a\\xfe.txt: 2 paths, 2 ids",
    );
}

// 8. Spreadsheet safety.
#[test]
fn csv_safe_prefixes_formula_cells_and_parquet_stays_exact() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in/formula.txt");
    let headline = "=HYPERLINK(\"http://example.invalid\",\"click\")";
    write(
        &input,
        format!("{headline}\n\n+1 protesters gathered.\n\n@everyone -- read this.\n"),
    );
    let csv_cell = |out: &Path| {
        let text = std::fs::read_to_string(out.join("articles.csv")).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let column = headers.iter().position(|h| h == "headline").unwrap();
        let record = reader.records().next().unwrap().unwrap();
        record[column].to_owned()
    };
    let plain = dir.path().join("plain");
    run_ok_command(ingest_command(input.as_os_str(), plain.as_os_str()));
    assert_eq!(
        csv_cell(&plain),
        headline,
        "without --csv-safe CSV is exact"
    );
    let safe = dir.path().join("safe");
    let mut safe_command = ingest_command(input.as_os_str(), safe.as_os_str());
    safe_command.arg("--csv-safe");
    run_ok_command(safe_command);
    assert_eq!(csv_cell(&safe), format!("'{headline}"));
    let articles: Vec<Article> = read(&safe);
    assert_eq!(
        articles[0].headline, headline,
        "Parquet keeps the exact text"
    );
    assert_eq!(manifest(&safe)["csv_safe"], true);
    held(
        "csv_safe",
        "--csv-safe prefixes = + - @ cells with ', Parquet exact",
    );
}
