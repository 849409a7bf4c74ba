//! Event coreference: the same incident told twice, in one article or in
//! two, gets one `events.event_cluster` id.
//!
//! Rule (run once over all events, after entity ids are filled): two events
//! of the same PLOVER type are joined when they have the same participant in
//! the same role (actor, target or place) and
//!
//! - **within one article**: the same stated date (`date_source` `sentence`
//!   or `paragraph`) or both no stated date, and both or neither aggregate;
//!   participants compare by entity id, else by lower-cased text (`the
//!   militias`). Mentions with no participant at all join others of their
//!   type, date and aggregate flag in the article (`the attacks` … `the
//!   attacks`);
//! - **across articles**: the same day stated in their sentences or
//!   paragraphs (a publication-date fallback does not date an incident),
//!   neither an aggregate, and the same entity id.
//!
//! On the dev key (where no entity ids are made) same-incident pairs score
//! precision 0.63, recall 0.10: the rule is cautious, and most of the key's
//! coreference (`the strike` three sentences on, with other participants
//! named) needs more than shared participants.
//!
//! Joins are transitive (one incident's mentions may share different
//! roles). A cluster's id is the `event_id` of its first event in table
//! order; an event joined to none is its own cluster.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use sitrep_core::tables::EventRow;

/// Fills `event_cluster` of every event (events in table order) by the
/// rule of this module.
pub fn assign(events: &mut [EventRow]) {
    // Keys of every article are kept: the events need not be grouped by article.
    let mut clusters = EventClusters {
        keep_local: true,
        ..EventClusters::default()
    };
    for event in events.iter() {
        clusters.add(event);
    }
    let roots = clusters.roots();
    for (i, &root) in roots.iter().enumerate() {
        let cluster = events[root as usize].event_id.clone();
        events[i].event_cluster = cluster;
    }
}

/// The rule of this module fed one event at a time, in table order (events
/// of one article together), holding only a parent index per event and
/// the keys of the current article and of cross-article joins; then
/// [`EventClusters::roots`] gives each event the index of its cluster's
/// first event.
#[derive(Debug, Default)]
pub struct EventClusters {
    parent: Vec<u32>,
    /// Keys within the current article (they start with its id).
    local: HashMap<String, u32>,
    /// Keys across articles.
    across: HashMap<String, u32>,
    article: String,
    /// Never clear `local` (events not grouped by article).
    keep_local: bool,
}

impl EventClusters {
    /// Adds the next event (with its entity ids filled).
    pub fn add(&mut self, event: &EventRow) {
        let i = u32::try_from(self.parent.len()).expect("fewer than 2^32 events");
        self.parent.push(i);
        if event.article_id != self.article && !self.keep_local {
            self.local.clear();
            event.article_id.clone_into(&mut self.article);
        }
        for (key, across) in keys(event) {
            let map = if across {
                &mut self.across
            } else {
                &mut self.local
            };
            match map.entry(key) {
                Entry::Occupied(seen) => {
                    let seen = *seen.get() as usize;
                    union(&mut self.parent, seen, i as usize);
                }
                Entry::Vacant(slot) => {
                    slot.insert(i);
                }
            }
        }
    }

    /// For each event added, the index of the first event of its cluster
    /// (itself when joined to none); never after it.
    #[must_use]
    pub fn roots(mut self) -> Vec<u32> {
        for i in 0..self.parent.len() {
            let root = find(&mut self.parent, i);
            self.parent[i] = root as u32;
        }
        self.parent
    }
}

/// The join keys of an event (empty when it cannot be joined), each with
/// whether it joins across articles.
fn keys(event: &EventRow) -> Vec<(String, bool)> {
    let stated = matches!(event.date_source.as_deref(), Some("sentence" | "paragraph"));
    let day = event
        .date
        .filter(|_| stated && event.date_precision.as_deref() == Some("day"));
    let roles = [
        ("actor", &event.actor_id, &event.actor_text),
        ("target", &event.target_id, &event.target_text),
        ("place", &event.place_id, &event.place_text),
    ];
    // Within the article: the same stated date, or both undated.
    let when = event
        .date
        .filter(|_| stated)
        .map_or_else(|| "undated".to_owned(), |d| d.to_string());
    let mut keys = Vec::new();
    for (role, id, text) in roles {
        let participant = match (id, text) {
            (Some(id), _) => format!("id:{id}"),
            (None, Some(text)) => format!("text:{}", text.to_lowercase()),
            (None, None) => continue,
        };
        keys.push((
            format!(
                "{}\u{1f}{}\u{1f}{when}\u{1f}{}\u{1f}{role}\u{1f}{participant}",
                event.article_id, event.plover_type, event.aggregate
            ),
            false,
        ));
        // Across articles: entity ids on a stated day, never an aggregate.
        if let (Some(id), Some(day), false) = (id, day, event.aggregate) {
            keys.push((
                format!("{}\u{1f}{day}\u{1f}{role}\u{1f}{id}", event.plover_type),
                true,
            ));
        }
    }
    if keys.is_empty() {
        keys.push((
            format!(
                "{}\u{1f}{}\u{1f}{when}\u{1f}{}\u{1f}none",
                event.article_id, event.plover_type, event.aggregate
            ),
            false,
        ));
    }
    keys
}

fn find(parent: &mut [u32], mut i: usize) -> usize {
    while parent[i] as usize != i {
        parent[i] = parent[parent[i] as usize];
        i = parent[i] as usize;
    }
    i
}

/// Joins two sets; the smaller index stays the root (the first event).
fn union(parent: &mut [u32], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[child] = root as u32;
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
        // Two undated bare mentions of one type in one article (`the attacks`).
        let bare = |id: &str| EventRow {
            date_source: Some("article".to_owned()),
            ..event(id, "a3", None, None)
        };
        events.extend([bare("e8"), bare("e9")]);
        super::assign(&mut events);
        let clusters: Vec<&str> = events.iter().map(|e| e.event_cluster.as_str()).collect();
        assert_eq!(
            clusters,
            ["e1", "e1", "e1", "e4", "e5", "e6", "e7", "e8", "e8"]
        );
    }
}
