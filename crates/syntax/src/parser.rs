//! Labelled dependency parser: arc-hybrid transitions scored by an averaged
//! perceptron, decoded greedily (trained with a dynamic oracle) or with a
//! beam (trained globally with max-violation updates).
//!
//! The configuration is a stack (the root, word 0, at its bottom) and a
//! buffer of the words not yet shifted. Three kinds of transition, each arc
//! carrying one of the training relations:
//!
//! - `SHIFT` moves the first buffer word onto the stack;
//! - `LEFT(l)` makes the first buffer word the head of the stack top, which is popped;
//! - `RIGHT(l)` makes the second stack word the head of the stack top, which is popped.
//!
//! `RIGHT` onto the root is only allowed once the buffer is empty and one
//! word is left above the root, so every tree has exactly one root word;
//! when decoding, that arc and no other carries the `root` relation.
//! Features read the words, tags, children and relations around the stack
//! top and the buffer front, the Brown clusters of the two top stack and
//! two front buffer words (alone, in pairs and with tags), and a little of
//! the whole sentence: how many verbs and punctuation marks come after the
//! buffer front, lie between the two top stack words, or (verbs) precede the
//! stack top, which tells a greedy parser whether a clause is still to come.
//!
//! Greedy training follows the model's own (sometimes wrong) transitions
//! after the first epoch and learns from the dynamic oracle of Goldberg and
//! Nivre (2013), which says which transitions still allow the best reachable
//! tree. Beam training (Zhang and Clark 2008; Huang, Fayong and Guo 2012)
//! searches each training sentence with the beam and, at the step where the
//! best wrong item beats the gold sequence by the most, rewards the gold
//! sequence's moves and penalises the wrong item's. The gold sequence is
//! latent: any sequence that has lost no more gold arcs than the best
//! reachable tree (the dynamic oracle's costs again) counts, so the beam's
//! best such item is followed and non-projective trees need no special case.
//! Every sentence of `n` words takes `2n` moves, so beam items stay in step.

use crate::ModelError;
use crate::bytes::{Reader, Writer};
use crate::clusters::Clusters;
use crate::hash::feature;
use crate::perceptron::{Trainer, Weights, best};
use crate::train::{Rng, TrainSentence};
use crate::words::{NONE, WordKeys};

const NO: u32 = u32::MAX;

/// No fixed head for this word ([`Parser::parse_constrained`]).
pub(crate) const FREE: u32 = u32::MAX - 1;

/// A transition kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    Shift,
    Left,
    Right,
}

/// Class index ↔ (move, label): 0 is SHIFT, then LEFT per label, then RIGHT per label.
fn decode(class: usize, n_labels: usize) -> (Move, usize) {
    if class == 0 {
        (Move::Shift, 0)
    } else if class <= n_labels {
        (Move::Left, class - 1)
    } else {
        (Move::Right, class - 1 - n_labels)
    }
}

/// A parser configuration over words `1..=n` (0 is the root).
#[derive(Debug, Default, Clone)]
struct State {
    n: usize,
    stack: Vec<u32>,
    next: usize,
    heads: Vec<u32>,
    labels: Vec<u16>,
    /// Two leftmost and two rightmost children (nearest-outer order: [outermost, second]).
    left: Vec<[u32; 2]>,
    right: Vec<[u32; 2]>,
    n_left: Vec<u8>,
    n_right: Vec<u8>,
    /// Bit set of the relations of left and right children.
    left_labels: Vec<u64>,
    right_labels: Vec<u64>,
    /// The `root` relation's label ([`NO_ROOT`] when not constrained): arcs
    /// from the root word 0 carry it, no other arc does.
    root: usize,
}

/// No constraint on the `root` relation.
const NO_ROOT: usize = usize::MAX;

impl State {
    fn reset(&mut self, n: usize, root: usize) {
        self.n = n;
        self.root = root;
        self.stack.clear();
        self.stack.push(0);
        self.next = 1;
        self.heads.clear();
        self.heads.resize(n + 1, NO);
        self.labels.clear();
        self.labels.resize(n + 1, 0);
        for v in [&mut self.left, &mut self.right] {
            v.clear();
            v.resize(n + 1, [NO, NO]);
        }
        for v in [&mut self.n_left, &mut self.n_right] {
            v.clear();
            v.resize(n + 1, 0);
        }
        for v in [&mut self.left_labels, &mut self.right_labels] {
            v.clear();
            v.resize(n + 1, 0);
        }
    }

    /// Becomes a copy of `other`, reusing this state's buffers.
    fn copy_from(&mut self, other: &Self) {
        self.n = other.n;
        self.root = other.root;
        self.next = other.next;
        self.stack.clone_from(&other.stack);
        self.heads.clone_from(&other.heads);
        self.labels.clone_from(&other.labels);
        self.left.clone_from(&other.left);
        self.right.clone_from(&other.right);
        self.n_left.clone_from(&other.n_left);
        self.n_right.clone_from(&other.n_right);
        self.left_labels.clone_from(&other.left_labels);
        self.right_labels.clone_from(&other.right_labels);
    }

    /// Cost of every class (as [`Self::cost`], `u32::MAX` when invalid),
    /// computing the arc part once per move kind.
    fn costs(&self, gold_heads: &[u32], gold_labels: &[u16], n_labels: usize, out: &mut [u32]) {
        let shift = if self.valid(Move::Shift) {
            self.cost(Move::Shift, 0, gold_heads, gold_labels)
        } else {
            u32::MAX
        };
        out[0] = shift;
        for (kind, offset) in [(Move::Left, 1), (Move::Right, 1 + n_labels)] {
            if !self.valid(kind) {
                out[offset..offset + n_labels].fill(u32::MAX);
                continue;
            }
            // The label only matters when the arc is the gold one.
            let gold_label = usize::from(gold_labels[self.s(0) as usize]);
            let base = self.cost(kind, gold_label, gold_heads, gold_labels);
            let head = if kind == Move::Left {
                self.next as u32
            } else {
                self.s(1)
            };
            let right_head = gold_heads[self.s(0) as usize] == head;
            for label in 0..n_labels {
                out[offset + label] = if self.valid_class(offset + label, n_labels) {
                    base + u32::from(right_head && label != gold_label)
                } else {
                    u32::MAX
                };
            }
        }
    }

    fn done(&self) -> bool {
        self.next > self.n && self.stack.len() == 1
    }

