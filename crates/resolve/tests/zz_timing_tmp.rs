//! temporary
#![allow(missing_docs)]
use sitrep_core::KnowledgeBase;
use sitrep_core::tables::MentionRow;
use sitrep_resolve::{ResolveInput, resolve};
#[test]
fn timing() {
    let kb = KnowledgeBase::builtin();
    let names = [("Mohammed Shia al-Sudani","PERSON"),("Sudani","PERSON"),("Syria","GPE"),("Iraq","GPE"),("IRGC","ORG"),("Hezbollah","ORG"),("Bashar al-Assad","PERSON"),("Assad","PERSON"),("Deir Ezzor","GPE"),("al-Tanf garrison","FAC"),("Pentagon","ORG"),("Baghdad","GPE")];
    let mut mentions = Vec::new();
    for a in 0..10_000 {
        for k in 0..40 {
            let (t, ty) = names[(a + k) % names.len()];
            let text = if k % 5 == 0 { format!("Person{} Name{}", a % 997, k) } else { t.to_owned() };
            mentions.push(MentionRow { mention_id: format!("m{a}_{k}"), article_id: format!("art{a:05}"), sentence_idx: 0, start: (k * 20) as i64, end: (k*20+5) as i64, text, entity_type: ty.into(), entity_id: None, confidence: 0.9, method: "t".into() });
        }
    }
    let n = mentions.len();
    let t = std::time::Instant::now();
    let out = resolve(ResolveInput { mentions, events: vec![], quotes: vec![] }, kb);
    eprintln!("{n} mentions, {} entities in {:?}", out.entities.len(), t.elapsed());
}
