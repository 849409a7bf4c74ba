use std::fs;

use sitrep_core::tables::Article;
use sitrep_pipeline::{ArticleResult, Config, Pipeline, Silent};

use crate::{ResultCache, clear, default_dir, prune};

fn article(id: &str, text: &str) -> Article {
    Article {
        article_id: id.into(),
        text: text.into(),
        published: chrono::NaiveDate::from_ymd_opt(2023, 11, 8),
        ..Article::default()
    }
}

fn articles() -> Vec<Article> {
    vec![
        article(
            "a1",
            "Strike\n\nIsraeli jets struck Damascus on Monday, Syria said. \
             \"We will respond,\" Bashar al-Assad said.",
        ),
        article(
            "a2",
            "Talks\n\nAntony Blinken met Mohammed Shia al-Sudani in Baghdad last week.",
        ),
        article(
            "a3",
            "Clashes\n\nAt least 12 people were killed in Idlib, Syria, on Oct. 17.",
        ),
    ]
}

fn pipeline() -> Pipeline {
    Pipeline::new(Config::default()).unwrap()
}

#[test]
fn default_dir_sits_beside_out() {
    assert_eq!(
        default_dir("data/processed".as_ref()),
        std::path::Path::new("data/.sitrep-cache")
    );
    assert_eq!(
        default_dir("processed".as_ref()),
        std::path::Path::new("./.sitrep-cache")
    );
    assert_eq!(
        default_dir("/srv/shared/shard-3/".as_ref()),
        std::path::Path::new("/srv/shared/.sitrep-cache")
    );
}

#[test]
fn a_rerun_with_one_new_article_analyses_only_it_and_merges_to_the_same_tables() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = pipeline();
    let config = Config::default();
    let all = articles();
    let clean = pipeline.analyse_articles(&all, &Silent).0;

    let cache = ResultCache::open_for_build(dir.path(), b"build 1", &config).unwrap();
    let (first, normalise, _) = cache.analyse_chunk(&pipeline, all[..2].to_vec(), &Silent);
    assert_eq!(first, clean[..2]);
    assert_eq!(normalise.received, 2);

    let cache = ResultCache::open_for_build(dir.path(), b"build 1", &config).unwrap();
    let (again, normalise, extract) = cache.analyse_chunk(&pipeline, all.clone(), &Silent);
    let report = cache.report();
    assert_eq!(report.emitted["hits"], 2);
    assert_eq!(report.emitted["misses"], 1);
    assert_eq!(report.emitted["written"], 1);
    // Only the new article went through the components.
    assert_eq!((normalise.received, extract.received), (1, 1));
    assert_eq!(again, clean);
    assert_eq!(pipeline.merge(again).0, pipeline.merge(clean).0);
}

#[test]
fn a_new_build_a_changed_article_or_anchor_misses_but_the_resolve_threshold_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = pipeline();
    let config = Config::default();
    let all = articles();
    let _ = ResultCache::open_for_build(dir.path(), b"build 1", &config)
        .unwrap()
        .analyse_chunk(&pipeline, all.clone(), &Silent);

    let hits = |build: &[u8], config: &Config, articles: Vec<Article>| {
        let cache = ResultCache::open_for_build(dir.path(), build, config).unwrap();
        let _ = cache.analyse_chunk(&pipeline, articles, &Silent);
        cache.report().emitted["hits"]
    };
    assert_eq!(hits(b"build 1", &config, all.clone()), 3);
    assert_eq!(hits(b"build 2", &config, all.clone()), 0);
    let anchored = Config {
        anchor_date: chrono::NaiveDate::from_ymd_opt(2024, 1, 1),
        ..config
    };
    assert_eq!(hits(b"build 1", &anchored, all.clone()), 0);
    let mut stricter = config;
    stricter.resolve.threshold = 0.9;
    assert_eq!(hits(b"build 1", &stricter, all.clone()), 3);
    let mut edited = all;
    edited[1].text.push_str(" They spoke for an hour.");
    edited[2].published = None;
    assert_eq!(hits(b"build 1", &config, edited), 1);
}

