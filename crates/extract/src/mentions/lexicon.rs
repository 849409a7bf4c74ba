//! Closed word lists the mention rules consult: titles, name particles, head
//! nouns of organisation, facility and location names, given names and the
//! capitalised function words that never start or continue a name.
//!
//! All lists are lower case; lookups lower-case the word first. They are kept
//! general (no article-specific names): a name that only these rules would
//! find belongs in `data/kb/actors.tsv` instead.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Builds a set from a word list (done once per list).
fn set(words: &'static [&'static str]) -> HashSet<&'static str> {
    words.iter().copied().collect()
}

/// Title heads: a title sequence must contain one (`Prime Minister`, `Gen.`,
/// `expert`). Matched in any case except [`ABBREVIATED_TITLES`].
pub(crate) static TITLE_HEADS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "president",
        "minister",
        "premier",
        "secretary",
        "secretary-general",
        "chancellor",
        "leader",
        "king",
        "queen",
        "prince",
        "princess",
        "emir",
        "sultan",
        "sheikh",
        "shaikh",
        "sayyed",
        "sayyid",
        "ayatollah",
        "imam",
        "cleric",
        "pope",
        "rabbi",
        "patriarch",
        "cardinal",
        "bishop",
        "general",
        "lieutenant",
        "colonel",
        "major",
        "captain",
        "brigadier",
        "admiral",
        "sergeant",
        "commander",
        "marshal",
        "senator",
        "congressman",
        "congresswoman",
        "representative",
        "governor",
        "mayor",
        "judge",
        "justice",
        "ambassador",
        "envoy",
        "speaker",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "mp",
        "lawmaker",
        "deputy",
        "expert",
        "analyst",
        "researcher",
        "professor",
        "journalist",
        "correspondent",
        "activist",
        "director",
        "chairman",
        "chairwoman",
        "founder",
        "negotiator",
        "diplomat",
        "official",
        "chief",
        "head",
        "coordinator",
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "brig",
        "adm",
        "sgt",
        "sen",
        "rep",
        "gov",
        "prof",
        "cmdr",
    ])
});

/// Titles written as abbreviations or honorifics, only titles when capitalised
/// (`Gen. Soleimani`, `Mr Smith`); `gen` or `rep` in lower case are not.
pub(crate) static ABBREVIATED_TITLES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "brig", "adm", "sgt", "sen",
        "rep", "gov", "prof", "cmdr", "mp", "major", "justice", "head", "chief", "speaker",
        "general",
    ])
});

/// Words that may precede or join title heads (`Prime`, `Foreign`, `former`,
/// `of` in `Secretary of State`).
pub(crate) static TITLE_MODIFIERS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "prime",
        "vice",
        "deputy",
        "foreign",
        "defense",
        "defence",
        "interior",
        "finance",
        "economy",
        "health",
        "justice",
        "energy",
        "oil",
        "state",
        "former",
        "late",
        "supreme",
        "grand",
        "crown",
        "senior",
        "top",
        "acting",
        "interim",
        "assistant",
        "chief",
        "army",
        "military",
        "general",
        "of",
        "us",
        "un",
        "national",
        "security",
        "political",
        "geopolitical",
        "regional",
        "elected",
        "newly",
        "opposition",
        "party",
        "movement",
        "staff",
        "joint",
        "white",
        "house",
        "press",
        "retired",
        "then",
    ])
});

/// Lower-case particles inside names (`al-Sudani`, `bin Salman`, `von der Leyen`).
pub(crate) static NAME_PARTICLES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "al", "el", "ad", "ash", "as", "at", "az", "ar", "an", "bin", "ibn", "bint", "abu", "abd",
        "de", "del", "della", "der", "den", "van", "von", "la", "le", "da", "di", "du", "dos",
        "das", "ul", "bou", "ben",
    ])
});

