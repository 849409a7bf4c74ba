//! Per-article results and their binary form.
//!
//! An [`ArticleResult`] is everything the per-article work makes of one
//! article: its `sentences`, `mentions` (entity ids empty, types already
//! voted within the article), `events`, `quotes`, `dates`, `quantities` and
//! (with `--tokens`) `tokens` rows, plus the within-article resolution
//! summary ([`ArticleResolution`]). The cross-article step
//! ([`crate::Pipeline::merge`]) needs nothing else, so results can be
//! spooled to disk, written by shard runs and kept in a cache, then merged.
//!
//! **Binary form.** [`ArticleResult::to_bytes`] writes the magic `SRAR`, the
//! format version [`ARTICLE_RESULT_VERSION`] (u32, little endian) and the
//! result encoded with bincode's standard configuration (variable-length
//! integers, fields in declaration order). The same result always gives the
//! same bytes. Any change to the fields or to a row type bumps the version;
//! [`ArticleResult::from_bytes`] refuses other versions rather than
//! misreading them.
//!
//! **Files of many results.** [`FrameWriter`] and [`FrameReader`] write and
//! read a sequence of values (results, or rows with their ordinals) as a
//! file: the magic `SRFR`, the version, then one frame per value (u64 little
//! endian byte length, then the bincode bytes).
//!
//! ```
//! use sitrep_pipeline::ArticleResult;
//! let mut result = ArticleResult { article_id: "a1".into(), ..ArticleResult::default() };
//! result.resolution.countries.insert("SY".into(), 2);
//! let bytes = result.to_bytes();
//! assert_eq!(&bytes[..4], b"SRAR");
//! assert_eq!(ArticleResult::from_bytes(&bytes).unwrap(), result);
//! ```

use std::io::{Read, Write};

use serde::Serialize;
use serde::de::DeserializeOwned;
use sitrep_core::tables::{
    DateRow, EventRow, MentionRow, QuantityRow, QuoteRow, RelationRow, SentenceRow, TokenRow,
};
use sitrep_resolve::ArticleResolution;

/// Version of the binary form of [`ArticleResult`] and of frame files.
pub const ARTICLE_RESULT_VERSION: u32 = 6;

const RESULT_MAGIC: &[u8; 4] = b"SRAR";
const FRAME_MAGIC: &[u8; 4] = b"SRFR";

/// Everything the per-article work makes of one article (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ArticleResult {
    /// The article's id.
    pub article_id: String,
    /// `sentences` rows.
    pub sentences: Vec<SentenceRow>,
    /// `mentions` rows, sorted by `(start, end, entity_type, …)`, retyped to
    /// their cluster's type, `entity_id` empty.
    pub mentions: Vec<MentionRow>,
    /// `events` rows, entity ids empty.
    pub events: Vec<EventRow>,
    /// `quotes` rows, `speaker_id` empty.
    pub quotes: Vec<QuoteRow>,
    /// `dates` rows.
    pub dates: Vec<DateRow>,
    /// `quantities` rows.
    pub quantities: Vec<QuantityRow>,
    /// `relations` rows, entity ids empty.
    pub relations: Vec<RelationRow>,
    /// `tokens` rows (empty unless the pipeline parses: `--tokens`).
    pub tokens: Vec<TokenRow>,
    /// The within-article resolution: clusters over `mentions` and the
    /// countries the article names.
    pub resolution: ArticleResolution,
}

/// A per-article result or a frame file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ResultFormatError {
    /// The bytes do not start with the expected magic.
    #[error("not a sitrep {what} (bad magic bytes)")]
    Magic {
        /// `article result` or `frame file`.
        what: &'static str,
    },
    /// Written by another version of the format.
    #[error("{what} format version {found}, this sitrep reads version {expected}")]
    Version {
        /// `article result` or `frame file`.
        what: &'static str,
        /// Version in the bytes.
        found: u32,
        /// [`ARTICLE_RESULT_VERSION`].
        expected: u32,
    },
    /// The payload does not decode.
    #[error("cannot decode {what}: {message}")]
    Decode {
        /// What was being decoded.
        what: &'static str,
        /// The decoder's message.
        message: String,
    },
    /// Reading or writing failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    bincode::serde::encode_to_vec(value, config()).expect("rows always encode")
}