    fn s(&self, k: usize) -> u32 {
        if k < self.stack.len() {
            self.stack[self.stack.len() - 1 - k]
        } else {
            NO
        }
    }

    fn b(&self, k: usize) -> u32 {
        if self.next + k <= self.n {
            (self.next + k) as u32
        } else {
            NO
        }
    }

    /// Whether class `class` (a move and label) is allowed.
    fn valid_class(&self, class: usize, n_labels: usize) -> bool {
        let (kind, label) = decode(class, n_labels);
        self.valid(kind)
            && (kind == Move::Shift
                || self.root == NO_ROOT
                || (kind == Move::Right && self.s(1) == 0) == (label == self.root))
    }

    /// [`Self::valid_class`] as a test of classes, each move kind's
    /// validity checked once (for picking the best class of a state).
    fn valid_classes(&self, n_labels: usize) -> impl Fn(usize) -> bool + use<> {
        let shift = self.valid(Move::Shift);
        let left = self.valid(Move::Left);
        let right = self.valid(Move::Right);
        let root = self.root;
        let on_root = self.s(1) == 0;
        move |class| {
            if class == 0 {
                shift
            } else if class <= n_labels {
                left && (root == NO_ROOT || class - 1 != root)
            } else {
                right && (root == NO_ROOT || on_root == (class - 1 - n_labels == root))
            }
        }
    }

    fn valid(&self, kind: Move) -> bool {
        let buffer = self.next <= self.n;
        match kind {
            Move::Shift => buffer,
            Move::Left => buffer && self.stack.len() > 1,
            Move::Right => self.stack.len() > 2 || (self.stack.len() == 2 && !buffer),
        }
    }

    fn attach(&mut self, head: u32, child: u32, label: usize) {
        let (h, c) = (head as usize, child as usize);
        self.heads[c] = head;
        self.labels[c] = label as u16;
        let bit = 1u64 << (label % 64);
        if child < head {
            // New left child is further left than existing ones.
            let [outer, _] = self.left[h];
            self.left[h] = [child, outer];
            self.n_left[h] = self.n_left[h].saturating_add(1);
            self.left_labels[h] |= bit;
        } else {
            let [outer, _] = self.right[h];
            self.right[h] = [child, outer];
            self.n_right[h] = self.n_right[h].saturating_add(1);
            self.right_labels[h] |= bit;
        }
    }

    fn apply(&mut self, kind: Move, label: usize) {
        match kind {
            Move::Shift => {
                self.stack.push(self.next as u32);
                self.next += 1;
            }
            Move::Left => {
                let child = self.stack.pop().expect("valid LEFT");
                self.attach(self.next as u32, child, label);
            }
            Move::Right => {
                let child = self.stack.pop().expect("valid RIGHT");
                let head = *self.stack.last().expect("valid RIGHT");
                self.attach(head, child, label);
            }
        }
    }

    /// Cost (gold arcs made unreachable, plus a wrong label) of each move.
    fn cost(&self, kind: Move, label: usize, gold_heads: &[u32], gold_labels: &[u16]) -> u32 {
        let s0 = self.s(0);
        let buffer = self.next..=self.n;
        let in_buffer = |x: u32| buffer.contains(&(x as usize));
        match kind {
            Move::Shift => {
                let b = self.next as u32;
                let mut cost = 0;
                // b's head deeper in the stack than s0, or b's dependents in the stack.
                for (depth, &x) in self.stack.iter().rev().enumerate() {
                    if depth > 0 && gold_heads[b as usize] == x {
                        cost += 1;
                    }
                    if x != 0 && gold_heads[x as usize] == b {
                        cost += 1;
                    }
                }
                cost
            }
            Move::Left | Move::Right => {
                let head = if kind == Move::Left {
                    self.next as u32
                } else {
                    self.s(1)
                };
                let child = s0 as usize;
                let mut cost: u32 = (self.next..=self.n)
                    .filter(|&d| gold_heads[d] == s0)
                    .count() as u32;
                let gold = gold_heads[child];
                if gold == head {
                    if usize::from(gold_labels[child]) != label {
                        cost += 1;
                    }
                } else if kind == Move::Left {
                    if gold == self.s(1) || (in_buffer(gold) && gold != head) {
                        cost += 1;
                    }
                } else if in_buffer(gold) {
                    cost += 1;
                }
                cost
            }
        }
    }
}

/// Per-sentence attributes the parser's features read.
#[derive(Debug, Default)]
struct Tokens {
    /// Lower-form hash per position (0 = root).
    word: Vec<u64>,
    /// Tag class + 2 per position (1 = root).
    tag: Vec<u64>,
    /// Cluster path prefixes (4, 6 bits and the whole path) per position.
    cluster: Vec<[u64; 3]>,
    /// Verbs and punctuation marks at positions `1..=i` (prefix counts; 0 is the root).
    verbs: Vec<u32>,
    puncts: Vec<u32>,
}

impl Tokens {
    fn fill(&mut self, keys: &[WordKeys], tags: &[u16], kinds: &[Kind]) {
        self.word.clear();
        self.tag.clear();
        self.cluster.clear();
        self.verbs.clear();
        self.puncts.clear();
        self.word.push(0x0123_4567_89ab_cdef);
        self.tag.push(1);
        self.cluster.push([1 << 40; 3]);
        self.verbs.push(0);
        self.puncts.push(0);
        let (mut verbs, mut puncts) = (0, 0);
        for (k, &t) in keys.iter().zip(tags) {
            self.word.push(k.lower);
            self.tag.push(u64::from(t) + 2);
            self.cluster
                .push([k.cluster[0], k.cluster[1], k.cluster[3]]);
            match kinds.get(usize::from(t)) {
                Some(Kind::Verb) => verbs += 1,
                Some(Kind::Punct) => puncts += 1,
                _ => {}
            }
            self.verbs.push(verbs);
            self.puncts.push(puncts);
        }
    }

    /// How many of the words counted in `counts` lie strictly between
    /// positions `a` and `b` (capped at 2; 3 when there is no such span).
    fn between(counts: &[u32], a: u32, b: u32) -> u64 {
        if a == NO || b == NO || b <= a {
            3
        } else {
            u64::from((counts[b as usize - 1] - counts[a as usize]).min(2))
        }
    }
}

