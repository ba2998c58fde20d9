//! The layout of an embedding table file (`models/embeddings.bin`, described in
//! `models/embeddings/README.md`): its sections, and the entry of each wordpiece.
//!
//! `build.rs` includes this file by path, and so cuts the table it compiles into seam exactly
//! as [`super::embed`] cuts a table it parses: one reading of the format, not two. Hence
//! nothing here but `std`.

/// The first eight bytes of a table.
pub const MAGIC: &[u8; 8] = b"SEAMEMB\0";
/// The format version this build reads.
pub const VERSION: u32 = 1;
/// A key's row in the file when it has none.
pub const NO_ROW: u32 = u32::MAX;
/// An entry's row when its key has none: entries keep rows in 16 bits.
pub const ENTRY_NO_ROW: u32 = 0xFFFF;

/// A wordpiece's key id (high 16 bits) and row (low 16 bits, [`ENTRY_NO_ROW`] for none), so
/// that the common case, a word that is one wordpiece, is one lookup giving both.
pub type Entry = u32;

/// The sections of a table, each checked to be where the header says and of its length.
pub struct Sections<'a> {
    pub dims: usize,
    pub rows: usize,
    pub keys: usize,
    /// The generator's description of the table (JSON).
    pub meta: &'a str,
    /// One little-endian f32 per row.
    pub scales: &'a [u8],
    /// `rows * dims` int8 values.
    pub data: &'a [u8],
    /// One little-endian u32 per key: its row, or [`NO_ROW`].
    pub key_rows: &'a [u8],
    /// The keys in vocabulary order, each ended by a newline.
    pub key_text: &'a str,
    /// Lines of a character and what it folds to.
    pub fold_text: &'a str,
}

impl<'a> Sections<'a> {
    /// Cut a table's bytes into its sections.
    pub fn of(bytes: &'a [u8]) -> Result<Sections<'a>, String> {
        let mut r = Reader { bytes };
        if r.take(8)? != MAGIC {
            return Err("not a seam embedding table (bad magic)".into());
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(format!(
                "table version {version}, this build reads {VERSION}"
            ));
        }
        let dims = r.u32()? as usize;
        let rows = r.u32()? as usize;
        let keys = r.u32()? as usize;
        let key_bytes = r.u32()? as usize;
        let fold_bytes = r.u32()? as usize;
        let meta_bytes = r.u32()? as usize;
        if keys > 1 << 16 || rows >= ENTRY_NO_ROW as usize {
            return Err(format!(
                "{keys} keys and {rows} rows: too many for 16 bits each"
            ));
        }
        let sections = Sections {
            dims,
            rows,
            keys,
            meta: r.text(meta_bytes)?,
            scales: r.take(4 * rows)?,
            data: r.take(rows.checked_mul(dims).ok_or("too many dimensions")?)?,
            key_rows: r.take(4 * keys)?,
            key_text: r.text(key_bytes)?,
            fold_text: r.text(fold_bytes)?,
        };
        if !r.bytes.is_empty() {
            return Err(format!("{} bytes after the table", r.bytes.len()));
        }
        Ok(sections)
    }

    /// The scale of row `r`: its vector is `scale * int8 values`.
    pub fn scale(&self, r: usize) -> f32 {
        f32::from_le_bytes(self.scales[4 * r..4 * r + 4].try_into().expect("4 bytes"))
    }

    /// The keys in vocabulary order.
    pub fn keys(&self) -> impl Iterator<Item = &'a str> + Clone {
        self.key_text.split_terminator('\n')
    }

    /// The length in bytes of the longest key, once the keys are checked to be as many as the
    /// header says. Counted without listing them: a list of 30,000 keys is fresh memory.
    pub fn longest_key(&self) -> Result<usize, String> {
        let (mut count, mut longest) = (0, 0);
        for key in self.keys() {
            count += 1;
            longest = longest.max(key.len());
        }
        if count != self.keys {
            return Err(format!("{count} keys, the header says {}", self.keys));
        }
        Ok(longest)
    }

    /// Word-initial wordpieces and continuations (without their `##`), each with its
    /// [`Entry`], in vocabulary order.
    pub fn entries(&self) -> Result<Pieces<'a>, String> {
        self.longest_key()?;
        let mut pieces = Pieces {
            first: Vec::with_capacity(self.keys),
            cont: Vec::new(),
        };
        for (id, (key, row)) in self.keys().zip(self.key_rows.chunks_exact(4)).enumerate() {
            let row = u32::from_le_bytes(row.try_into().expect("4 bytes"));
            if row != NO_ROW && row as usize >= self.rows {
                return Err(format!("key {key:?} points past the last row"));
            }
            let entry = (id as u32) << 16 | if row == NO_ROW { ENTRY_NO_ROW } else { row };
            match key.strip_prefix("##") {
                Some(piece) => pieces.cont.push((piece, entry)),
                None => pieces.first.push((key, entry)),
            }
        }
        Ok(pieces)
    }
}

/// A table's wordpieces by where they may stand in a word.
pub struct Pieces<'a> {
    pub first: Vec<(&'a str, Entry)>,
    pub cont: Vec<(&'a str, Entry)>,
}

/// Reads little-endian fields from the front of a byte slice.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if self.bytes.len() < n {
            return Err(format!("table ends early: {n} more bytes wanted"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn text(&mut self, n: usize) -> Result<&'a str, String> {
        std::str::from_utf8(self.take(n)?).map_err(|e| format!("table text is not UTF-8: {e}"))
    }
}