/// Capitalised words that never start or continue a name: function words,
/// pronouns, weekdays and months (`The`, `Its`, `Monday`).
pub(crate) static STOP_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "the", "a", "an", "and", "or", "but", "nor", "of", "for", "in", "on", "at", "to", "by",
        "with", "from", "as", "into", "onto", "over", "under", "about", "against", "between",
        "through", "during", "without", "within", "among", "amid", "across", "after", "before",
        "since", "until", "while", "when", "where", "why", "how", "what", "who", "whom", "whose",
        "which", "that", "this", "these", "those", "there", "here", "then", "than", "if",
        "though", "although", "because", "so", "yet", "also", "still", "even", "just", "only",
        "not", "no", "yes", "all", "any", "some", "many", "most", "more", "much", "few", "each",
        "every", "both", "either", "neither", "other", "another", "such", "same", "his", "her",
        "hers", "its", "their", "theirs", "our", "ours", "my", "mine", "your", "yours", "he",
        "she", "it", "they", "we", "i", "you", "him", "them", "us", "me", "is", "was", "were",
        "are", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will",
        "would", "can", "could", "should", "shall", "may", "might", "must", "said", "says",
        "according", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "january", "february", "march", "april", "june", "july", "august",
        "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "today", "yesterday", "tomorrow",
        "last", "next", "new", "first", "second", "third", "one", "two", "three", "several",
        "unfortunately", "however", "meanwhile", "moreover", "furthermore", "instead",
        "people", "officials", "critics", "image", "photo", "file",
    ])
});

/// Capitalised head nouns that end an organisation name (`… Forces`,
/// `… Ministry`, `… Gathering`).
pub(crate) static ORG_HEADS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "brigades",
        "brigade",
        "battalion",
        "battalions",
        "regiment",
        "division",
        "forces",
        "force",
        "corps",
        "guard",
        "guards",
        "army",
        "navy",
        "command",
        "militia",
        "movement",
        "party",
        "front",
        "bloc",
        "coalition",
        "alliance",
        "league",
        "gathering",
        "group",
        "organization",
        "organisation",
        "ministry",
        "council",
        "committee",
        "commission",
        "administration",
        "agency",
        "authority",
        "assembly",
        "parliament",
        "cabinet",
        "court",
        "tribunal",
        "office",
        "department",
        "directorate",
        "bureau",
        "service",
        "services",
        "police",
        "university",
        "college",
        "academy",
        "institute",
        "institution",
        "foundation",
        "association",
        "society",
        "union",
        "federation",
        "network",
        "center",
        "centre",
        "bank",
        "fund",
        "company",
        "corporation",
        "inc",
        "ltd",
        "airlines",
        "airways",
        "government",
        "news",
        "times",
        "post",
        "journal",
        "herald",
        "tribune",
        "gazette",
        "church",
        "club",
        "team",
    ])
});

/// Facility heads, matched in any case after a name (`al-Asad air base`,
/// `Rafah crossing`). Multi-word heads are listed word by word in order.
pub(crate) const FACILITY_HEADS: &[&[&str]] = &[
    &["air", "base"],
    &["airbase"],
    &["military", "base"],
    &["naval", "base"],
    &["base"],
    &["airport"],
    &["international", "airport"],
    &["garrison"],
    &["hospital"],
    &["medical", "center"],
    &["medical", "centre"],
    &["refugee", "camp"],
    &["camp"],
    &["prison"],
    &["port"],
    &["harbor"],
    &["harbour"],
    &["bridge"],
    &["mosque"],
    &["dam"],
    &["border", "crossing"],
    &["crossing"],
    &["refinery"],
    &["power", "plant"],
    &["power", "station"],
    &["nuclear", "facility"],
    &["nuclear", "plant"],
    &["stadium"],
    &["square"],
    &["palace"],
    &["checkpoint"],
    &["street"],
    &["highway"],
    &["embassy"],
    &["consulate"],
];

/// Capitalised heads of natural-location names (`Bekaa Valley`, `Red Sea`).
pub(crate) static LOCATION_HEADS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "valley",
        "mountains",
        "mountain",
        "mount",
        "hills",
        "heights",
        "river",
        "sea",
        "gulf",
        "desert",
        "strait",
        "straits",
        "peninsula",
        "plain",
        "plains",
        "plateau",
        "lake",
        "bay",
        "island",
        "islands",
        "coast",
        "basin",
        "canal",
        "ocean",
        "region",
    ])
});

/// Administrative units whose name precedes them (`Bulbul district`,
/// `Anbar province`): the name alone is tagged GPE.
pub(crate) static ADMIN_HEADS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "district",
        "province",
        "governorate",
        "county",
        "municipality",
        "prefecture",
    ])
});

/// Nouns introducing a place name with `of` (`the port city of Sidon`).
pub(crate) static PLACE_OF_NOUNS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "city",
        "town",
        "village",
        "villages",
        "province",
        "district",
        "governorate",
        "capital",
        "neighborhood",
        "neighbourhood",
        "suburb",
        "region",
        "state",
        "island",
        "port",
        "county",
    ])
});