/// What a tag class counts as in the sentence-wide counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Verb,
    Punct,
    Other,
}

/// The [`Kind`] of each tag class, from its UPOS.
pub(crate) fn kinds(upos: &[String]) -> Vec<Kind> {
    upos.iter()
        .map(|u| match u.as_str() {
            "VERB" => Kind::Verb,
            "PUNCT" => Kind::Punct,
            _ => Kind::Other,
        })
        .collect()
}

/// The templates read from one word alone, per position of the state the
/// word fills (s0, s1, b0, b1): word, tag, word and tag, whole cluster path.
/// A word's keys in a position are the same in every state, so greedy
/// decoding sums their weights once per sentence ([`RoleSums`]).
const ROLE_TEMPLATES: [[u32; 4]; 4] = [
    [101, 102, 103, 175],
    [104, 105, 106, 177],
    [107, 108, 109, 176],
    [110, 111, 112, 178],
];

/// The positions [`ROLE_TEMPLATES`] read: s0, s1, b0, b1.
fn role_words(state: &State) -> [u32; 4] {
    [state.s(0), state.s(1), state.b(0), state.b(1)]
}

/// The keys of the [`ROLE_TEMPLATES`] of position `role` for word `x`.
fn role_features(role: usize, x: u32, tokens: &Tokens) -> [u64; 4] {
    let [word, tag, both, cluster] = ROLE_TEMPLATES[role];
    let (w, t, c) = if x == NO {
        (NONE, 0, 0)
    } else {
        let x = x as usize;
        (tokens.word[x], tokens.tag[x], tokens.cluster[x][2])
    };
    [
        feature(word, &[w]),
        feature(tag, &[t]),
        feature(both, &[w, t]),
        feature(cluster, &[c]),
    ]
}

/// Every feature key of a state (training, beam decoding): the bias, the
/// [`ROLE_TEMPLATES`] of the four positions, then [`context_features`]
/// (the order of the keys does not matter: scores are integer sums and each
/// key's weights are trained on their own).
fn features(state: &State, tokens: &Tokens, out: &mut Vec<u64>) {
    out.clear();
    out.push(feature(100, &[]));
    for (role, x) in role_words(state).into_iter().enumerate() {
        out.extend_from_slice(&role_features(role, x, tokens));
    }
    context_features(state, tokens, out);
}

/// The feature keys of a state other than the bias and the
/// [`ROLE_TEMPLATES`], appended to `out`.
#[expect(
    clippy::similar_names,
    reason = "s0l, s0r, b0l… are the standard position names"
)]
fn context_features(state: &State, tokens: &Tokens, out: &mut Vec<u64>) {
    let w = |x: u32| {
        if x == NO {
            NONE
        } else {
            tokens.word[x as usize]
        }
    };
    let t = |x: u32| if x == NO { 0 } else { tokens.tag[x as usize] };
    let c = |x: u32| {
        if x == NO {
            [0; 3]
        } else {
            tokens.cluster[x as usize]
        }
    };
    let lab = |x: u32| {
        if x == NO {
            99
        } else {
            u64::from(state.labels[x as usize])
        }
    };
    let child =
        |x: u32, side: &[[u32; 2]], k: usize| if x == NO { NO } else { side[x as usize][k] };
    let s0 = state.s(0);
    let s1 = state.s(1);
    let s2 = state.s(2);
    let b0 = state.b(0);
    let b1 = state.b(1);
    let b2 = state.b(2);
    let s0l = child(s0, &state.left, 0);
    let s0l2 = child(s0, &state.left, 1);
    let s0r = child(s0, &state.right, 0);
    let s0r2 = child(s0, &state.right, 1);
    let s1l = child(s1, &state.left, 0);
    let s1r = child(s1, &state.right, 0);
    let b0l = child(b0, &state.left, 0);
    let b0l2 = child(b0, &state.left, 1);
    let (s0w, s0t, s1w, s1t, b0w, b0t) = (w(s0), t(s0), w(s1), t(s1), w(b0), t(b0));
    let (b1t, b2t, s2t) = (t(b1), t(b2), t(s2));
    let (s0c, s1c, b0c, b1c) = (c(s0), c(s1), c(b0), c(b1));
    let dist = if s0 == NO || b0 == NO {
        0
    } else {
        u64::from((b0 - s0).min(6))
    };
    let dist_s = if s0 == NO || s1 == NO {
        0
    } else {
        u64::from((s0 - s1).min(6))
    };
    // One past the last word, so that "after b0" includes the last word.
    let end = tokens.verbs.len() as u32;
    let verbs_after = Tokens::between(&tokens.verbs, b0, end);
    let puncts_after = Tokens::between(&tokens.puncts, b0, end);
    let valency = |x: u32, v: &[u8]| {
        if x == NO {
            0
        } else {
            u64::from(v[x as usize].min(4))
        }
    };
    let labels = |x: u32, v: &[u64]| if x == NO { 0 } else { v[x as usize] };
    let (s0vl, s0vr, b0vl) = (
        valency(s0, &state.n_left),
        valency(s0, &state.n_right),
        valency(b0, &state.n_left),
    );
    out.extend_from_slice(&[
        feature(114, &[s2t]),
        feature(115, &[s0w, s0t, b0w, b0t]),
        feature(118, &[s0w, s0t, b0t]),
        feature(119, &[s0t, b0w, b0t]),
        feature(120, &[s0w, b0w]),
        feature(121, &[s0t, b0t]),
        feature(122, &[b0t, b1t]),
        feature(123, &[s1w, s0w]),
        feature(124, &[s1t, s0t]),
        feature(125, &[s1t, s0w]),
        feature(126, &[s1w, s0t]),
        feature(127, &[b0t, b1t, b2t]),
        feature(128, &[s0t, b0t, b1t]),
        feature(129, &[s1t, s0t, b0t]),
        feature(130, &[s2t, s1t, s0t]),
        feature(131, &[s0t, t(s0l), b0t]),
        feature(132, &[s0t, t(s0r), b0t]),
        feature(133, &[s0t, b0t, t(b0l)]),
        feature(134, &[s1t, t(s1r), s0t]),
        feature(135, &[s1t, s0t, t(s0l)]),
        feature(136, &[s1t, s0t, t(s0r)]),
        feature(138, &[s0t, dist]),
        feature(140, &[b0t, dist]),
        feature(141, &[s0t, b0t, dist]),
        feature(142, &[s1t, s0t, dist_s]),
        feature(144, &[s0t, s0vr]),
        feature(146, &[s0t, s0vl]),
        feature(148, &[b0t, b0vl]),
        feature(149, &[w(s0l)]),
        feature(150, &[t(s0l)]),
        feature(151, &[lab(s0l)]),
        feature(152, &[w(s0r)]),
        feature(153, &[t(s0r)]),
        feature(154, &[lab(s0r)]),
        feature(155, &[w(b0l)]),
        feature(156, &[t(b0l)]),
        feature(157, &[lab(b0l)]),
        feature(158, &[t(s1r), lab(s1r)]),
        feature(159, &[t(s1l), lab(s1l)]),
        feature(160, &[t(s0l2), lab(s0l2)]),
        feature(161, &[t(s0r2), lab(s0r2)]),
        feature(162, &[t(b0l2), lab(b0l2)]),
        feature(163, &[s0t, t(s0l), t(s0l2)]),
        feature(164, &[s0t, t(s0r), t(s0r2)]),
        feature(165, &[b0t, t(b0l), t(b0l2)]),
        feature(167, &[s0t, labels(s0, &state.right_labels)]),
        feature(169, &[s0t, labels(s0, &state.left_labels)]),
        feature(171, &[b0t, labels(b0, &state.left_labels)]),
        feature(172, &[s0t, lab(s0l), lab(s0r), b0t]),
        feature(173, &[s1t, lab(s1l), s0t]),
        feature(174, &[u64::from(state.stack.len() == 2), b0t, s0t]),
        // Brown cluster pairs (6- and 4-bit prefixes, whole paths with tags).
        feature(179, &[s0c[1], b0c[1]]),
        feature(180, &[s0c[0], b0c[0], b1c[0]]),
        feature(181, &[s0c[2], b0t]),
        feature(182, &[s0t, b0c[2]]),
        feature(183, &[s1c[1], s0c[1]]),
        feature(184, &[s1c[0], s0c[0], b0c[0]]),
        // Sentence-wide counts: verbs and punctuation still to come, between
        // s1 and s0, and verbs before s0.
        feature(185, &[s0t, b0t, verbs_after]),
        feature(
            186,
            &[
                s1t,
                s0t,
                Tokens::between(&tokens.verbs, s1, s0),
                Tokens::between(&tokens.puncts, s1, s0),
            ],
        ),
        feature(187, &[s0t, b0t, Tokens::between(&tokens.verbs, 0, s0)]),
        feature(188, &[s0t, b0t, puncts_after]),
    ]);
}