fn decode<T: DeserializeOwned>(bytes: &[u8], what: &'static str) -> Result<T, ResultFormatError> {
    let (value, used) = bincode::serde::decode_from_slice(bytes, config()).map_err(|e| {
        ResultFormatError::Decode {
            what,
            message: e.to_string(),
        }
    })?;
    if used != bytes.len() {
        return Err(ResultFormatError::Decode {
            what,
            message: format!("{} bytes left over", bytes.len() - used),
        });
    }
    Ok(value)
}

/// Checks magic and version at the start of `bytes`; returns the rest.
fn check_header<'a>(
    bytes: &'a [u8],
    magic: [u8; 4],
    what: &'static str,
) -> Result<&'a [u8], ResultFormatError> {
    if bytes.len() < 8 || bytes[..4] != magic {
        return Err(ResultFormatError::Magic { what });
    }
    let found = u32::from_le_bytes(bytes[4..8].try_into().expect("four bytes"));
    if found != ARTICLE_RESULT_VERSION {
        return Err(ResultFormatError::Version {
            what,
            found,
            expected: ARTICLE_RESULT_VERSION,
        });
    }
    Ok(&bytes[8..])
}

impl ArticleResult {
    /// The binary form (see the module docs); the same result always gives
    /// the same bytes.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(256);
        bytes.extend_from_slice(RESULT_MAGIC);
        bytes.extend_from_slice(&ARTICLE_RESULT_VERSION.to_le_bytes());
        bytes.extend(encode(self));
        bytes
    }

    /// Reads what [`ArticleResult::to_bytes`] wrote; refuses other versions.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ResultFormatError> {
        decode(Self::payload_of(bytes)?, "article result")
    }

    /// The encoded result inside what [`ArticleResult::to_bytes`] wrote
    /// (magic and version checked, nothing decoded), for
    /// [`FrameWriter::push_with_encoded`] and [`ArticleResult::article_id_of`].
    pub fn payload_of(bytes: &[u8]) -> Result<&[u8], ResultFormatError> {
        check_header(bytes, *RESULT_MAGIC, "article result")
    }

    /// The `article_id` of an encoded result ([`ArticleResult::payload_of`]),
    /// read without decoding the rest (it is the first field).
    pub fn article_id_of(payload: &[u8]) -> Result<&str, ResultFormatError> {
        bincode::serde::borrow_decode_from_slice::<&str, _>(payload, config())
            .map(|(id, _)| id)
            .map_err(|e| ResultFormatError::Decode {
                what: "article result",
                message: e.to_string(),
            })
    }
}

/// Writes values one frame each to a frame file (see the module docs).
#[derive(Debug)]
pub struct FrameWriter<W: Write> {
    out: W,
    /// Bytes written so far (header included).
    written: u64,
}

impl<W: Write> FrameWriter<W> {
    /// Starts a frame file on `out` (writes the header).
    pub fn new(mut out: W) -> std::io::Result<Self> {
        out.write_all(FRAME_MAGIC)?;
        out.write_all(&ARTICLE_RESULT_VERSION.to_le_bytes())?;
        Ok(Self { out, written: 8 })
    }

    /// Appends one value.
    pub fn push<T: Serialize>(&mut self, value: &T) -> std::io::Result<()> {
        let bytes = encode(value);
        self.out.write_all(&(bytes.len() as u64).to_le_bytes())?;
        self.out.write_all(&bytes)?;
        self.written += 8 + bytes.len() as u64;
        Ok(())
    }