/// Common given names (English, Arabic, Persian, Hebrew, Turkish and other
/// names frequent in news). A given name followed by capitalised words is a
/// person. Names that are also ordinary words or places (`Jordan`, `May`,
/// `Will`) are left out.
pub(crate) static GIVEN_NAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        // Arabic, Persian, Turkish, Kurdish
        "abbas", "abdel", "abdul", "abdullah", "abdallah", "abdulaziz", "abdulrahman", "adel",
        "ahmad", "ahmed", "akram", "ali", "amin", "amir", "amr", "anwar", "ashraf", "ayman",
        "bashar", "bashir", "bassam", "fadi", "fadl", "faisal", "fares", "farouk", "fawaz",
        "fouad", "fuad", "gamal", "ghassan", "habib", "hadi", "hafez", "haider", "hakan",
        "hamad", "hamid", "hamza", "hani", "hasan", "hassan", "hatem", "hazem", "hisham",
        "hossein", "hussein", "ibrahim", "imad", "ismail", "jamal", "jawad", "kamal", "karim",
        "khaled", "khalid", "khalil", "mahdi", "mahmoud", "majid", "marwan", "masoud",
        "mehdi", "mohamed", "mohammad", "mohammed", "muhammad", "mostafa", "mustafa", "nabil",
        "naim", "nasser", "nawaf", "nizar", "omar", "osama", "qassem", "qasem", "rafik",
        "rami", "reza", "saad", "saeed", "salah", "saleh", "salim", "sami", "samir",
        "tarek", "tariq", "walid", "wael", "yahya", "yasser", "yousef", "youssef", "yusuf",
        "zaid", "ziad", "ziyad", "fatima", "fatma", "leila", "layla", "mariam", "maryam",
        "nadia", "rania", "reem", "huda", "hiba", "zeinab", "mehmet", "mustafa", "recep",
        "ahmet", "emre", "murat", "ozan",
        // Hebrew
        "avi", "benjamin", "benny", "yoav", "yair", "yitzhak", "ehud", "moshe", "shimon",
        "itamar", "bezalel", "naftali", "gadi", "eyal", "herzi", "yossi", "amos", "gideon",
        "yael", "noa", "tamar", "shira",
        // English and European
        "adam", "alan", "alex", "alexander", "andrew", "angela", "anna", "anne", "anthony",
        "antony", "barack", "barbara", "ben", "boris", "brian", "carlos", "catherine",
        "charles", "chris", "christopher", "chuck", "daniel", "david", "dean", "donald",
        "edward", "elizabeth", "emily", "emma", "emmanuel", "eric", "francesca", "francis",
        "frank", "gary", "george", "hans", "helen", "henry", "hillary", "ian", "jack", "jake",
        "james", "jane", "jason", "jean", "jeff", "jeffrey", "jennifer", "jens", "jessica",
        "jim", "joe", "john", "jonathan", "joseph", "josep", "julia", "karen", "kate", "keir",
        "kevin", "kamala", "laura", "linda", "lisa", "lloyd", "maria", "marie", "marco",
        "mark", "martin", "mary", "matthew", "michael", "michel", "mike", "nancy", "nicholas",
        "nick", "olaf", "patrick", "paul", "peter", "philip", "philippe", "pierre", "rachel",
        "rafael", "richard", "rishi", "robert", "ron", "ronald", "sarah", "scott", "sergei",
        "sergey", "stephen", "steve", "steven", "susan", "thomas", "tim", "timothy", "tom",
        "tony", "ursula", "vladimir", "volodymyr", "william", "dmitry", "dmytro", "giorgia",
        "pedro", "antonio", "jose", "juan", "luis", "xi", "kim", "li", "wang", "narendra",
    ])
});

/// Lower-case connectors inside an organisation name's tail (`Council for
/// the Welfare of Immigrants`).
pub(crate) static ORG_CONNECTORS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| set(&["of", "for", "and", "the", "on"]));

/// Lower-case words after a hyphen that make an adjective, not a name part
/// (`Iran-backed`, `US-led`).
pub(crate) static HYPHEN_SUFFIXES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "led", "run", "born", "made", "held", "type", "like", "era", "old", "wide", "free",
        "bred", "only", "area", "zone", "base", "side", "day", "year", "time", "war",
    ])
});

/// Whether `word` (any case) is in `list`, lower-casing into `buffer`.
pub(crate) fn contains(list: &HashSet<&'static str>, word: &str, buffer: &mut String) -> bool {
    buffer.clear();
    buffer.extend(word.chars().flat_map(char::to_lowercase));
    list.contains(buffer.as_str())
}
