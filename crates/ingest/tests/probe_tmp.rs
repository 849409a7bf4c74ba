//! temp
#[test]
fn probe() {
    for dir in ["/work/shared/data/bench/news_raw/bbc", "/work/shared/data/bench/news_raw/reuters21578"] {
        let files = sitrep_ingest::discover(&[dir.into()]).unwrap();
        let mut shown = 0;
        for f in &files {
            let o = sitrep_ingest::ingest_file(f, &Default::default());
            for a in &o.articles { if !a.captions.is_empty() { eprintln!("CAPTION {}: {:?} {:?}", a.source_path, a.captions, a.caption_credits); }
              if a.published.is_some() && shown < 25 && f.to_string_lossy().contains(if shown < 12 {"bbc"} else {"reut"}) { shown += 1; eprintln!("DATE {:?} {:?} {:?} {:?}", a.published, a.published_precision, a.published_source, a.published_evidence); } }
        }
    }
}
