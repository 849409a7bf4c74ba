//! Decoding: raw bytes to text, or the reason the bytes are not article text.
//!
//! Order of checks, each of which may refuse the file with a reason:
//!
//! 1. `empty`: no bytes at all.
//! 2. Byte-order marks: UTF-8 (stripped; stray bytes patched line by line as
//!    in 4), UTF-16LE and UTF-16BE decoded strictly (a broken sequence is
//!    `undecodable`).
//! 3. `binary`: known document/image/archive signatures (`%PDF`, PNG, ZIP, …)
//!    or NUL bytes.
//! 4. Strict UTF-8. Otherwise, when some line holds valid multi-byte UTF-8,
//!    the file is UTF-8 with stray bytes: it is decoded line by line, valid
//!    lines kept, the bad bytes of a bad line replaced by U+FFFD and the line
//!    named in a warning (one stray byte never re-decodes the whole file as
//!    windows-1252). Otherwise the legacy encoding guessed by `chardetng`,
//!    decoded by `encoding_rs` without replacement characters (`undecodable`
//!    when that fails).
//! 5. After decoding: `empty` when only whitespace remains, `binary` when more
//!    than 5 % of the characters are control characters.
//!
//! ```text
//! b"Caf\xe9 owners protest" → "Café owners protest", encoding windows-1252
//! ```
//!
//! Known misses: a short legacy-encoded text can be guessed as the wrong
//! single-byte encoding (the result is still text, and a warning says which
//! encoding was guessed); UTF-32 is reported as binary.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// Text decoded from a file, with the name of the encoding used.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The decoded text (BOM removed).
    pub(crate) text: String,
    /// Encoding name as `encoding_rs` spells it (`UTF-8`, `UTF-16LE`, `windows-1252`).
    pub(crate) encoding: &'static str,
    /// Notes for the user: the encoding was guessed, or lines held bytes
    /// that are not UTF-8 (each named by file and line).
    pub(crate) warnings: Vec<String>,
}

/// Why a file was refused: machine reason plus a message naming the file.
#[derive(Debug)]
pub(crate) struct Refusal {
    /// One of the `rejected.reason` values.
    pub(crate) reason: &'static str,
    /// Explanation for the user, naming the file and what to do.
    pub(crate) detail: String,
}

impl Refusal {
    pub(crate) fn new(reason: &'static str, detail: String) -> Self {
        Self { reason, detail }
    }
}

/// File signatures of common non-text formats: (prefix, what it is, what to do).
const SIGNATURES: &[(&[u8], &str, &str)] = &[
    (
        b"%PDF-",
        "a PDF document",
        "extract its text (e.g. with pdftotext) first",
    ),
    (
        b"PK\x03\x04",
        "a ZIP archive (or a .docx/.xlsx/.epub)",
        "unpack it or export the article text first",
    ),
    (b"\x89PNG", "a PNG image", "remove it from the input"),
    (b"\xff\xd8\xff", "a JPEG image", "remove it from the input"),
    (b"GIF8", "a GIF image", "remove it from the input"),
    (b"\x1f\x8b", "gzip-compressed data", "decompress it first"),
    (
        b"{\\rtf",
        "an RTF document",
        "export it as plain text first",
    ),
];

/// Decodes `bytes`, or says why they cannot be article text.
pub(crate) fn decode(source_path: &str, bytes: &[u8]) -> Result<Decoded, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::new(
            "empty",
            format!(
                "{source_path}: the file is empty (0 bytes); remove it or fill it with article text"
            ),
        ));
    }
    let decoded = if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        match std::str::from_utf8(rest) {
            Ok(text) => Decoded {
                text: text.to_owned(),
                encoding: "UTF-8",
                warnings: Vec::new(),
            },
            // The mark says UTF-8: only the lines with bad bytes are patched.
            Err(_) => decode_utf8_by_line(source_path, rest),
        }
    } else if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        decode_strict(source_path, rest, UTF_16LE, "a UTF-16LE byte-order mark")?
    } else if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        decode_strict(source_path, rest, UTF_16BE, "a UTF-16BE byte-order mark")?
    } else {
        check_binary_bytes(source_path, bytes)?;
        match std::str::from_utf8(bytes) {
            Ok(text) => Decoded {
                text: text.to_owned(),
                encoding: "UTF-8",
                warnings: Vec::new(),
            },
            Err(_) if has_utf8_multibyte(bytes) => decode_utf8_by_line(source_path, bytes),
            Err(_) => decode_legacy(source_path, bytes)?,
        }
    };
    check_decoded(source_path, &decoded.text)?;
    Ok(decoded)
}

fn decode_strict(
    source_path: &str,
    bytes: &[u8],
    encoding: &'static Encoding,
    what: &str,
) -> Result<Decoded, Refusal> {
    match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok(Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            warnings: Vec::new(),
        }),
        None => Err(Refusal::new(
            "undecodable",
            format!(
                "{source_path}: starts with {what} but the rest is not valid {}; \
                 re-save the file as UTF-8",
                encoding.name()
            ),
        )),
    }
}

