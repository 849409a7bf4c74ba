//! Line classifiers for page furniture in scraped text dumps.
//!
//! Each function looks at one trimmed line:
//!
//! - [`is_logo`]: a lone 1–3 letter all-caps line, logo alt-text such as `TT`.
//! - [`is_separator`]: a rule of `-`, `=`, `_`, `*`, `~` or `#` (`-----`, `* * *`).
//! - [`caption_credit`]: a photo caption ending in a parenthesised credit,
//!   `… in eastern Syria. (Department of Defense via AP)` → caption text and
//!   credit `Department of Defense via AP`.
//! - [`is_headline_like`]: short, capitalised, not ending like a sentence
//!   (`Has Iran Abandoned Hezbollah …?` yes; `He said so.` no).
//! - [`metadata`]: a `Source:` / `Outlet:` / `URL:` / `Published:` header line.
//!
//! Known misses: captions without a credit are only recognised when repeated
//! (the text-dump splitter handles that); a headline ending in an abbreviation
//! (`… the U.S.`) does not look like a headline.

use std::sync::LazyLock;

/// A lone logo line: one to three letters, all upper case (`TT`, `AP`, `X`).
pub(crate) fn is_logo(line: &str) -> bool {
    let count = line.chars().count();
    (1..=3).contains(&count) && line.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
}

/// A separator rule between articles or sections: at least three of `-=_*~#`
/// and nothing else but spaces.
pub(crate) fn is_separator(line: &str) -> bool {
    let mut symbols = 0;
    for c in line.chars() {
        match c {
            '-' | '=' | '_' | '*' | '~' | '#' | '—' | '–' => symbols += 1,
            ' ' => {}
            _ => return false,
        }
    }
    symbols >= 3
}

/// Credits that mark a caption even inside the body.
static KNOWN_CREDITS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    sitrep_core::lexicon::cased_word_list(
        "data/lexicons/ingest/photo_credits.tsv",
        include_str!("../../../data/lexicons/ingest/photo_credits.tsv"),
    )
});

/// Words inside a credit that mark it as a photo credit.
const CREDIT_MARKERS: &[&str] = &[
    " via ", "Photo", "photo", "Getty", "Images", "/", "Handout", "handout", "Courtesy",
    "courtesy", "Pool", "File", "file",
];

/// Splits a caption ending in a parenthesised credit into (caption, credit).
///
/// A credit has no digits (so `(4.32)` and wire codes like `(NRAV 0513)` are
/// not credits) and at most eight words; a caption has 2 to 80 words. `strict` (for lines inside the body)
/// wants a known agency or credit word (`via`, `Photo`, `Getty`, `/`…) and a
/// caption ending like a sentence; otherwise (for the preamble) a known
/// credit, or any capitalised credit after a caption ending like a sentence.
pub(crate) fn caption_credit(line: &str, strict: bool) -> Option<(&str, &str)> {
    let inner_end = line.strip_suffix(')')?;
    let open = inner_end.rfind('(')?;
    let credit = inner_end[open + 1..].trim();
    let caption = inner_end[..open].trim();
    if !(2..=80).contains(&caption.split_whitespace().count())
        || credit.is_empty()
        || credit.len() > 80
    {
        return None;
    }
    let words = credit.split_whitespace().count();
    if words > 8
        || credit.contains(['(', ')'])
        || credit.ends_with(['.', ',', ';', ':'])
        || credit.bytes().any(|b| b.is_ascii_digit())
    {
        return None;
    }
    let known = KNOWN_CREDITS.contains(&credit)
        || CREDIT_MARKERS.iter().any(|marker| credit.contains(marker));
    // Unknown single all-caps words are wire codes (`CKLB`) more often than agencies.
    let code_like = words == 1 && credit.chars().all(|c| c.is_ascii_uppercase());
    let capitalised = credit.chars().next().is_some_and(char::is_uppercase) && !code_like;
    let sentence = caption
        .trim_end_matches(['"', '”', '’', '\''])
        .ends_with(['.', '!', '?']);
    let accepted = if strict {
        known && sentence
    } else {
        known || (capitalised && sentence)
    };
    accepted.then_some((caption, credit))
}

/// Short, capitalised, and not ending like a sentence or a clause.
pub(crate) fn is_headline_like(line: &str) -> bool {
    if line.len() > 300 || is_logo(line) || is_separator(line) {
        return false;
    }
    let words = line.split_whitespace().count();
    if words == 0 || words > 30 {
        return false;
    }
    let first_ok = line
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'".contains(c));
    let last = line
        .trim_end_matches(['"', '”', '’', '\'', ')', ']'])
        .chars()
        .next_back();
    let sentence_end = last.is_none_or(|c| matches!(c, '.' | ',' | ';' | ':'));
    first_ok && !sentence_end && caption_credit(line, true).is_none()
}

