//! BILOU labels over the six entity types, and which label may follow which.
//!
//! A name of one token is `U-TYPE`; a longer one is `B-TYPE`, `I-TYPE`…,
//! `L-TYPE`; every other token is `O`. That gives 1 + 4 × 6 = 25 labels,
//! numbered `O` = 0, then for each type in [`EntityType::ALL`] order `B`,
//! `I`, `L`, `U`. The constraints: after `O`, `L-*` or `U-*` only `O`, `B-*`
//! or `U-*` may come; after `B-X` or `I-X` only `I-X` or `L-X`; a sentence
//! starts outside a name and ends outside one.

use sitrep_core::EntityType;

/// Number of labels.
pub const LABELS: usize = 1 + 4 * TYPES;

/// Number of entity types.
pub(crate) const TYPES: usize = EntityType::ALL.len();

/// Position of a token in a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// First token of a name of two or more.
    Begin,
    /// Inner token.
    Inside,
    /// Last token of a name of two or more.
    Last,
    /// The only token of a name.
    Unit,
}

/// One BILOU label; `Label(0)` is `O`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Label(pub u8);

impl Label {
    /// Outside any name.
    pub const OUTSIDE: Label = Label(0);

    /// The label for `part` of a name of type `entity_type`.
    #[must_use]
    pub fn new(part: Part, entity_type: EntityType) -> Self {
        let t = EntityType::ALL
            .iter()
            .position(|&x| x == entity_type)
            .unwrap_or(0);
        let p = match part {
            Part::Begin => 0,
            Part::Inside => 1,
            Part::Last => 2,
            Part::Unit => 3,
        };
        Label((1 + 4 * t + p) as u8)
    }

    /// The part and type, `None` for `O`.
    #[must_use]
    pub fn split(self) -> Option<(Part, EntityType)> {
        if self.0 == 0 {
            return None;
        }
        let i = usize::from(self.0 - 1);
        let part = match i % 4 {
            0 => Part::Begin,
            1 => Part::Inside,
            2 => Part::Last,
            _ => Part::Unit,
        };
        Some((part, EntityType::ALL[i / 4]))
    }

    /// Index into score vectors.
    #[must_use]
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// Whether a sentence may start with this label.
    #[must_use]
    pub fn can_start(self) -> bool {
        matches!(self.split(), None | Some((Part::Begin | Part::Unit, _)))
    }

    /// Whether a sentence may end with this label.
    #[must_use]
    pub fn can_end(self) -> bool {
        matches!(self.split(), None | Some((Part::Last | Part::Unit, _)))
    }

    /// Whether `next` may follow `self`.
    #[must_use]
    pub fn can_precede(self, next: Label) -> bool {
        match (self.split(), next.split()) {
            (None | Some((Part::Last | Part::Unit, _)), n) => next.can_start() || n.is_none(),
            (Some((Part::Begin | Part::Inside, t)), Some((Part::Inside | Part::Last, u))) => t == u,
            _ => false,
        }
    }

    /// Short text form (`O`, `B-PERSON`, …), for messages.
    #[must_use]
    pub fn name(self) -> String {
        match self.split() {
            None => "O".to_owned(),
            Some((part, t)) => {
                let p = match part {
                    Part::Begin => 'B',
                    Part::Inside => 'I',
                    Part::Last => 'L',
                    Part::Unit => 'U',
                };
                format!("{p}-{}", t.label())
            }
        }
    }
}

/// A typed name over tokens `start..end` of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TokenSpan {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Entity type.
    pub entity_type: EntityType,
}

/// The BILOU labels of `n` tokens carrying the non-overlapping `spans`.
#[must_use]
pub fn encode(n: usize, spans: &[TokenSpan]) -> Vec<Label> {
    let mut labels = vec![Label::OUTSIDE; n];
    for span in spans {
        if span.end - span.start == 1 {
            labels[span.start] = Label::new(Part::Unit, span.entity_type);
            continue;
        }
        for (i, label) in labels[span.start..span.end].iter_mut().enumerate() {
            let part = if i == 0 {
                Part::Begin
            } else if span.start + i + 1 == span.end {
                Part::Last
            } else {
                Part::Inside
            };
            *label = Label::new(part, span.entity_type);
        }
    }
    labels
}

