//! Little-endian encoding of model files.
//!
//! Model files are a fixed sequence of sections written by the `write_*`
//! functions and read back by [`Reader`]; every number is little-endian so a
//! file means the same on every machine.

use crate::ModelError;

/// Appends little-endian values to a byte buffer.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    pub(crate) bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn u8(&mut self, value: u8) {
        self.bytes.push(value);
    }

    pub(crate) fn u16(&mut self, value: u16) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn u64(&mut self, value: u64) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn len(&mut self, value: usize) {
        self.u32(u32::try_from(value).expect("section length fits in u32"));
    }

    pub(crate) fn str(&mut self, value: &str) {
        self.len(value.len());
        self.bytes.extend_from_slice(value.as_bytes());
    }

    pub(crate) fn strs<S: AsRef<str>>(&mut self, values: &[S]) {
        self.len(values.len());
        for value in values {
            self.str(value.as_ref());
        }
    }
}

/// Reads what [`Writer`] wrote, failing with [`ModelError`] on short or bad data.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len());
        let Some(end) = end else {
            return Err(ModelError::Corrupt(format!(
                "file ends at byte {} but {n} more bytes were expected",
                self.bytes.len()
            )));
        };
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        Ok(self.take(N)?.try_into().expect("take returns N bytes"))
    }

    pub(crate) fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }

    pub(crate) fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    pub(crate) fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub(crate) fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    pub(crate) fn len(&mut self) -> Result<usize, ModelError> {
        Ok(self.u32()? as usize)
    }

    pub(crate) fn str(&mut self) -> Result<String, ModelError> {
        let n = self.len()?;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec())
            .map_err(|_| ModelError::Corrupt("a string is not UTF-8".into()))
    }

    pub(crate) fn strs(&mut self) -> Result<Vec<String>, ModelError> {
        let n = self.len()?;
        (0..n).map(|_| self.str()).collect()
    }

    /// Checks the file starts with `magic`.
    pub(crate) fn expect_magic(&mut self, magic: &[u8]) -> Result<(), ModelError> {
        if self.take(magic.len()).ok() == Some(magic) {
            Ok(())
        } else {
            Err(ModelError::Corrupt(format!(
                "not a sitrep syntax model (expected header {:?})",
                String::from_utf8_lossy(magic)
            )))
        }
    }

    /// Checks every byte was read.
    pub(crate) fn finish(&self) -> Result<(), ModelError> {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(ModelError::Corrupt(format!(
                "{} unexpected bytes at the end",
                self.bytes.len() - self.at
            )))
        }
    }
}