fn decode_legacy(source_path: &str, bytes: &[u8]) -> Result<Decoded, Refusal> {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, false);
    match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok(Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            warnings: vec![format!(
                "{source_path}: not valid UTF-8; decoded as {} (detected); \
                 re-save the file as UTF-8 if the text looks wrong",
                encoding.name()
            )],
        }),
        None => Err(Refusal::new(
            "undecodable",
            format!(
                "{source_path}: not valid UTF-8, and the detected encoding {} cannot decode it \
                 either; re-save the file as UTF-8",
                encoding.name()
            ),
        )),
    }
}

/// Whether some line of `bytes` is valid UTF-8 with a multi-byte character:
/// then the file is UTF-8, and bytes that are not are strays, not a legacy
/// encoding.
fn has_utf8_multibyte(bytes: &[u8]) -> bool {
    bytes
        .split(|&b| b == b'\n')
        .any(|line| !line.is_ascii() && std::str::from_utf8(line).is_ok())
}

/// Lines with bad bytes named in warnings, at most this many per file.
const MAX_LINE_WARNINGS: usize = 10;

/// Decodes UTF-8 line by line: valid lines as they are, each byte of an
/// invalid sequence replaced by U+FFFD (`�`) with a warning naming the file
/// and line, so one stray byte spoils one line, not the whole file.
fn decode_utf8_by_line(source_path: &str, bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut warnings = Vec::new();
    let mut bad_lines = 0usize;
    for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if index > 0 {
            text.push('\n');
        }
        match std::str::from_utf8(line) {
            Ok(valid) => text.push_str(valid),
            Err(error) => {
                bad_lines += 1;
                if bad_lines <= MAX_LINE_WARNINGS {
                    let column = error.valid_up_to() + 1;
                    warnings.push(format!(
                        "{source_path} line {}: byte 0x{:02x} at byte {column} of the line is not \
                         valid UTF-8; the bad bytes were replaced with U+FFFD, the rest of the file \
                         is read as UTF-8 (fix the line or re-save the file as UTF-8)",
                        index + 1,
                        line[error.valid_up_to()],
                    ));
                }
                text.push_str(&String::from_utf8_lossy(line));
            }
        }
    }
    if bad_lines > MAX_LINE_WARNINGS {
        warnings.push(format!(
            "{source_path}: {} more lines with bytes that are not valid UTF-8 were patched the same way",
            bad_lines - MAX_LINE_WARNINGS
        ));
    }
    Decoded {
        text,
        encoding: "UTF-8",
        warnings,
    }
}

fn check_binary_bytes(source_path: &str, bytes: &[u8]) -> Result<(), Refusal> {
    for (prefix, what, action) in SIGNATURES {
        if bytes.starts_with(prefix) {
            return Err(Refusal::new(
                "binary",
                format!("{source_path}: looks like {what}, not text; {action}"),
            ));
        }
    }
    if let Some(position) = bytes.iter().position(|&b| b == 0) {
        // UTF-16 without a BOM puts a NUL in every other byte of ASCII text.
        let sample = &bytes[..bytes.len().min(4096)];
        let odd_nuls = sample
            .iter()
            .skip(1)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count();
        let even_nuls = sample.iter().step_by(2).filter(|&&b| b == 0).count();
        let half = sample.len() / 2;
        let hint = if half > 0 && (odd_nuls * 10 >= half * 4 || even_nuls * 10 >= half * 4) {
            "; it may be UTF-16 without a byte-order mark: re-save it as UTF-8"
        } else {
            "; sitrep reads plain-text dumps and JSONL, convert it to text first"
        };
        return Err(Refusal::new(
            "binary",
            format!(
                "{source_path}: contains NUL bytes (first at byte {position}), so it is not text{hint}"
            ),
        ));
    }
    Ok(())
}

fn check_decoded(source_path: &str, text: &str) -> Result<(), Refusal> {
    if text.trim().is_empty() {
        return Err(Refusal::new(
            "empty",
            format!(
                "{source_path}: the file holds only whitespace; remove it or fill it with article text"
            ),
        ));
    }
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{b}' | '\u{c}') {
            control += 1;
        }
    }
    if control * 20 > total {
        return Err(Refusal::new(
            "binary",
            format!(
                "{source_path}: {control} of {total} characters are control characters, so it is \
                 not text; convert it to plain text first"
            ),
        ));
    }
    Ok(())
}