/// Per-sentence memo of the summed weights of each word's
/// [`ROLE_TEMPLATES`] in each of the four positions, filled as greedy
/// decoding first needs them (a word stays s0 or b0 for several states).
/// Integer sums: a state's scores are the same as from all its keys at once.
#[derive(Debug, Default)]
struct RoleSums {
    n_classes: usize,
    /// Words of the sentence plus one for "no word" ([`NO`], the last).
    n_words: usize,
    sums: Vec<i32>,
    filled: Vec<bool>,
}

impl RoleSums {
    fn reset(&mut self, n_words: usize, n_classes: usize) {
        self.n_classes = n_classes;
        // Positions 0 (the root) to n, then NO.
        self.n_words = n_words + 2;
        self.filled.clear();
        self.filled.resize(4 * self.n_words, false);
        self.sums.resize(4 * self.n_words * n_classes, 0);
    }

    /// Adds to `scores` the weights of the role templates of every position
    /// of `state`.
    fn add_to(&mut self, state: &State, tokens: &Tokens, weights: &Weights, scores: &mut [i32]) {
        let n_classes = self.n_classes;
        for (role, x) in role_words(state).into_iter().enumerate() {
            let at = role * self.n_words
                + if x == NO {
                    self.n_words - 1
                } else {
                    x as usize
                };
            let row = &mut self.sums[at * n_classes..(at + 1) * n_classes];
            if !self.filled[at] {
                weights.scores(&role_features(role, x, tokens), row);
                self.filled[at] = true;
            }
            for (score, &sum) in scores.iter_mut().zip(row.iter()) {
                *score += sum;
            }
        }
    }
}

/// One hypothesis of a beam: a configuration, the sum of its move scores,
/// the gold arcs its moves lost (training only) and its last move in the
/// history arena (training only).
#[derive(Debug, Default)]
struct Item {
    state: State,
    score: i64,
    loss: u32,
    node: u32,
}

/// A successor of a beam item: its score, the item, the move's class and
/// the item's loss after the move.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    score: i64,
    item: u32,
    class: u16,
    loss: u32,
}

/// The `k` best classes `valid` allows, by `score` (lower class first on
/// ties), into `top` as (score, class), best first.
fn top_classes(
    n_classes: usize,
    k: usize,
    valid: impl Fn(usize) -> bool,
    score: impl Fn(usize) -> i64,
    top: &mut Vec<(i64, u16)>,
) {
    top.clear();
    for class in 0..n_classes {
        if !valid(class) {
            continue;
        }
        let s = score(class);
        if top.len() == k && top[k - 1].0 >= s {
            continue;
        }
        let at = top.iter().position(|&(t, _)| s > t).unwrap_or(top.len());
        if top.len() == k {
            top.pop();
        }
        top.insert(at, (s, class as u16));
    }
}

/// Sorts candidates best first (ties: earlier item, then lower class) and keeps `k`.
fn keep_best(candidates: &mut Vec<Candidate>, k: usize) {
    candidates.sort_unstable_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.item.cmp(&b.item))
            .then(a.class.cmp(&b.class))
    });
    candidates.truncate(k);
}

/// Makes `next[..candidates.len()]` the successors named by `candidates`.
fn advance(
    beam: &[Item],
    next: &mut Vec<Item>,
    candidates: &[Candidate],
    n_labels: usize,
    arena: Option<&mut Vec<(u32, u16)>>,
) {
    if next.len() < candidates.len() {
        next.resize_with(candidates.len(), Item::default);
    }
    let mut arena = arena;
    for (item, c) in next.iter_mut().zip(candidates) {
        let from = &beam[c.item as usize];
        item.state.copy_from(&from.state);
        let (kind, label) = decode(usize::from(c.class), n_labels);
        item.state.apply(kind, label);
        item.score = c.score;
        item.loss = c.loss;
        if let Some(arena) = arena.as_deref_mut() {
            arena.push((from.node, c.class));
            item.node = (arena.len() - 1) as u32;
        }
    }
}

