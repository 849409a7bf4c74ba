//! Event coreference: the same incident told twice, in one article or in
//! two, gets one `events.event_cluster` id.
//!
//! Rule (run once over all events, after entity ids are filled): two events
//! are joined when they have
//!
//! - the same PLOVER type;
//! - the same date at day precision, stated in their sentence or paragraph
//!   (`date_source` `sentence` or `paragraph`; a publication-date fallback
//!   does not date an incident);
//! - neither is an aggregate (`61 attacks` sums up many incidents);
//! - and the same participant in the same role: the same actor, the same
//!   target or the same place, compared by entity id (across articles), or,
//!   for role fillers without an entity, by their lower-cased text within
//!   one article.
//!
//! Joins are transitive (one incident's mentions may share different
//! roles). A cluster's id is the `event_id` of its first event in table
//! order; an event joined to none is its own cluster.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use sitrep_core::tables::EventRow;

/// Fills `event_cluster` of every event (events in table order).
pub(crate) fn assign(events: &mut [EventRow]) {
    let mut parent: Vec<usize> = (0..events.len()).collect();
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, event) in events.iter().enumerate() {
        for key in keys(event) {
            match first.entry(key) {
                Entry::Occupied(seen) => union(&mut parent, *seen.get(), i),
                Entry::Vacant(slot) => {
                    slot.insert(i);
                }
            }
        }
    }
    for i in 0..events.len() {
        let root = find(&mut parent, i);
        let cluster = events[root].event_id.clone();
        events[i].event_cluster = cluster;
    }
}

/// The join keys of an event (empty when it cannot be joined).
fn keys(event: &EventRow) -> Vec<String> {
    let stated = matches!(event.date_source.as_deref(), Some("sentence" | "paragraph"));
    let (Some(date), true, false) = (
        event
            .date
            .filter(|_| event.date_precision.as_deref() == Some("day")),
        stated,
        event.aggregate,
    ) else {
        return Vec::new();
    };
    let roles = [
        ("actor", &event.actor_id, &event.actor_text),
        ("target", &event.target_id, &event.target_text),
        ("place", &event.place_id, &event.place_text),
    ];
    roles
        .into_iter()
        .filter_map(|(role, id, text)| {
            let participant = match (id, text) {
                (Some(id), _) => format!("id:{id}"),
                (None, Some(text)) => format!("text:{}:{}", event.article_id, text.to_lowercase()),
                (None, None) => return None,
            };
            Some(format!(
                "{}\u{1f}{date}\u{1f}{role}\u{1f}{participant}",
                event.plover_type
            ))
        })
        .collect()
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Joins two sets; the smaller index stays the root (the first event).
fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[child] = root;
    }
}

#[cfg(test)]
mod tests {
    use sitrep_core::tables::EventRow;

    fn event(id: &str, article: &str, actor: Option<&str>, place: Option<&str>) -> EventRow {
        EventRow {
            event_id: id.to_owned(),
            article_id: article.to_owned(),
            plover_type: "ASSAULT".to_owned(),
            actor_id: actor.map(str::to_owned),
            place_text: place.map(str::to_owned),
            date: Some("2023-11-12".parse().expect("date")),
            date_precision: Some("day".to_owned()),
            date_source: Some("sentence".to_owned()),
            ..EventRow::default()
        }
    }

    #[test]
    fn same_incident_in_two_articles_and_twice_in_one() {
        let mut events = vec![
            event("e1", "a1", Some("us"), Some("Mayadin")),
            event("e2", "a2", Some("us"), None),
            // Same article, same place text, no actor: joins e1.
            event("e3", "a1", None, Some("mayadin")),
            // Same place text in another article: text keys stay in their article.
            event("e4", "a2", None, Some("Mayadin")),
            // Another day.
            EventRow {
                date: Some("2023-11-13".parse().expect("date")),
                ..event("e5", "a1", Some("us"), Some("Mayadin"))
            },
            // An aggregate is never joined.
            EventRow {
                aggregate: true,
                ..event("e6", "a1", Some("us"), Some("Mayadin"))
            },
            // A publication-date fallback does not date an incident.
            EventRow {
                date_source: Some("article".to_owned()),
                ..event("e7", "a2", Some("us"), None)
            },
        ];
        super::assign(&mut events);
        let clusters: Vec<&str> = events.iter().map(|e| e.event_cluster.as_str()).collect();
        assert_eq!(clusters, ["e1", "e1", "e1", "e4", "e5", "e6", "e7"]);
    }
}
