//! Writing files so that a reader never sees half of one, and reading back
//! checksummed files (cache entries, table segments) that may have been cut.

use std::fs;
use std::io::{self, Read, Write};

use sha2::{Digest as _, Sha256};
use std::path::Path;

/// Writes `bytes` to `path` via a temporary file in the same directory that is
/// renamed into place, so a run killed midway leaves the old file or the new
/// one, never a torn one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// [`write_atomic`] of what `write` writes to the (buffered) temporary file,
/// so a large file need not be held in memory first.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let file_name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "path has no file name"))?;
    let tmp_name = format!(
        ".{}.tmp-{}",
        file_name.to_string_lossy(),
        std::process::id()
    );
    let tmp = dir.map_or_else(|| Path::new(&tmp_name).to_path_buf(), |d| d.join(&tmp_name));
    let result = (|| {
        let mut out = io::BufWriter::new(fs::File::create(&tmp)?);
        write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Bytes of the SHA-256 that ends a checksummed file.
pub const CHECKSUM_BYTES: usize = 32;

/// Writes `parts` one after the other and then their SHA-256 to the temporary
/// file `temp` (same directory), then renames it to `path`; on failure the
/// temporary file is removed. For caches: no `fsync`, a torn file is caught by
/// [`read_checksummed`].
pub fn write_checksummed(path: &Path, temp: &Path, parts: &[&[u8]]) -> io::Result<()> {
    let written = fs::File::create(temp).and_then(|file| {
        let mut out = io::BufWriter::new(file);
        let mut hasher = Sha256::new();
        for part in parts {
            hasher.update(part);
            out.write_all(part)?;
        }
        out.write_all(&hasher.finalize())?;
        out.flush()
    });
    match written.and_then(|()| fs::rename(temp, path)) {
        Ok(()) => Ok(()),
        Err(error) => {
            let _ = fs::remove_file(temp);
            Err(error)
        }
    }
}

/// The bytes of a file written by [`write_checksummed`], without the
/// checksum; `None` when it cannot be read or the checksum does not match
/// (a cut or flipped file is a miss, not an error).
pub fn read_checksummed(file: &mut fs::File) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    let body = bytes.len().checked_sub(CHECKSUM_BYTES)?;
    if Sha256::digest(&bytes[..body])[..] != bytes[body..] {
        return None;
    }
    bytes.truncate(body);
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("sitrep-io-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.csv");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("t.csv")]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn checksummed_files_read_back_and_a_flipped_byte_is_a_miss() {
        let dir = std::env::temp_dir().join(format!("sitrep-io-sum-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("entry");
        write_checksummed(&path, &dir.join(".tmp-1"), &[b"ab", b"cd"]).unwrap();
        let read = || read_checksummed(&mut fs::File::open(&path).unwrap());
        assert_eq!(read().as_deref(), Some(&b"abcd"[..]));
        let mut bytes = fs::read(&path).unwrap();
        bytes[1] ^= 1;
        fs::write(&path, &bytes).unwrap();
        assert_eq!(read(), None);
        fs::write(&path, b"short").unwrap();
        assert_eq!(read(), None);
        fs::remove_dir_all(&dir).unwrap();
    }
}