/// The moves from the start to arena node `node`, in order.
fn history(arena: &[(u32, u16)], mut node: u32, out: &mut Vec<u16>) {
    out.clear();
    while node != 0 {
        let (parent, class) = arena[node as usize];
        out.push(class);
        node = parent;
    }
    out.reverse();
}

/// The trained parser.
#[derive(Debug, Clone)]
pub(crate) struct Parser {
    /// Relation names; a class's label indexes this.
    pub(crate) labels: Vec<String>,
    weights: Weights,
    /// [`Kind`] of each tag class (from the tagger's UPOS, not stored).
    kinds: Vec<Kind>,
    /// Beam width (1: greedy).
    pub(crate) beam: usize,
    /// Decoding keeps only items within this score of the best (0: all).
    pub(crate) margin: i64,
    /// Label of the `root` relation (see [`State::root`]).
    root: usize,
}

/// The label index of the `root` relation, [`NO_ROOT`] without one.
fn root_label(labels: &[String]) -> usize {
    labels.iter().position(|l| l == "root").unwrap_or(NO_ROOT)
}

/// Reusable per-sentence buffers.
#[derive(Debug, Default)]
pub(crate) struct ParseScratch {
    state: State,
    tokens: Tokens,
    features: Vec<u64>,
    scores: Vec<i32>,
    beam: Vec<Item>,
    next: Vec<Item>,
    candidates: Vec<Candidate>,
    top: Vec<(i64, u16)>,
    roles: RoleSums,
    /// The moves of the last greedy parse, and of the one before it.
    moves: Vec<(Move, usize)>,
    previous: Vec<(Move, usize)>,
    /// Whether `moves` and `roles` are those of a greedy parse without
    /// fixed arcs, the last parse made with these buffers.
    replayable: bool,
}

impl Parser {
    /// Parses a tagged sentence; `heads[i]` is the head of word `i + 1`
    /// (0 = root) and `labels[i]` its relation.
    pub(crate) fn parse(
        &self,
        keys: &[WordKeys],
        tags: &[u16],
        scratch: &mut ParseScratch,
        heads: &mut Vec<u32>,
        labels: &mut Vec<u16>,
    ) {
        self.parse_constrained(keys, tags, &[], false, scratch, heads, labels);
    }