/// Refuses text that is an HTML page rather than article text: it starts with
/// `<!DOCTYPE html` or `<html`, or at least five tags make up over half of its
/// non-blank characters.
pub(crate) fn html_refusal(source_path: &str, text: &str) -> Option<Refusal> {
    let head = text.trim_start();
    let head = head.get(..head.len().min(64)).unwrap_or(head);
    let head_lower = head.to_ascii_lowercase();
    let starts_as_html =
        head_lower.starts_with("<!doctype html") || head_lower.starts_with("<html");
    let mostly_markup = || {
        let bytes = text.as_bytes();
        let (mut tags, mut tag_bytes, mut visible) = (0usize, 0usize, 0usize);
        let mut index = 0;
        while index < bytes.len() {
            let b = bytes[index];
            let opens_tag = b == b'<'
                && bytes
                    .get(index + 1)
                    .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, b'/' | b'!' | b'?'));
            if opens_tag {
                if let Some(len) = bytes[index..].iter().position(|&c| c == b'>') {
                    tags += 1;
                    tag_bytes += len + 1;
                    visible += len + 1;
                    index += len + 1;
                    continue;
                }
            }
            if !b.is_ascii_whitespace() {
                visible += 1;
            }
            index += 1;
        }
        tags >= 5 && tag_bytes * 2 > visible
    };
    (starts_as_html || mostly_markup()).then(|| {
        Refusal::new(
            "html",
            format!(
                "{source_path}: looks like an HTML page, not article text; extract the article \
                 text first (e.g. with trafilatura or a browser's reader view) and save it as .txt"
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_is_detected_and_decoded() {
        let decoded = decode(
            "a.txt",
            b"Caf\xe9 owners protest\n\nThe caf\xe9 closed on Monday.",
        )
        .unwrap();
        assert_eq!(decoded.encoding, "windows-1252");
        assert_eq!(
            decoded.text,
            "Café owners protest\n\nThe café closed on Monday."
        );
        assert!(decoded.warnings[0].contains("windows-1252"));
    }

    #[test]
    fn a_stray_byte_in_utf8_spoils_only_its_line() {
        let decoded = decode(
            "f.jsonl",
            b"S\xc3\xa3o Paulo\nbad \xff byte\nS\xc3\xa3o Paulo\n",
        )
        .unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(decoded.text, "São Paulo\nbad \u{fffd} byte\nSão Paulo\n");
        assert_eq!(decoded.warnings.len(), 1);
        assert!(
            decoded.warnings[0].starts_with("f.jsonl line 2: byte 0xff at byte 5 of the line"),
            "{:?}",
            decoded.warnings
        );
        // With a byte-order mark too, instead of refusing the whole file.
        let decoded = decode("g.txt", b"\xef\xbb\xbfTitle \xfe\n\nBody.").unwrap();
        assert_eq!(decoded.text, "Title \u{fffd}\n\nBody.");
        // Many bad lines: ten named, then one summary.
        let mut many = b"S\xc3\xa3o Paulo\n".to_vec();
        many.extend((0..15).flat_map(|_| b"bad \xff\n".iter().copied()));
        assert_eq!(decode("m.txt", &many).unwrap().warnings.len(), 11);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let decoded = decode("a.txt", "\u{feff}Title\n\nBody.".as_bytes()).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(decoded.text, "Title\n\nBody.");
    }

    #[test]
    fn utf16_with_bom_decodes_both_orders() {
        let text = "Israel’s war\n\nBody.";
        let mut le = vec![0xff, 0xfe];
        let mut be = vec![0xfe, 0xff];
        for unit in text.encode_utf16() {
            le.extend(unit.to_le_bytes());
            be.extend(unit.to_be_bytes());
        }
        let decoded = decode("le.txt", &le).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            (text, "UTF-16LE")
        );
        let decoded = decode("be.txt", &be).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            (text, "UTF-16BE")
        );
    }

    #[test]
    fn utf16_with_broken_surrogate_is_undecodable() {
        let refusal = decode("x.txt", &[0xff, 0xfe, 0x00, 0xd8, b'a', 0]).unwrap_err();
        assert_eq!(refusal.reason, "undecodable");
        assert!(refusal.detail.starts_with("x.txt: "));
    }

    #[test]
    fn utf16_without_bom_is_binary_with_a_hint() {
        let bytes: Vec<u8> = "Hello world"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let refusal = decode("x.txt", &bytes).unwrap_err();
        assert_eq!(refusal.reason, "binary");
        assert!(refusal.detail.contains("UTF-16 without a byte-order mark"));
    }

    #[test]
    fn signatures_and_controls_are_binary() {
        let refusal = decode("doc.pdf", b"%PDF-1.7\n...").unwrap_err();
        assert_eq!(refusal.reason, "binary");
        assert!(refusal.detail.contains("PDF"));
        let refusal = decode("x.bin", b"\x01\x02\x03\x04abc\x05\x06\x07").unwrap_err();
        assert_eq!(refusal.reason, "binary");
    }

    #[test]
    fn whitespace_only_is_empty() {
        assert_eq!(decode("e.txt", b"").unwrap_err().reason, "empty");
        assert_eq!(decode("e.txt", b" \n\t\r\n ").unwrap_err().reason, "empty");
    }

    #[test]
    fn html_pages_are_refused_and_prose_with_a_tag_is_not() {
        let page = "  <!DOCTYPE html>\n<html><body><p>Story</p></body></html>";
        assert_eq!(html_refusal("p.txt", page).unwrap().reason, "html");
        let fragment = "<div><p>Story</p><p>More</p><span>x</span></div>";
        assert!(html_refusal("f.txt", fragment).is_some());
        let prose =
            "Headline\n\nThe tag <b> appears in this long sentence about markup in articles.";
        assert!(html_refusal("t.txt", prose).is_none());
    }
}