/// A header line giving metadata: `Source: Reuters`, `URL: https://…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Metadata<'a> {
    /// `Source:`, `Outlet:` or `Publisher:` — the outlet name.
    Outlet(&'a str),
    /// `URL:` or `Link:`.
    Url(&'a str),
    /// `Published:` or `Date:`.
    Published(&'a str),
}

/// Parses a metadata header line (key case-insensitive, value non-empty, short).
pub(crate) fn metadata(line: &str) -> Option<Metadata<'_>> {
    let (key, value) = line.split_once(':')?;
    let value = value.trim();
    if value.is_empty() || value.len() > 200 || key.len() > 12 {
        return None;
    }
    match key.trim().to_ascii_lowercase().as_str() {
        "source" | "outlet" | "publisher" => Some(Metadata::Outlet(value)),
        "url" | "link" if value.starts_with("http://") || value.starts_with("https://") => {
            Some(Metadata::Url(value))
        }
        "published" | "date" | "dateline" => Some(Metadata::Published(value)),
        _ => None,
    }
}

/// Host of an `http(s)` URL, lower-cased, without `www.` and port.
pub(crate) fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").map_or(host.as_str(), |h| h);
    (!host.is_empty() && host.contains('.')).then(|| host.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logos_and_separators() {
        assert!(is_logo("TT"));
        assert!(!is_logo("Tt") && !is_logo("IRGC") && !is_logo(""));
        assert!(is_separator("-----") && is_separator("* * *"));
        assert!(!is_separator("--") && !is_separator("-- a --"));
    }

    #[test]
    fn captions_split_off_their_credit() {
        let line = "A Nov. 8, 2023, airstrike in eastern Syria. (Department of Defense via AP)";
        assert_eq!(
            caption_credit(line, true),
            Some((
                "A Nov. 8, 2023, airstrike in eastern Syria.",
                "Department of Defense via AP"
            ))
        );
        assert_eq!(
            caption_credit("People flee Sidon, Lebanon. (AP)", true),
            Some(("People flee Sidon, Lebanon.", "AP"))
        );
        // Lenient only: an unknown but plausible credit in the preamble.
        assert_eq!(
            caption_credit("Ministers meet in Riyadh. (Saudi Press)", true),
            None
        );
        assert!(caption_credit("Ministers meet in Riyadh. (Saudi Press)", false).is_some());
        // A sentence that merely ends with an abbreviation in parentheses.
        assert_eq!(
            caption_credit("It was struck by the Revolutionary Guard (IRGC)", true),
            None
        );
        assert_eq!(caption_credit("(AP)", false), None);
        // Wire codes, numbers in brackets, names with their show.
        assert_eq!(
            caption_credit("TOKYO - The yen rose, dealers said. (NRAV 0513)", false),
            None
        );
        assert_eq!(
            caption_credit(
                "LONDON - Dry cargo futures fell, dealers said. (OFLB)",
                false
            ),
            None
        );
        assert_eq!(
            caption_credit("Average CD rates all banks 4.27 pct (4.32)", false),
            None
        );
        assert_eq!(
            caption_credit("Caroline Quentin (Life Begins/ Von Trapped, ITV1)", true),
            None
        );
        assert_eq!(
            caption_credit("the growing sector of Internet Telephony (Voip)", false),
            None
        );
        assert_eq!(
            caption_credit("Smoke rises over Beirut (AFP)", false),
            Some(("Smoke rises over Beirut", "AFP"))
        );
    }

    #[test]
    fn headline_shapes() {
        assert!(is_headline_like(
            "Has Iran Abandoned Hezbollah in its Fight against Israel in Lebanon?"
        ));
        assert!(is_headline_like("Ad sales boost Time Warner profit"));
        assert!(is_headline_like("ATTACKS — WHEN, WHERE, WHY"));
        assert!(!is_headline_like(
            "A look at the attacks and the US response:"
        ));
        assert!(!is_headline_like(
            "“It must apply the constitution,” he remarked."
        ));
        assert!(!is_headline_like("lower-case start"));
        assert!(!is_headline_like("TT"));
    }

    #[test]
    fn metadata_lines_and_hosts() {
        assert_eq!(
            metadata("Source: Asharq Al-Awsat"),
            Some(Metadata::Outlet("Asharq Al-Awsat"))
        );
        assert_eq!(
            metadata("URL: https://x.org/a"),
            Some(Metadata::Url("https://x.org/a"))
        );
        assert_eq!(metadata("Soaid: Hezbollah is abandoned to its fate"), None);
        assert_eq!(
            url_host("https://www.aawsat.com/english/5064"),
            Some("aawsat.com".into())
        );
        assert_eq!(
            url_host("http://user@News.Example.org:8080/x?y"),
            Some("news.example.org".into())
        );
        assert_eq!(url_host("not a url"), None);
    }
}