    /// [`Self::parse`] keeping arcs fixed in advance: `fixed[i]` is the
    /// head (1-based, never 0) word `i + 1` must take, or [`FREE`]; an empty
    /// `fixed` fixes nothing. The fixed arcs must be projective together
    /// (names: contiguous words hung from one of them). At each step the
    /// best-scoring move among those that lose no fixed arc is taken (the
    /// dynamic oracle's arc costs with the fixed arcs as the only gold ones:
    /// arc-hybrid is arc-decomposable, so such a move always exists); the
    /// parser still picks every other arc and every relation. A beam model
    /// decodes greedily when arcs are fixed.
    ///
    /// With `replay`, `keys` and `tags` are the sentence that the last call
    /// with `scratch` parsed without fixed arcs: as long as that parse's
    /// moves lose no fixed arc, they are the moves the constrained parse
    /// would choose (the best-scoring valid move is the best of the allowed
    /// ones when it is allowed), so they are taken again without scoring;
    /// states are scored from the first move that would lose one.
    #[expect(
        clippy::too_many_arguments,
        reason = "the sentence, its constraints, buffers and outputs"
    )]
    pub(crate) fn parse_constrained(
        &self,
        keys: &[WordKeys],
        tags: &[u16],
        fixed: &[u32],
        replay: bool,
        scratch: &mut ParseScratch,
        heads: &mut Vec<u32>,
        labels: &mut Vec<u16>,
    ) {
        if self.beam > 1 && fixed.is_empty() {
            scratch.replayable = false;
            self.parse_beam(keys, tags, scratch, heads, labels);
            return;
        }
        let n_labels = self.labels.len();
        let ParseScratch {
            state,
            tokens,
            features: feats,
            scores,
            roles,
            moves,
            previous,
            replayable,
            ..
        } = scratch;
        let replay = replay && *replayable;
        tokens.fill(keys, tags, &self.kinds);
        state.reset(keys.len(), self.root);
        scores.resize(self.weights.n_classes(), 0);
        if replay {
            // Same words and tags: the role sums found so far still hold.
            std::mem::swap(moves, previous);
        } else {
            roles.reset(keys.len(), self.weights.n_classes());
            previous.clear();
        }
        moves.clear();
        let mut following = replay;
        // Gold heads for the dynamic oracle's costs: the fixed arcs, and
        // FREE (no gold arc to lose) for every other word.
        let constrained = fixed.len() == keys.len() && fixed.iter().any(|&h| h != FREE);
        let mut gold_heads = Vec::new();
        let mut gold_labels = Vec::new();
        if constrained {
            gold_heads.push(FREE);
            gold_heads.extend_from_slice(fixed);
            gold_labels.resize(gold_heads.len(), 0u16);
        }
        *replayable = !constrained;
        while !state.done() {
            // With only the root on the stack, SHIFT is the one valid move.
            let (kind, label) = if state.stack.len() == 1 {
                (Move::Shift, 0)
            } else if state.stack.len() == 2 && state.next > state.n && self.root != NO_ROOT {
                // The last move: the one word left attaches to the root with
                // the `root` relation, the one valid class (no need to score).
                (Move::Right, self.root)
            } else {
                // Labels cost nothing here: only the fixed heads count.
                let cost = |kind| {
                    if state.valid(kind) {
                        state.cost(kind, 0, &gold_heads, &gold_labels)
                    } else {
                        u32::MAX
                    }
                };
                let costs = if constrained {
                    [cost(Move::Shift), cost(Move::Left), cost(Move::Right)]
                } else {
                    [0; 3]
                };
                let least = *costs.iter().min().expect("three moves");
                let kind_cost = |kind: Move| match kind {
                    Move::Shift => costs[0],
                    Move::Left => costs[1],
                    Move::Right => costs[2],
                };
                let again = previous
                    .get(moves.len())
                    .filter(|&&(kind, _)| following && kind_cost(kind) == least);
                following = again.is_some();
                if let Some(&again) = again {
                    again
                } else {
                    feats.clear();
                    feats.push(feature(100, &[]));
                    context_features(state, tokens, feats);
                    self.weights.scores(feats, scores);
                    roles.add_to(state, tokens, &self.weights, scores);
                    let valid = state.valid_classes(n_labels);
                    let class = best(scores, |c| {
                        valid(c) && kind_cost(decode(c, n_labels).0) == least
                    })
                    .expect("a non-final state allows a move");
                    decode(class, n_labels)
                }
            };
            moves.push((kind, label));
            state.apply(kind, label);
        }
        heads.clear();
        labels.clear();
        heads.extend_from_slice(&state.heads[1..]);
        labels.extend_from_slice(&state.labels[1..]);
    }

    /// [`Self::parse`] with a beam of `self.beam` configurations.
    fn parse_beam(
        &self,
        keys: &[WordKeys],
        tags: &[u16],
        scratch: &mut ParseScratch,
        heads: &mut Vec<u32>,
        labels: &mut Vec<u16>,
    ) {
        let n_labels = self.labels.len();
        let n_classes = self.weights.n_classes();
        let k = self.beam;
        let ParseScratch {
            tokens,
            features: feats,
            scores,
            beam,
            next,
            candidates,
            top,
            ..
        } = scratch;
        tokens.fill(keys, tags, &self.kinds);
        scores.resize(n_classes, 0);
        if beam.is_empty() {
            beam.push(Item::default());
        }
        beam[0].state.reset(keys.len(), self.root);
        beam[0].score = 0;
        let mut len = 1;
        while !beam[0].state.done() {
            candidates.clear();
            for (i, item) in beam[..len].iter().enumerate() {
                let state = &item.state;
                if state.stack.len() == 1 {
                    candidates.push(Candidate {
                        score: item.score,
                        item: i as u32,
                        class: 0,
                        loss: 0,
                    });
                    continue;
                }
                features(state, tokens, feats);
                self.weights.scores(feats, scores);
                top_classes(
                    n_classes,
                    k,
                    |c| state.valid_class(c, n_labels),
                    |c| i64::from(scores[c]),
                    top,
                );
                candidates.extend(top.iter().map(|&(s, class)| Candidate {
                    score: item.score + s,
                    item: i as u32,
                    class,
                    loss: 0,
                }));
            }
            keep_best(candidates, k);
            if self.margin > 0 {
                // Items far behind the best are dropped: where the model is
                // sure, the beam narrows to one configuration.
                let floor = candidates[0].score - self.margin;
                candidates.retain(|c| c.score >= floor);
            }
            advance(beam, next, candidates, n_labels, None);
            std::mem::swap(beam, next);
            len = candidates.len();
        }
        heads.clear();
        labels.clear();
        heads.extend_from_slice(&beam[0].state.heads[1..]);
        labels.extend_from_slice(&beam[0].state.labels[1..]);
    }

    /// Number of weights kept.
    pub(crate) fn n_weights(&self) -> usize {
        self.weights.len()
    }

    pub(crate) fn write(&self, out: &mut Writer) {
        out.len(self.beam);
        out.strs(&self.labels);
        self.weights.write(out);
    }

    /// Reads a parser written by [`Self::write`]; `upos` are the tagger's classes.
    pub(crate) fn read(input: &mut Reader<'_>, upos: &[String]) -> Result<Self, ModelError> {
        let beam = input.len()?;
        if !(1..=64).contains(&beam) {
            return Err(ModelError::Corrupt(format!("parser beam of {beam}")));
        }
        let labels = input.strs()?;
        let weights = Weights::read(input)?;
        if labels.is_empty() || labels.len() > 64 || weights.n_classes() != 1 + 2 * labels.len() {
            return Err(ModelError::Corrupt(
                "parser weights do not match its relations".into(),
            ));
        }
        Ok(Self {
            root: root_label(&labels),
            labels,
            weights,
            kinds: kinds(upos),
            beam,
            margin: 0,
        })
    }

    /// Trains on sentences whose `tags` hold the tag classes the parser will
    /// see (predicted by the tagger), `heads` and `labels` the gold tree;
    /// `upos` names the tag classes.
    pub(crate) fn train(
        sentences: &[TrainSentence],
        tags: &[Vec<u16>],
        labels: Vec<String>,
        upos: &[String],
        clusters: &Clusters,
        (epochs, seed, beam): (usize, u64, usize),
        on_epoch: &mut dyn FnMut(usize, &Self),
    ) -> Self {
        let kinds = kinds(upos);
        let n_labels = labels.len();
        assert!(n_labels <= 64, "relation bit sets hold 64 relations");
        let n_classes = 1 + 2 * n_labels;
        let mut trainer = Trainer::new(n_classes);
        let mut rng = Rng::new(seed);
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        let mut buffer = String::new();
        let keys: Vec<Vec<WordKeys>> = sentences
            .iter()
            .map(|s| {
                s.forms
                    .iter()
                    .map(|f| WordKeys::new(f, &mut buffer, clusters))
                    .collect()
            })
            .collect();
        let mut state = State::default();
        let mut tokens = Tokens::default();
        let mut feats = Vec::new();
        let mut scores = vec![0i64; n_classes];
        let mut costs = vec![0u32; n_classes];
        let mut gold_heads = Vec::new();
        let root = root_label(&labels);
        // Training leaves the root relation free (constraining it there too
        // gave UAS 85.11, LAS 82.08 against 85.49, 82.39); decoding does not.
        let train_root = NO_ROOT;
        let mut beam_buffers = BeamTraining {
            root: train_root,
            ..BeamTraining::default()
        };
        for epoch in 0..epochs {
            rng.shuffle(&mut order);
            for &s in &order {
                let sentence = &sentences[s];
                gold_heads.clear();
                gold_heads.push(0);
                gold_heads.extend(sentence.heads.iter().copied());
                let mut gold_labels = vec![0u16];
                gold_labels.extend(sentence.labels.iter().copied());
                tokens.fill(&keys[s], &tags[s], &kinds);
                if beam > 1 {
                    beam_buffers.sentence(
                        &mut trainer,
                        beam,
                        n_labels,
                        &tokens,
                        sentence.forms.len(),
                        (&gold_heads, &gold_labels),
                    );
                    continue;
                }
                state.reset(sentence.forms.len(), train_root);
                while !state.done() {
                    features(&state, &tokens, &mut feats);
                    trainer.scores(&feats, &mut scores);
                    let valid = |c: usize| state.valid_class(c, n_labels);
                    for (class, cost) in costs.iter_mut().enumerate() {
                        let (kind, label) = decode(class, n_labels);
                        *cost = if state.valid_class(class, n_labels) {
                            state.cost(kind, label, &gold_heads, &gold_labels)
                        } else {
                            u32::MAX
                        };
                    }
                    let min_cost = costs.iter().copied().min().unwrap_or(0);
                    let guess = best(&scores, valid).expect("a move");
                    let gold = best(&scores, |c| costs[c] == min_cost).expect("a gold move");
                    trainer.update(&feats, gold, guess);
                    trainer.tick();
                    // Explore: after the first epoch follow the model's own
                    // move (nine times out of ten) even when it is wrong.
                    let next = if epoch > 0 && costs[guess] != min_cost && rng.below(10) < 9 {
                        guess
                    } else {
                        gold
                    };
                    let (kind, label) = decode(next, n_labels);
                    state.apply(kind, label);
                }
            }
            if epoch + 1 < epochs {
                on_epoch(
                    epoch,
                    &Self {
                        root,
                        labels: labels.clone(),
                        weights: trainer.averaged(crate::train::MIN_MISTAKES),
                        kinds: kinds.clone(),
                        beam,
                        margin: 0,
                    },
                );
            }
        }
        Self {
            root,
            labels,
            weights: trainer.averaged(crate::train::MIN_MISTAKES),
            kinds,
            beam,
            margin: 0,
        }
    }
}

