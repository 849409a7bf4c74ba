//! Pattern rules for names the knowledge base does not list.
//!
//! Each rule reads the pieces of one sentence and proposes [`Candidate`]s;
//! overlaps are settled afterwards (longest first, knowledge base first).
//!
//! | rule | finds | example |
//! |---|---|---|
//! | `title_rule` | PERSON after a title | `former MP Fares Soaid`, `Gen. Qassem Soleimani` |
//! | `given_name_rule` | PERSON starting with a known given name | `Ziad al-Sayegh said` |
//! | `org_head_rule` | ORG ending in a head noun | `Saydet el-Jabal Gathering`, `Ministry of Defense` |
//! | `facility_rule` | FAC: name + facility noun | `al-Asad air base`, `al-Tanf garrison` |
//! | `location_rule` | LOC: name + landform noun | `Bekaa Valley`, `Mount Hermon` |
//! | `admin_rule` | GPE before an administrative noun | `the Bulbul district` → `Bulbul` |
//! | `place_of_rule` | GPE after `city of` etc. | `the port city of Sidon` → `Sidon` |
//! | `capitalised_rule` | PERSON or GPE: other capitalised runs, by context | `Ondrej Valtar`, `Valtar said`, `near Brnovice` |
//!
//! `capitalised_rule` runs last and only where nothing else matched; a lone
//! known given name counts for `given_name_rule` (`Emma is fine`).
//!
//! Known misses: a bare surname or single-word name with no title, no cue
//! (`said`, `'s`, `in`) and no earlier full mention; organisations
//! without a head noun (`Fatah` unless listed); names inside title-case
//! headlines, where capitals carry no signal and only the knowledge base is
//! used; lower-case heads other than facilities (`Radwan unit`).

use sitrep_core::EntityType;

use super::gazetteer::Gazetteer;
use super::lexicon::{
    FACILITY_HEADS, List, NOT_BEFORE_PERSON, NOUN_ENDINGS, PLACE_PREPOSITIONS, lists_of,
};
use super::pieces::{Piece, PieceKind};
use super::{Candidate, Method};

/// Longest person name a rule takes, in words.
const MAX_NAME_WORDS: usize = 5;

/// The rules, applied to one sentence at a time.
pub(crate) struct Rules<'a> {
    /// Normalised text of the document.
    text: &'a str,
    /// Pieces of the sentence.
    pieces: &'a [Piece],
    /// Knowledge-base names, to tell modifiers (`Gaza hospital`) from names.
    gazetteer: &'a Gazetteer,
    /// The word lists each piece is in ([`lists_of`]; 0 for other pieces
    /// than words).
    lists: Vec<u32>,
    /// Scratch buffer for knowledge-base keys.
    buffer: String,
}

impl<'a> Rules<'a> {
    /// Rules over `pieces` of `text`.
    pub(crate) fn new(text: &'a str, pieces: &'a [Piece], gazetteer: &'a Gazetteer) -> Self {
        let mut buffer = String::new();
        let lists = pieces
            .iter()
            .map(|p| {
                if p.kind == PieceKind::Word {
                    lists_of(p.text(text), &mut buffer)
                } else {
                    0
                }
            })
            .collect();
        Self {
            text,
            pieces,
            gazetteer,
            lists,
            buffer,
        }
    }

    /// Runs every rule, appending candidates (piece indices of the sentence).
    pub(crate) fn find(&mut self, out: &mut Vec<Candidate>) {
        self.titles(out);
        self.given_names(out);
        self.org_heads(out);
        self.facilities(out);
        self.locations(out);
        self.places_after_of(out);
        let found = out.len();
        self.capitalised_runs(out, found);
    }

    /// Whether pieces `start..end` overlap any of the first `found` candidates.
    fn overlaps(out: &[Candidate], found: usize, start: usize, end: usize) -> bool {
        out[..found].iter().any(|c| c.start < end && start < c.end)
    }