/// The names a label sequence spells; a valid BILOU sequence is read
/// exactly, and a broken one is read leniently (a `B` or `I` run that does
/// not close with `L` still ends where its type stops).
#[must_use]
pub fn decode(labels: &[Label]) -> Vec<TokenSpan> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, label) in labels.iter().enumerate() {
        let split = label.split();
        if let Some((start, t)) = open {
            let continues = matches!(split, Some((Part::Inside | Part::Last, u)) if u == t);
            if !continues {
                spans.push(TokenSpan {
                    start,
                    end: i,
                    entity_type: t,
                });
                open = None;
            }
        }
        match split {
            Some((Part::Unit, t)) => spans.push(TokenSpan {
                start: i,
                end: i + 1,
                entity_type: t,
            }),
            Some((Part::Begin, t)) => open = Some((i, t)),
            Some((Part::Inside, t)) if open.is_none() => open = Some((i, t)),
            None | Some((Part::Inside, _)) => {}
            Some((Part::Last, t)) => {
                let start = open.map_or(i, |(s, _)| s);
                spans.push(TokenSpan {
                    start,
                    end: i + 1,
                    entity_type: t,
                });
                open = None;
            }
        }
    }
    if let Some((start, t)) = open {
        spans.push(TokenSpan {
            start,
            end: labels.len(),
            entity_type: t,
        });
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip_through_part_and_type() {
        for i in 0..LABELS as u8 {
            let label = Label(i);
            match label.split() {
                None => assert_eq!(i, 0),
                Some((part, t)) => assert_eq!(Label::new(part, t), label),
            }
        }
        assert_eq!(
            Label::new(Part::Unit, EntityType::Person).name(),
            "U-PERSON"
        );
        assert_eq!(Label::new(Part::Begin, EntityType::Norp).0, 21);
    }

    #[test]
    fn transitions_follow_bilou() {
        let b_org = Label::new(Part::Begin, EntityType::Organisation);
        let l_org = Label::new(Part::Last, EntityType::Organisation);
        let l_gpe = Label::new(Part::Last, EntityType::Gpe);
        let u_gpe = Label::new(Part::Unit, EntityType::Gpe);
        assert!(b_org.can_precede(l_org));
        assert!(!b_org.can_precede(l_gpe));
        assert!(!b_org.can_precede(Label::OUTSIDE));
        assert!(l_org.can_precede(u_gpe));
        assert!(Label::OUTSIDE.can_precede(b_org));
        assert!(!Label::OUTSIDE.can_precede(l_org));
        assert!(!b_org.can_end() && l_org.can_end() && !l_org.can_start());
    }

    #[test]
    fn encode_and_decode_are_inverse_on_valid_spans() {
        let spans = [
            TokenSpan {
                start: 1,
                end: 3,
                entity_type: EntityType::Person,
            },
            TokenSpan {
                start: 4,
                end: 5,
                entity_type: EntityType::Gpe,
            },
            TokenSpan {
                start: 5,
                end: 8,
                entity_type: EntityType::Organisation,
            },
        ];
        let labels = encode(9, &spans);
        let names: Vec<String> = labels.iter().map(|l| l.name()).collect();
        assert_eq!(
            names,
            [
                "O", "B-PERSON", "L-PERSON", "O", "U-GPE", "B-ORG", "I-ORG", "L-ORG", "O"
            ]
        );
        assert_eq!(decode(&labels), spans);
    }

    #[test]
    fn broken_sequences_are_read_leniently() {
        let b = Label::new(Part::Begin, EntityType::Person);
        let i_org = Label::new(Part::Inside, EntityType::Organisation);
        let spans = decode(&[b, i_org, Label::OUTSIDE]);
        assert_eq!(
            spans,
            [
                TokenSpan {
                    start: 0,
                    end: 1,
                    entity_type: EntityType::Person
                },
                TokenSpan {
                    start: 1,
                    end: 2,
                    entity_type: EntityType::Organisation
                }
            ]
        );
    }
}
