//! The run's input files for the manifest, kept on disk while the run goes
//! on: a corpus of many small files would otherwise hold a path and a hash
//! per file in memory from ingest to the manifest (about 200 bytes a file).
//!
//! Ingest pushes each read file's [`InputFile`] to a frame file with its
//! rank by path; the manifest reads them back in path order, merged with
//! the few inputs held in memory (files rejected before reading), as
//! `sort_by` path of all of them would give (ties: held first).

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::PathBuf;

use anyhow::{Context, Result};
use serde::ser::{Error as _, SerializeSeq as _};
use serde::{Serialize, Serializer};
use sitrep_pipeline::{FrameReader, FrameWriter};
use sitrep_store::InputFile;

/// Input files in path order: some held, the others in a frame file.
#[derive(Debug, Default)]
pub(crate) struct Inputs {
    /// Held in memory, sorted by path.
    held: Vec<InputFile>,
    /// The frame file and the position of each of its inputs, in path order.
    spool: Option<(PathBuf, Vec<u64>)>,
}

/// Writes the spooled part of [`Inputs`].
pub(crate) struct InputSpool {
    path: PathBuf,
    writer: FrameWriter<BufWriter<File>>,
    /// Position of each input by its rank by path (`u64::MAX`: none yet).
    positions: Vec<u64>,
}

impl InputSpool {
    /// A new frame file at `path` for `files` inputs.
    pub(crate) fn create(path: PathBuf, files: usize) -> Result<Self> {
        let file =
            File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
        let writer = FrameWriter::new(BufWriter::new(file))
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(Self {
            path,
            writer,
            positions: vec![u64::MAX; files],
        })
    }

    /// Adds `input`, whose rank by path among the spooled inputs is `rank`.
    pub(crate) fn push(&mut self, rank: u32, input: &InputFile) -> Result<()> {
        self.positions[rank as usize] = self.writer.position();
        self.writer
            .push(input)
            .with_context(|| format!("cannot write {}", self.path.display()))
    }

    /// The inputs: these and the `held` ones (in any order).
    pub(crate) fn finish(self, mut held: Vec<InputFile>) -> Result<Inputs> {
        self.writer
            .finish()
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        held.sort_by(|a, b| a.path.cmp(&b.path));
        let mut positions = self.positions;
        positions.retain(|&p| p != u64::MAX);
        Ok(Inputs {
            held,
            spool: Some((self.path, positions)),
        })
    }
}

impl Inputs {
    /// Inputs held in memory, sorted by path.
    pub(crate) fn held(inputs: Vec<InputFile>) -> Self {
        Self {
            held: inputs,
            spool: None,
        }
    }

    /// How many there are.
    pub(crate) fn len(&self) -> usize {
        self.held.len() + self.spool.as_ref().map_or(0, |(_, p)| p.len())
    }

    /// All of them in path order.
    pub(crate) fn read(&self) -> Result<impl Iterator<Item = Result<InputFile>> + '_> {
        let mut spooled = match &self.spool {
            Some((path, positions)) => {
                let file =
                    File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
                let frames: FrameReader<_, InputFile> = FrameReader::new(BufReader::new(file))
                    .with_context(|| format!("cannot read {}", path.display()))?;
                Some((frames, positions.iter(), path))
            }
            None => None,
        };
        let mut read_next = move || -> Option<Result<InputFile>> {
            let (frames, positions, path) = spooled.as_mut()?;
            let &position = positions.next()?;
            Some(
                frames
                    .read_at(position)
                    .with_context(|| format!("cannot read {}", path.display())),
            )
        };
        let mut pending = read_next();
        let mut held = self.held.iter().peekable();
        Ok(std::iter::from_fn(move || {
            let take_held = match (held.peek(), &pending) {
                (None, None) => return None,
                (Some(_), None) => true,
                (Some(h), Some(Ok(s))) => h.path <= s.path,
                // An error is passed on first.
                (None | Some(_), Some(_)) => false,
            };
            if take_held {
                held.next().cloned().map(Ok)
            } else {
                let next = pending.take();
                pending = read_next();
                next
            }
        }))
    }

    /// All of them in path order, in memory.
    pub(crate) fn to_vec(&self) -> Result<Vec<InputFile>> {
        self.read()?.collect()
    }

    /// Removes the frame file.
    pub(crate) fn remove_spool(&self) -> Result<()> {
        if let Some((path, _)) = &self.spool {
            std::fs::remove_file(path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
        Ok(())
    }
}

/// A sequence in path order, read from the frame file as it is written.
impl Serialize for Inputs {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for input in self.read().map_err(S::Error::custom)? {
            seq.serialize_element(&input.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(path: &str) -> InputFile {
        InputFile {
            path: path.to_owned(),
            sha256: Some(format!("hash of {path}")),
            bytes: path.len() as u64,
            articles: 1,
            rejected: 0,
        }
    }

    #[test]
    fn spooled_and_held_inputs_come_back_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        // Read in the order c, a, d; ranks by path 1, 0, 2.
        let mut spool = InputSpool::create(dir.path().join("inputs.frames"), 3).unwrap();
        spool.push(1, &input("c")).unwrap();
        spool.push(0, &input("a")).unwrap();
        spool.push(2, &input("d")).unwrap();
        let inputs = spool
            .finish(vec![input("e"), input("b"), input("a")])
            .unwrap();
        let paths: Vec<String> = inputs
            .to_vec()
            .unwrap()
            .into_iter()
            .map(|i| i.path)
            .collect();
        // As a stable sort of held then read: the held `a` first.
        assert_eq!(paths, ["a", "a", "b", "c", "d", "e"]);
        assert_eq!(inputs.len(), 6);
        let mut all = vec![input("e"), input("b"), input("a")];
        all.extend([input("c"), input("a"), input("d")]);
        all.sort_by(|a, b| a.path.cmp(&b.path));
        assert_eq!(
            serde_json::to_string_pretty(&inputs).unwrap(),
            serde_json::to_string_pretty(&all).unwrap()
        );
        inputs.remove_spool().unwrap();
        assert!(!dir.path().join("inputs.frames").exists());
    }
}