    /// Whether the piece before `i` opens a clause the way a sentence start
    /// does (an opening quote, a colon, a bracket), so capitals say nothing.
    fn after_opener(&self, i: usize) -> bool {
        self.opens_sentence(i)
            || (i > 0
                && self.pieces[i - 1].kind == PieceKind::Punct
                && matches!(
                    self.word(i - 1),
                    "\"" | "“" | "‘" | ":" | "(" | "[" | "—" | "–" | ";"
                ))
    }

    /// Lower-cased previous word (before `i`), if `i - 1` is a lower-case word.
    fn previous_lowercase(&self, i: usize) -> Option<&'a str> {
        (i > 0 && self.pieces[i - 1].is_lowercase_word(self.text)).then(|| self.word(i - 1))
    }

    /// Whether an unsignalled run `start..end` reads as a person's name: not
    /// after a determiner (`the Job Description`) or `of` (`Tigers of Tamil
    /// Eelam`), no word with a common-noun ending (`Recruiting`,
    /// `Derivatives`), and not followed by `of`.
    fn plausible_person(&mut self, start: usize, end: usize) -> bool {
        if self
            .previous_lowercase(start)
            .is_some_and(|w| NOT_BEFORE_PERSON.contains(&w))
            || (self.is_word(end) && matches!(self.word(end), "of" | "&"))
            || (self.is_kind(end, PieceKind::Punct) && self.word(end) == "&")
        {
            return false;
        }
        let plural = |word: &str| {
            word.ends_with('s')
                && !word.ends_with("ss")
                && !word.ends_with("us")
                && !word.ends_with("is")
        };
        let noun = |word: &str| {
            NOUN_ENDINGS
                .iter()
                .any(|e| word.len() > e.len() + 2 && word.ends_with(e))
        };
        (start..end)
            .filter(|&k| self.pieces[k].kind == PieceKind::Word)
            .all(|k| !noun(self.word(k)))
            && !plural(self.word(end - 1))
    }

    /// `capitalised_rule`: a run of capitalised name words in mid-sentence
    /// that no other rule or the knowledge base covers, typed from context:
    /// a known given name or a following `said` → PERSON; after `in`, `at`,
    /// `near` … → GPE; two or more words otherwise → PERSON. A single word
    /// without such a cue, and runs opening a sentence without a following
    /// `said`, are left out.
    fn capitalised_runs(&mut self, out: &mut Vec<Candidate>, found: usize) {
        let n = self.pieces.len();
        let mut i = 0;
        while i < n {
            let starts_run = self.is_name_word(i)
                && !(i > 0
                    && (self.is_kind(i - 1, PieceKind::Hyphen)
                        || (self.is_word(i - 1) && !self.pieces[i].space_before)
                        || self.is_name_word(i - 1)
                        || self.pieces[i - 1].is_capitalised(self.text)));
            if !starts_run {
                i += 1;
                continue;
            }
            let Some((end, words)) = self.name_run(i, MAX_NAME_WORDS) else {
                i += 1;
                continue;
            };
            let start = i;
            i = end;
            // A run glued to more capitals (`Smith-Jones`, an acronym next) is unclear.
            if Self::overlaps(out, found, start, end)
                || self.is_kind(end, PieceKind::Hyphen)
                || (end < n && self.pieces[end].is_capitalised(self.text))
                || self.in_list(List::TitleHeads, start)
                || self.in_list(List::TitleModifiers, start)
                || (start..end).any(|k| {
                    self.in_list(List::RunBreakers, k)
                        || (self.pieces[k].is_lowercase_word(self.text)
                            && !self.is_kind(k + 1, PieceKind::Hyphen)
                            && matches!(
                                self.word(k),
                                "at" | "as" | "an" | "ad" | "ar" | "az" | "ash"
                            ))
                })
            {
                continue;
            }
            let next_said = self.is_word(end)
                && self.pieces[end].is_lowercase_word(self.text)
                && self.in_list(List::SpeechVerbs, end);
            let possessive = self.is_kind(end, PieceKind::Possessive);
            let given = self.in_list(List::GivenNames, start);
            let place_cue = self
                .previous_lowercase(start)
                .is_some_and(|w| PLACE_PREPOSITIONS.contains(&w));
            let head = self.ends_in_head(end);
            if self.after_opener(start) && !next_said {
                continue;
            }
            let entity_type = if head {
                continue;
            } else if next_said || (given && words >= 2) {
                EntityType::Person
            } else if place_cue
                && words <= 3
                && self.word(start).chars().count() >= 3
                && !self.is_kind(end, PieceKind::Possessive)
                && !self
                    .word(end.min(n - 1))
                    .starts_with(|c: char| c.is_ascii_digit())
                && !(start..end).any(|k| self.word(k).chars().any(|c| c.is_ascii_digit()))
            {
                EntityType::Gpe
            } else if (words >= 2 || possessive && self.word(start).chars().count() >= 3)
                && words <= 3
                && self.plausible_person(start, end)
            {
                EntityType::Person
            } else {
                continue;
            };
            out.push(Candidate::new(start, end, entity_type, Method::Capitalised));
        }
    }

    fn word(&self, i: usize) -> &'a str {
        self.pieces[i].text(self.text)
    }

    fn is_word(&self, i: usize) -> bool {
        self.pieces
            .get(i)
            .is_some_and(|p| p.kind == PieceKind::Word)
    }

    fn is_kind(&self, i: usize, kind: PieceKind) -> bool {
        self.pieces.get(i).is_some_and(|p| p.kind == kind)
    }

    fn is_period(&self, i: usize) -> bool {
        self.pieces
            .get(i)
            .is_some_and(|p| p.kind == PieceKind::Punct && !p.space_before)
            && self.word(i) == "."
    }

    fn in_list(&self, list: List, i: usize) -> bool {
        self.lists
            .get(i)
            .is_some_and(|&lists| lists & list.bit() != 0)
    }

    fn is_particle(&mut self, i: usize) -> bool {
        self.pieces
            .get(i)
            .is_some_and(|p| p.is_lowercase_word(self.text))
            && self.in_list(List::NameParticles, i)
    }

    /// A capitalised word that can be part of a name: not a function word,
    /// not an all-caps acronym (roman numerals aside).
    fn is_name_word(&mut self, i: usize) -> bool {
        let Some(piece) = self.pieces.get(i) else {
            return false;
        };
        if !piece.is_capitalised(self.text) || self.in_list(List::StopWords, i) {
            return false;
        }
        let word = self.word(i);
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let upper = word.chars().all(char::is_uppercase);
        !(letters >= 2 && upper && !matches!(word, "II" | "III" | "IV"))
    }

    /// End (exclusive) of a name starting at `start`: capitalised words,
    /// inner particles (`bin`, `al-`), hyphenated parts and initials. A name
    /// may start with a particle only when it is hyphenated (`al-Asad`).
    fn name_run(&mut self, start: usize, max_words: usize) -> Option<(usize, usize)> {
        let n = self.pieces.len();
        let mut p = start;
        let mut end = None;
        let mut words = 0;
        while p < n && words < max_words {
            let mut q = p;
            while q < n && self.is_particle(q) {
                q += 1;
                if self.is_kind(q, PieceKind::Hyphen) {
                    q += 1;
                }
            }
            if q > p && p == start && !self.is_kind(start + 1, PieceKind::Hyphen) {
                break;
            }
            if q >= n || !self.is_name_word(q) {
                break;
            }
            if q > start && !self.pieces[q].space_before && !self.is_kind(q - 1, PieceKind::Hyphen)
            {
                break;
            }
            words += 1;
            p = q + 1;
            // An initial: `R.` in `Joseph R. Biden`.
            if self.word(q).chars().count() == 1 && self.is_period(p) {
                p += 1;
            }
            end = Some((p, words));
            if p < n && !self.pieces[p].space_before && !self.is_kind(p, PieceKind::Hyphen) {
                break;
            }
            if self.is_kind(p, PieceKind::Hyphen) {
                if self.is_name_word(p + 1) || self.is_particle(p + 1) {
                    p += 1;
                } else if self.is_syllable(p + 1) {
                    // `Hau Lung-pin`, `Kim Shin-wook`: keep the syllable.
                    p += 2;
                    end = Some((p, words));
                    if p < n && !self.pieces[p].space_before {
                        break;
                    }
                } else {
                    break;
                }
            }
        }
        end
    }

    /// A short lower-case word after a hyphen that continues a name
    /// (`Lung-pin`), not an English suffix word (`Iran-backed`, `US-led`).
    fn is_syllable(&mut self, i: usize) -> bool {
        self.pieces
            .get(i)
            .is_some_and(|p| p.is_lowercase_word(self.text))
            && self.word(i).chars().count() <= 4
            && !self.in_list(List::HyphenSuffixes, i)
            && !self
                .pieces
                .get(i + 1)
                .is_some_and(|p| p.kind == PieceKind::Hyphen)
    }

    /// Start of a name that ends just before piece `head`, walking left over
    /// capitalised words and hyphenated particles; with the number of words.
    fn name_before(&mut self, head: usize) -> (usize, usize) {
        let mut start = head;
        let mut words = 0;
        while start > 0 {
            let previous = start - 1;
            if self.is_kind(previous, PieceKind::Hyphen)
                && previous >= 1
                && (self.pieces[previous - 1].is_capitalised(self.text)
                    || self.is_particle(previous - 1))
            {
                start = previous - 1;
                words += 1;
                continue;
            }
            if !self.pieces[start].space_before {
                break;
            }
            if self.is_name_word(previous) {
                start = previous;
                words += 1;
                continue;
            }
            break;
        }
        // A name does not start with a bare particle (`the al` …).
        while start < head && self.is_particle(start) && !self.is_kind(start + 1, PieceKind::Hyphen)
        {
            start += 1;
            words -= 1;
        }
        (start, words)
    }

    /// Whether the last word of `start..end` is an organisation or landform
    /// head, which makes the span a poor person name.
    fn ends_in_head(&mut self, end: usize) -> bool {
        let last = end - 1;
        self.in_list(List::OrgHeads, last) || self.in_list(List::LocationHeads, last)
    }

    /// Whether a one-word name at `start` opens the sentence (possibly after
    /// an opening quote or bracket), where capitals say nothing.
    fn opens_sentence(&self, start: usize) -> bool {
        self.pieces[..start]
            .iter()
            .all(|p| p.kind == PieceKind::Punct)
    }

    /// `title_rule`: title words (`Prime Minister`, `Gen.`, `former MP`,
    /// `expert`) then a name.
    fn titles(&mut self, out: &mut Vec<Candidate>) {
        let n = self.pieces.len();
        let mut i = 0;
        while i < n {
            let mut j = i;
            let mut has_head = false;
            while j < n {
                if self.in_list(List::TitleHeads, j) {
                    let needs_capital = self.in_list(List::AbbreviatedTitles, j);
                    if needs_capital && !self.pieces[j].is_capitalised(self.text) {
                        break;
                    }
                    has_head = true;
                    j += 1;
                    if self.is_period(j) {
                        j += 1;
                    }
                } else if self.in_list(List::TitleModifiers, j)
                    || (j > i && self.is_kind(j, PieceKind::Hyphen))
                {
                    j += 1;
                } else {
                    break;
                }
            }
            if j == i {
                i += 1;
                continue;
            }
            let mut name = j;
            if has_head && j > i && self.is_word(j - 1) && matches!(self.word(j - 1), "of" | "for")
            {
                // `Minister of Education Stefania Giannini`: the department
                // runs until a given name; without one the name is unclear.
                let department_end = self.name_run(j, MAX_NAME_WORDS).map(|(end, _)| end);
                name = (j..department_end.unwrap_or(j))
                    .skip(1)
                    .find(|&k| self.pieces[k].space_before && self.in_list(List::GivenNames, k))
                    .unwrap_or(n);
            }
            if has_head && name < n && self.pieces[name].space_before {
                if let Some((end, _)) = self.name_run(name, MAX_NAME_WORDS) {
                    if !self.ends_in_head(end) {
                        out.push(Candidate::new(name, end, EntityType::Person, Method::Title));
                    }
                }
            }
            i = j;
        }
    }

    /// `given_name_rule`: a known given name followed by more name words.
    fn given_names(&mut self, out: &mut Vec<Candidate>) {
        for i in 0..self.pieces.len() {
            if !self.in_list(List::GivenNames, i) || !self.is_name_word(i) {
                continue;
            }
            // Not in the middle of a longer capitalised run.
            if i > 0 && self.is_name_word(i - 1) && self.pieces[i].space_before {
                continue;
            }
            if let Some((end, words)) = self.name_run(i, MAX_NAME_WORDS) {
                // A lone given name (`Emma is fine`) is a person too,
                // unless a capitalised word is glued on (`John's`, `Ali-based`).
                let lone = words == 1
                    && !self.is_kind(end, PieceKind::Hyphen)
                    && !(end < self.pieces.len() && self.pieces[end].is_capitalised(self.text));
                if (words >= 2 || lone) && !self.ends_in_head(end) {
                    out.push(Candidate::new(
                        i,
                        end,
                        EntityType::Person,
                        Method::GivenName,
                    ));
                }
            }
        }
    }

    /// `org_head_rule`: capitalised words ending in an organisation head
    /// (`Popular Mobilization Forces`), optionally followed by `of` and a name
    /// (`Ministry of Foreign Affairs`).
    fn org_heads(&mut self, out: &mut Vec<Candidate>) {
        for head in 0..self.pieces.len() {
            if !self.pieces[head].is_capitalised(self.text) || !self.in_list(List::OrgHeads, head) {
                continue;
            }
            let (start, left_words) = self.name_before(head);
            let end = self.org_tail(head + 1).unwrap_or(head + 1);
            if left_words == 0 && end == head + 1 {
                continue;
            }
            if left_words == 1 && end == head + 1 && self.opens_sentence(start) {
                continue;
            }
            out.push(Candidate::new(
                start,
                end,
                EntityType::Organisation,
                Method::OrgHead,
            ));
        }
    }

    /// End of an organisation name's tail after its head: `of`/`for` then
    /// capitalised words joined by `of`, `for`, `and`, `the` (`Council for
    /// the Welfare of Immigrants`), at most six words, stopping before a
    /// given name (`University of Texas Arlington Amneh Jafari`).
    fn org_tail(&mut self, after_head: usize) -> Option<usize> {
        let n = self.pieces.len();
        if !(self.is_word(after_head) && matches!(self.word(after_head), "of" | "for")) {
            return None;
        }
        let mut p = after_head + 1;
        let mut end = None;
        let mut words = 0;
        while p < n && words < 6 {
            if self.pieces[p].is_lowercase_word(self.text) && self.in_list(List::OrgConnectors, p) {
                p += 1;
                continue;
            }
            if words > 0 && self.in_list(List::GivenNames, p) && self.is_name_word(p + 1) {
                break;
            }
            let Some((run_end, run_words)) = self.name_run(p, 1) else {
                break;
            };
            words += run_words;
            p = run_end;
            end = Some(p);
        }
        end
    }

    /// `facility_rule`: a name then a facility noun (`al-Asad air base`).
    fn facilities(&mut self, out: &mut Vec<Candidate>) {
        for head in 1..self.pieces.len() {
            if !self.pieces[head].space_before || !self.is_word(head) {
                continue;
            }
            let Some(length) = self.facility_head_at(head) else {
                continue;
            };
            let (start, words) = self.name_before(head);
            if words == 0 {
                continue;
            }
            let capital_head = self.pieces[head].is_capitalised(self.text);
            let known =
                self.gazetteer
                    .type_of_span(self.text, self.pieces, start, head, &mut self.buffer);
            let modifier = matches!(
                known,
                Some(
                    EntityType::Gpe
                        | EntityType::Norp
                        | EntityType::Organisation
                        | EntityType::Person
                )
            );
            if modifier && !capital_head {
                continue;
            }
            if words == 1 && known.is_none() && self.opens_sentence(start) {
                continue;
            }
            let mut candidate =
                Candidate::new(start, head + length, EntityType::Facility, Method::Facility);
            candidate.name_end = head;
            out.push(candidate);
        }
    }

    /// Number of pieces of the facility head starting at `head`, if any.
    fn facility_head_at(&mut self, head: usize) -> Option<usize> {
        if !self.in_list(List::FacilityFirstWords, head) {
            return None;
        }
        let mut best = None;
        for words in FACILITY_HEADS.iter() {
            let fits = words.iter().enumerate().all(|(k, w)| {
                let i = head + k;
                self.is_word(i)
                    && (k == 0 || self.pieces[i].space_before)
                    && self.word(i).eq_ignore_ascii_case(w)
            });
            if fits && best.is_none_or(|b| words.len() > b) {
                best = Some(words.len());
            }
        }
        best
    }

    /// `location_rule` and `admin_rule`: landform heads (`Bekaa Valley`,
    /// `Mount Hermon`, `Gulf of Aden`) and administrative units.
    fn locations(&mut self, out: &mut Vec<Candidate>) {
        for head in 0..self.pieces.len() {
            if !self.is_word(head) {
                continue;
            }
            let capital_head = self.pieces[head].is_capitalised(self.text);
            if capital_head && self.in_list(List::LocationHeads, head) {
                let (start, words) = self.name_before(head);
                if words > 0 && !(words == 1 && self.opens_sentence(start)) {
                    out.push(Candidate::new(
                        start,
                        head + 1,
                        EntityType::Location,
                        Method::Location,
                    ));
                }
                // `Mount Hermon`, `Gulf of Aden`.
                let mut k = head + 1;
                if self.is_word(k) && self.word(k) == "of" {
                    k += 1;
                }
                if k < self.pieces.len() && self.pieces[k].space_before {
                    if let Some((end, _)) = self.name_run(k, 3) {
                        if k > head + 1 || self.word(head) == "Mount" {
                            out.push(Candidate::new(
                                head,
                                end,
                                EntityType::Location,
                                Method::Location,
                            ));
                        }
                    }
                }
            } else if self.in_list(List::AdminHeads, head) && self.pieces[head].space_before {
                let (start, words) = self.name_before(head);
                if words == 0 || (words == 1 && self.opens_sentence(start)) {
                    continue;
                }
                let end = if capital_head { head + 1 } else { head };
                out.push(Candidate::new(start, end, EntityType::Gpe, Method::Admin));
            }
        }
    }

    /// `place_of_rule`: `city of X`, `village of X`, `province of X` → X.
    fn places_after_of(&mut self, out: &mut Vec<Candidate>) {
        for i in 0..self.pieces.len() {
            if !self.pieces[i].is_lowercase_word(self.text) || !self.in_list(List::PlaceOfNouns, i)
            {
                continue;
            }
            if !(self.is_word(i + 1) && self.word(i + 1) == "of") {
                continue;
            }
            let start = i + 2;
            if start >= self.pieces.len() {
                continue;
            }
            if let Some((end, _)) = self.name_run(start, 3) {
                let known = self.gazetteer.type_of_span(
                    self.text,
                    self.pieces,
                    start,
                    end,
                    &mut self.buffer,
                );
                if matches!(known, None | Some(EntityType::Gpe)) {
                    out.push(Candidate::new(start, end, EntityType::Gpe, Method::PlaceOf));
                }
            }
        }
    }
}