#[test]
fn a_damaged_or_foreign_entry_is_a_miss_and_is_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = pipeline();
    let config = Config::default();
    let cache = ResultCache::open_for_build(dir.path(), b"build 1", &config).unwrap();
    let all = articles();
    let (clean, ..) = cache.analyse_chunk(&pipeline, all.clone(), &Silent);
    let path = |a: &Article| cache.path(cache.key(a));
    // Cut one entry short; put another article's result under the third's key.
    let bytes = fs::read(path(&all[0])).unwrap();
    fs::write(path(&all[0]), &bytes[..bytes.len() / 2]).unwrap();
    fs::copy(path(&all[1]), path(&all[2])).unwrap();

    let cache = ResultCache::open_for_build(dir.path(), b"build 1", &config).unwrap();
    let (again, ..) = cache.analyse_chunk(&pipeline, all.clone(), &Silent);
    assert_eq!(again, clean);
    assert_eq!(cache.report().emitted["hits"], 1);
    assert_eq!(cache.report().emitted["written"], 2);
    let bytes = fs::read(path(&all[2])).unwrap();
    let entry = ArticleResult::from_bytes(&bytes[..bytes.len() - 32]).unwrap();
    assert_eq!(entry.article_id, "a3");

    // One changed byte of text would still decode (as another result): the
    // checksum makes it a miss.
    let mut bytes = fs::read(path(&all[1])).unwrap();
    let at = bytes.windows(7).position(|w| w == b"Blinken").unwrap();
    bytes[at] = b'K';
    fs::write(path(&all[1]), &bytes).unwrap();
    let cache = ResultCache::open_for_build(dir.path(), b"build 1", &config).unwrap();
    let (again, ..) = cache.analyse_chunk(&pipeline, all.clone(), &Silent);
    assert_eq!(again, clean);
    assert_eq!(cache.report().emitted["hits"], 2);
    assert_eq!(cache.report().emitted["written"], 1);
    // Hits in binary form are the bytes of the results.
    let (encoded, ..) = cache.analyse_chunk_encoded(&pipeline, all.clone(), &Silent);
    let bytes: Vec<Vec<u8>> = clean.iter().map(ArticleResult::to_bytes).collect();
    assert_eq!(encoded, bytes);
}

#[test]
fn an_unwritable_cache_warns_and_the_results_are_still_right() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = pipeline();
    let cache = ResultCache::open_for_build(dir.path(), b"build 1", &Config::default()).unwrap();
    // A file where the build directory should be: every write fails (also as root).
    fs::remove_dir_all(cache.build_dir()).unwrap();
    fs::write(cache.build_dir(), "in the way").unwrap();
    let all = articles();
    let (results, ..) = cache.analyse_chunk(&pipeline, all.clone(), &Silent);
    assert_eq!(results, pipeline.analyse_articles(&all, &Silent).0);
    let report = cache.report();
    assert_eq!(report.dropped["write_failed"], 3);
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0].contains("cannot write the result cache"));
}

#[test]
fn writers_of_one_key_at_once_never_leave_a_torn_entry() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = pipeline();
    let cache = ResultCache::open_for_build(dir.path(), b"build 1", &Config::default()).unwrap();
    let all = articles();
    let result = pipeline.analyse_articles(&all[..1], &Silent).0.remove(0);
    let key = cache.key(&all[0]);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..50 {
                    cache.put(key, &result);
                    if let Some(read) = cache.get(key, "a1") {
                        assert_eq!(read, result);
                    }
                }
            });
        }
    });
    assert_eq!(cache.get(key, "a1").as_ref(), Some(&result));
    // No temporary file is left behind.
    let fan = cache.path(key).parent().unwrap().to_path_buf();
    assert_eq!(fs::read_dir(fan).unwrap().count(), 1);
}

#[test]
fn prune_drops_other_builds_then_least_recently_used_and_clear_refuses_strangers() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = pipeline();
    let config = Config::default();
    let all = articles();
    let old = ResultCache::open_for_build(dir.path(), b"old build", &config).unwrap();
    let _ = old.analyse_chunk(&pipeline, all.clone(), &Silent);
    let cache = ResultCache::open_for_build(dir.path(), b"build 1", &config).unwrap();
    let _ = cache.analyse_chunk(&pipeline, all.clone(), &Silent);
    // a2 is used last; a1 and a3 are older.
    for (article, seconds) in all.iter().zip([100, 300, 200]) {
        let file = fs::File::options()
            .write(true)
            .open(cache.path(cache.key(article)))
            .unwrap();
        let at = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(seconds);
        file.set_modified(at).unwrap();
    }
    let size = |a: &Article| fs::metadata(cache.path(cache.key(a))).unwrap().len();

    let summary = prune(dir.path(), cache.build_dir(), None).unwrap();
    assert!(!old.build_dir().exists());
    assert_eq!(summary.removed_entries, 3);
    assert_eq!(summary.kept_entries, 3);

    let summary = prune(dir.path(), cache.build_dir(), Some(size(&all[1]))).unwrap();
    assert_eq!((summary.removed_entries, summary.kept_entries), (2, 1));
    assert_eq!(summary.kept_bytes, size(&all[1]));
    assert!(cache.get(cache.key(&all[1]), "a2").is_some());
    assert!(cache.get(cache.key(&all[0]), "a1").is_none());

    let stranger = tempfile::tempdir().unwrap();
    fs::write(stranger.path().join("precious.txt"), "keep me").unwrap();
    let error = clear(stranger.path()).unwrap_err();
    assert!(error.to_string().contains("not a sitrep cache"), "{error}");
    assert!(stranger.path().join("precious.txt").exists());
    assert!(prune(stranger.path(), stranger.path(), Some(0)).is_err());

    assert!(clear(dir.path()).unwrap() > 0);
    assert!(!dir.path().exists());
}