    /// Where the next value's frame starts in the file (for
    /// [`FrameReader::read_at`]).
    #[must_use]
    pub fn position(&self) -> u64 {
        self.written
    }

    /// Appends the frame of the pair `(first, second)` where `second` comes
    /// already encoded (an [`ArticleResult::payload_of`], say): the same
    /// bytes as [`FrameWriter::push`] of the pair, without encoding `second`
    /// again (bincode writes a pair as its two parts one after the other).
    pub fn push_with_encoded<H: Serialize>(
        &mut self,
        first: &H,
        second: &[u8],
    ) -> std::io::Result<()> {
        let head = encode(first);
        let length = (head.len() + second.len()) as u64;
        self.out.write_all(&length.to_le_bytes())?;
        self.out.write_all(&head)?;
        self.out.write_all(second)?;
        self.written += 8 + length;
        Ok(())
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Reads the values of a frame file one at a time, in the order written.
#[derive(Debug)]
pub struct FrameReader<R: Read, T> {
    input: R,
    buffer: Vec<u8>,
    _values: std::marker::PhantomData<fn() -> T>,
}

impl<R: Read, T: DeserializeOwned> FrameReader<R, T> {
    /// Opens a frame file on `input` (checks the header).
    pub fn new(mut input: R) -> Result<Self, ResultFormatError> {
        let mut header = [0_u8; 8];
        input
            .read_exact(&mut header)
            .map_err(|_| ResultFormatError::Magic { what: "frame file" })?;
        check_header(&header, *FRAME_MAGIC, "frame file")?;
        Ok(Self {
            input,
            buffer: Vec::new(),
            _values: std::marker::PhantomData,
        })
    }

    fn next_value(&mut self) -> Result<Option<T>, ResultFormatError> {
        let mut length = [0_u8; 8];
        let mut filled = 0;
        while filled < length.len() {
            let n = self.input.read(&mut length[filled..])?;
            if n == 0 {
                if filled == 0 {
                    return Ok(None);
                }
                return Err(ResultFormatError::Decode {
                    what: "frame file",
                    message: "file ends inside a frame length".into(),
                });
            }
            filled += n;
        }
        let length =
            usize::try_from(u64::from_le_bytes(length)).map_err(|_| ResultFormatError::Decode {
                what: "frame file",
                message: "frame too long".into(),
            })?;
        self.buffer.clear();
        (&mut self.input)
            .take(length as u64)
            .read_to_end(&mut self.buffer)?;
        if self.buffer.len() != length {
            return Err(ResultFormatError::Decode {
                what: "frame file",
                message: "file ends inside a frame".into(),
            });
        }
        decode(&self.buffer, "frame").map(Some)
    }
}

impl<R: Read + std::io::Seek, T: DeserializeOwned> FrameReader<R, T> {
    /// Reads the value whose frame starts at `position` (as
    /// [`FrameWriter::position`] gave it), in any order.
    pub fn read_at(&mut self, position: u64) -> Result<T, ResultFormatError> {
        self.input.seek(std::io::SeekFrom::Start(position))?;
        self.next_value()?.ok_or_else(|| ResultFormatError::Decode {
            what: "frame file",
            message: format!("no frame at byte {position}"),
        })
    }
}

impl<R: Read, T: DeserializeOwned> Iterator for FrameReader<R, T> {
    type Item = Result<T, ResultFormatError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_value().transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Pipeline};
    use sitrep_core::tables::Article;

    fn sample_results() -> Vec<ArticleResult> {
        let articles = [
            Article {
                article_id: "a1".into(),
                text: "Strike\n\nIsraeli jets struck Damascus on Oct. 17, 2023, Syria said. \
                       \"We will respond,\" Bashar al-Assad said. At least 60 people died."
                    .into(),
                ..Article::default()
            },
            Article {
                article_id: "a2".into(),
                text: "Talks\n\nBlinken met al-Sudani in Baghdad.".into(),
                ..Article::default()
            },
        ];
        let pipeline = Pipeline::new(Config {
            tokens: true,
            ..Config::default()
        })
        .unwrap();
        pipeline.analyse_articles(&articles, &crate::Silent).0
    }

    #[test]
    fn results_round_trip_through_bytes_and_frames() {
        let results = sample_results();
        let first = &results[0];
        assert!(!first.mentions.is_empty() && !first.events.is_empty());
        assert!(!first.quotes.is_empty() && !first.dates.is_empty());
        assert!(!first.quantities.is_empty() && !first.tokens.is_empty());
        assert!(!first.resolution.clusters.is_empty());
        // Syria and Bashar al-Assad name Syria; Israeli names Israel.
        assert_eq!(first.resolution.countries.get("SY"), Some(&2));
        assert_eq!(first.resolution.countries.get("IL"), Some(&1));
        for result in &results {
            let bytes = result.to_bytes();
            assert_eq!(bytes, result.to_bytes());
            assert_eq!(&ArticleResult::from_bytes(&bytes).unwrap(), result);
        }
        let mut writer = FrameWriter::new(Vec::new()).unwrap();
        let mut positions = Vec::new();
        for (ordinal, result) in results.iter().enumerate() {
            positions.push(writer.position());
            writer.push(&(ordinal as u64, result)).unwrap();
        }
        let file = writer.finish().unwrap();
        // Frames read back by position, last first.
        let mut reader = FrameReader::new(std::io::Cursor::new(&file)).unwrap();
        let last: (u64, ArticleResult) = reader.read_at(positions[1]).unwrap();
        let first: (u64, ArticleResult) = reader.read_at(positions[0]).unwrap();
        assert_eq!((last.0, &last.1), (1, &results[1]));
        assert_eq!((first.0, &first.1), (0, &results[0]));
        assert!(reader.read_at(file.len() as u64).is_err());
        // A pair with its second part already encoded is the same frame.
        let mut by_payload = FrameWriter::new(Vec::new()).unwrap();
        for (ordinal, result) in results.iter().enumerate() {
            let bytes = result.to_bytes();
            let payload = ArticleResult::payload_of(&bytes).unwrap();
            assert_eq!(
                ArticleResult::article_id_of(payload).unwrap(),
                result.article_id
            );
            by_payload
                .push_with_encoded(&(ordinal as u64 * 300), payload)
                .unwrap();
        }
        let mut spaced = FrameWriter::new(Vec::new()).unwrap();
        for (ordinal, result) in results.iter().enumerate() {
            spaced.push(&(ordinal as u64 * 300, result)).unwrap();
        }
        assert_eq!(by_payload.position(), spaced.position());
        assert_eq!(by_payload.finish().unwrap(), spaced.finish().unwrap());
        let back: Vec<(u64, ArticleResult)> = FrameReader::new(file.as_slice())
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[1].0, 1);
        assert_eq!(back[1].1, results[1]);
        // A cut file is an error, not a short read.
        let cut: Result<Vec<(u64, ArticleResult)>, _> =
            FrameReader::new(&file[..file.len() - 3]).unwrap().collect();
        assert!(cut.is_err());
    }

    #[test]
    fn other_versions_and_garbage_are_refused() {
        let mut bytes = sample_results()[1].to_bytes();
        bytes[4] = 9;
        let error = ArticleResult::from_bytes(&bytes).unwrap_err();
        assert!(error.to_string().contains("version 9"), "{error}");
        assert!(ArticleResult::from_bytes(b"SRAR").is_err());
        assert!(ArticleResult::from_bytes(b"not a result at all").is_err());
        let mut frames = FrameWriter::new(Vec::new()).unwrap().finish().unwrap();
        frames[0] = b'X';
        assert!(FrameReader::<_, ArticleResult>::new(frames.as_slice()).is_err());
    }
}