/// The class among those of least cost with the highest score (lower class on ties).
fn best_of_least_cost(scores: &[i64], costs: &[u32]) -> usize {
    let least = costs.iter().copied().min().unwrap_or(0);
    best(scores, |c| costs[c] == least).expect("a valid move")
}

/// Buffers of global training with a beam: max-violation updates (Huang,
/// Fayong and Guo 2012) against a gold sequence that may be any sequence
/// of least loss (the dynamic oracle's costs say which moves keep it).
#[derive(Debug, Default)]
struct BeamTraining {
    beam: Vec<Item>,
    next: Vec<Item>,
    gold: Item,
    candidates: Vec<Candidate>,
    top: Vec<(i64, u16)>,
    arena: Vec<(u32, u16)>,
    scores: Vec<i64>,
    costs: Vec<u32>,
    features: Vec<u64>,
    gold_moves: Vec<u16>,
    wrong_moves: Vec<u16>,
    replay: State,
    /// As [`State::root`].
    root: usize,
}

impl BeamTraining {
    /// Beam search over one training sentence of `n` words, then one update
    /// where the best wrong item beat the gold sequence by the most.
    fn sentence(
        &mut self,
        trainer: &mut Trainer,
        k: usize,
        n_labels: usize,
        tokens: &Tokens,
        n: usize,
        (gold_heads, gold_labels): (&[u32], &[u16]),
    ) {
        let n_classes = 1 + 2 * n_labels;
        let Self {
            beam,
            next,
            gold,
            candidates,
            top,
            arena,
            scores,
            costs,
            features: feats,
            ..
        } = self;
        scores.resize(n_classes, 0);
        costs.resize(n_classes, 0);
        arena.clear();
        arena.push((0, 0));
        if beam.is_empty() {
            beam.push(Item::default());
        }
        beam[0].state.reset(n, self.root);
        (beam[0].score, beam[0].loss, beam[0].node) = (0, 0, 0);
        gold.state.reset(n, self.root);
        (gold.score, gold.loss, gold.node) = (0, 0, 0);
        let mut gold_at = Some(0);
        let mut len = 1;
        // (violation, wrong item's node, gold node) of the worst step so far.
        let mut worst: Option<(i64, u32, u32)> = None;
        while !beam[0].state.done() {
            candidates.clear();
            let mut gold_move = None;
            for (i, item) in beam[..len].iter().enumerate() {
                let state = &item.state;
                state.costs(gold_heads, gold_labels, n_labels, costs);
                if state.stack.len() == 1 {
                    candidates.push(Candidate {
                        score: item.score,
                        item: i as u32,
                        class: 0,
                        loss: item.loss + costs[0],
                    });
                    if gold_at == Some(i) {
                        gold_move = Some((0, 0));
                    }
                    continue;
                }
                features(state, tokens, feats);
                trainer.scores(feats, scores);
                top_classes(n_classes, k, |c| costs[c] != u32::MAX, |c| scores[c], top);
                candidates.extend(top.iter().map(|&(s, class)| Candidate {
                    score: item.score + s,
                    item: i as u32,
                    class,
                    loss: item.loss + costs[usize::from(class)],
                }));
                if gold_at == Some(i) {
                    let class = best_of_least_cost(scores, costs);
                    gold_move = Some((scores[class], class));
                }
            }
            // The gold sequence's own next move when it is out of the beam.
            let (delta, class) = if let Some(m) = gold_move {
                m
            } else if gold.state.stack.len() == 1 {
                (0, 0)
            } else {
                features(&gold.state, tokens, feats);
                trainer.scores(feats, scores);
                gold.state.costs(gold_heads, gold_labels, n_labels, costs);
                let class = best_of_least_cost(scores, costs);
                (scores[class], class)
            };
            gold.state.costs(gold_heads, gold_labels, n_labels, costs);
            gold.loss += costs[class];
            gold.score += delta;
            let (kind, label) = decode(class, n_labels);
            gold.state.apply(kind, label);
            arena.push((gold.node, class as u16));
            gold.node = (arena.len() - 1) as u32;

            keep_best(candidates, k);
            advance(beam, next, candidates, n_labels, Some(arena));
            std::mem::swap(beam, next);
            len = candidates.len();
            // Any item that lost no more than the gold sequence is as good
            // as gold: follow the best of them.
            gold_at = beam[..len].iter().position(|item| item.loss <= gold.loss);
            if let Some(j) = gold_at {
                let item = &beam[j];
                gold.state.copy_from(&item.state);
                (gold.score, gold.loss, gold.node) = (item.score, item.loss, item.node);
            }
            if gold_at != Some(0) {
                let violation = beam[0].score - gold.score;
                if violation >= 0 && worst.is_none_or(|(v, _, _)| violation >= v) {
                    worst = Some((violation, beam[0].node, gold.node));
                }
            }
        }
        if let Some((_, wrong, right)) = worst {
            self.update(trainer, n, tokens, wrong, right);
        }
        trainer.tick();
    }

    /// Rewards the moves of arena node `right`'s sequence and penalises
    /// those of `wrong`'s, from where they part.
    fn update(&mut self, trainer: &mut Trainer, n: usize, tokens: &Tokens, wrong: u32, right: u32) {
        let n_labels = (trainer.n_classes() - 1) / 2;
        history(&self.arena, right, &mut self.gold_moves);
        history(&self.arena, wrong, &mut self.wrong_moves);
        let shared = self
            .gold_moves
            .iter()
            .zip(&self.wrong_moves)
            .take_while(|(a, b)| a == b)
            .count();
        for (moves, delta) in [(&self.gold_moves, 1), (&self.wrong_moves, -1)] {
            let state = &mut self.replay;
            state.reset(n, self.root);
            for (step, &class) in moves.iter().enumerate() {
                let class = usize::from(class);
                if step >= shared && state.stack.len() > 1 {
                    features(state, tokens, &mut self.features);
                    trainer.add(&self.features, class, delta);
                }
                let (kind, label) = decode(class, n_labels);
                state.apply(kind, label);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `State::valid_classes` agrees with `State::valid_class` on every
    /// class of every state along some move sequences, with and without
    /// the `root` constraint.
    #[test]
    fn valid_classes_agree_with_valid_class() {
        let n_labels = 4;
        let n_classes = 1 + 2 * n_labels;
        for root in [2, NO_ROOT] {
            for seed in 0..40usize {
                let mut state = State::default();
                state.reset(6, root);
                let mut step = seed;
                let mut checked = 0;
                while !state.done() {
                    let test = state.valid_classes(n_labels);
                    let valid: Vec<usize> = (0..n_classes)
                        .filter(|&c| state.valid_class(c, n_labels))
                        .collect();
                    for class in 0..n_classes {
                        assert_eq!(test(class), state.valid_class(class, n_labels));
                    }
                    checked += 1;
                    step = step.wrapping_mul(31).wrapping_add(7);
                    let (kind, label) = decode(valid[step % valid.len()], n_labels);
                    state.apply(kind, label);
                }
                assert!(checked >= 12, "every word is shifted and attached");
            }
        }
    }

    /// The built-in model's keys and tags of `words`.
    fn tagged(words: &[&str]) -> (Vec<WordKeys>, Vec<u16>) {
        let model = crate::SyntaxModel::builtin();
        let mut text = String::new();
        let keys: Vec<WordKeys> = words
            .iter()
            .map(|w| WordKeys::new(w, &mut text, &model.clusters))
            .collect();
        let mut tags = Vec::new();
        model
            .tagger
            .tag(&keys, &mut crate::tagger::TagScratch::default(), &mut tags);
        (keys, tags)
    }

    const SENTENCE: &str = "Gunmen loyal to the opposition leader Mir Hossein Mousavi \
        attacked a police station in Tehran on Monday , officials said .";

    /// The words of [`SENTENCE`].
    fn sentence() -> Vec<&'static str> {
        SENTENCE.split_whitespace().collect()
    }

    /// Every state the greedy parser scores gets, from the bias, the
    /// context features and the memoised role sums, exactly the scores of
    /// all its feature keys at once.
    #[test]
    fn role_sums_give_the_scores_of_every_feature() {
        let parser = &crate::SyntaxModel::builtin().parser;
        let (keys, tags) = tagged(&sentence());
        let mut tokens = Tokens::default();
        tokens.fill(&keys, &tags, &parser.kinds);
        let n_classes = parser.weights.n_classes();
        let mut roles = RoleSums::default();
        roles.reset(keys.len(), n_classes);
        let mut state = State::default();
        state.reset(keys.len(), parser.root);
        let (mut all, mut split) = (vec![0; n_classes], vec![0; n_classes]);
        let mut feats = Vec::new();
        let mut scored = 0;
        while !state.done() {
            features(&state, &tokens, &mut feats);
            assert_eq!(feats.len(), 78);
            parser.weights.scores(&feats, &mut all);
            feats.clear();
            feats.push(feature(100, &[]));
            context_features(&state, &tokens, &mut feats);
            parser.weights.scores(&feats, &mut split);
            roles.add_to(&state, &tokens, &parser.weights, &mut split);
            assert_eq!(all, split);
            scored += 1;
            let valid = state.valid_classes(parser.labels.len());
            let class = best(&all, valid).expect("a move");
            let (kind, label) = decode(class, parser.labels.len());
            state.apply(kind, label);
        }
        assert_eq!(scored, 2 * keys.len());
    }

    /// A re-parse with fixed arcs that replays the free parse's moves gives
    /// the same tree as a constrained parse from scratch.
    #[test]
    fn reparse_replays_to_the_constrained_parse() {
        let parser = &crate::SyntaxModel::builtin().parser;
        let (keys, tags) = tagged(&sentence());
        let mut fixed = vec![FREE; keys.len()];
        // `Mir Hossein Mousavi` hung from `Mir` (word 7).
        fixed[7] = 7;
        fixed[8] = 7;
        let (mut heads, mut labels) = (Vec::new(), Vec::new());
        let mut fresh = ParseScratch::default();
        parser.parse_constrained(
            &keys,
            &tags,
            &fixed,
            false,
            &mut fresh,
            &mut heads,
            &mut labels,
        );
        assert_eq!((heads[7], heads[8]), (7, 7));
        let expected = (heads.clone(), labels.clone());
        let mut scratch = ParseScratch::default();
        // Another sentence first: its moves must not be replayed.
        let (other_keys, other_tags) = tagged(&["Officials", "said", "so", "."]);
        parser.parse(
            &other_keys,
            &other_tags,
            &mut scratch,
            &mut heads,
            &mut labels,
        );
        parser.parse(&keys, &tags, &mut scratch, &mut heads, &mut labels);
        assert_ne!(heads, expected.0, "the free parse breaks the name");
        parser.parse_constrained(
            &keys,
            &tags,
            &fixed,
            true,
            &mut scratch,
            &mut heads,
            &mut labels,
        );
        assert_eq!((heads, labels), expected);
    }
}
