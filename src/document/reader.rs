//! Reading inputs into documents: files or stdin, text/Markdown/HTML as one document, JSONL as
//! one document per line, streamed; gzip input (a `.gz` name or the gzip magic bytes) is
//! decompressed on the way, concatenated members included. A bad record is an `Err` item naming
//! the file and line; the items after it still come. A read error (a corrupt gzip member, a
//! failing disk) is one `Err` item naming the line it hit, and ends that input: nothing after
//! it can be trusted to be where it was.
//!
//! Every input goes through one reader ([`Input::open`]), whatever it is (a file, stdin, a file
//! found in a directory, gzip or not), and no document is held past [`Input::max_bytes`]
//! (default [`DEFAULT_MAX_DOC_BYTES`]): a larger file or JSONL line is read no further than the
//! limit (a long line is skipped in a stream), fails with a message, and the input's other
//! documents still come. A decompression bomb therefore costs time, never memory.
//!
//! Text is UTF-8. A UTF-16 input (its byte-order mark says so) is decoded to UTF-8 on the way,
//! with a warning: its offsets count bytes of the UTF-8 text. Invalid UTF-8 is replaced by
//! U+FFFD with a warning; for a whole-file document the replacements are recorded
//! ([`Document::repairs`]), so that offsets still address the file's bytes.
//!
//! [`Input::records`] yields records still unparsed, so that a batch can parse them on worker
//! threads; [`Input::documents`] parses them on the spot.

use super::jsonl::{self, Keys};
use super::{decode_lossy, decode_repairing, html, Document, Format};
use crate::error::{Error, Result};
use flate2::read::MultiGzDecoder;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The largest document read by default, in bytes (after decompression): 64 MiB.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 64 << 20;

/// Where an input comes from; `-` is stdin.
#[derive(Debug, Clone)]
pub struct Input {
    pub name: String,
    pub format: Format,
    /// The largest document (a whole file, or one JSONL line) read, in bytes after
    /// decompression; see the module's documentation.
    pub max_bytes: u64,
}

/// One document of an input, read but not yet parsed or segmented.
#[derive(Debug, Clone)]
pub enum Record {
    /// A JSONL line (1-based `line`), without its line break handled yet.
    Line {
        source: Arc<str>,
        line: usize,
        text: String,
    },
    /// A whole text, Markdown or HTML input. `repairs` as [`Document::repairs`].
    Text {
        id: String,
        text: String,
        format: Format,
        repairs: Vec<(usize, usize)>,
    },
}

impl Record {
    /// Bytes of text held, to bound how much a batch keeps in memory.
    pub fn len(&self) -> usize {
        match self {
            Record::Line { text, .. } | Record::Text { text, .. } => text.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Parse and segment into a document. A bad JSONL record is `Error::Record` (file, line).
    pub fn parse(self, keys: &Keys) -> Result<Document> {
        match self {
            Record::Line { source, line, text } => {
                jsonl::parse_record(&text, line, keys).map_err(|message| Error::Record {
                    source_name: source.to_string(),
                    line,
                    message,
                })
            }
            Record::Text {
                id,
                text,
                format,
                repairs,
            } => {
                let too_long = || Error::Input {
                    source_name: id.clone(),
                    message: super::too_long_message(),
                };
                let doc = if format == Format::Html {
                    Document::from_html(id.clone(), &text)
                } else if super::too_many_lines(&text) {
                    return Err(too_long());
                } else {
                    let mut doc = Document::from_text(id.clone(), text, format);
                    doc.repairs = repairs;
                    doc
                };
                if doc.too_long() {
                    return Err(too_long());
                }
                Ok(doc)
            }
        }
    }
}

/// Counts the bytes read from the file itself (compressed bytes for gzip), for progress.
struct Counted<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// UTF-16 text decoded to UTF-8 as it is read.
struct Utf16<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    /// Decoded bytes not yet handed out: `out[at..]`.
    out: Vec<u8>,
    at: usize,
    done: bool,
}

impl<R: BufRead> Read for Utf16<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.out.len() && !self.done {
            let input = self.inner.fill_buf()?;
            let last = input.is_empty();
            self.out.clear();
            self.at = 0;
            let want = self
                .decoder
                .max_utf8_buffer_length(input.len())
                .unwrap_or(1 << 20);
            self.out.resize(want.max(4), 0);
            let (_, read, written, _) = self.decoder.decode_to_utf8(input, &mut self.out, last);
            self.out.truncate(written);
            self.inner.consume(read);
            self.done = last;
        }
        let n = (self.out.len() - self.at).min(buf.len());
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The most capacity the JSONL reader's line buffer keeps between lines: one huge line should
/// not hold its memory for the rest of the input.
const KEPT_LINE_BUFFER: usize = 4 << 20;

/// A line read by [`read_line_capped`].
enum Line {
    /// The line (with its `\n`, if any) is in the buffer.
    Read,
    /// The line was longer than the cap: it was read to its end, and only `len` is known.
    TooLong {
        len: u64,
    },
    End,
}

/// Read one line into `buf` (cleared first), keeping at most `max` bytes: a longer line is
/// read on to its end without being kept, so that a huge line (a decompression bomb of one
/// line) costs time but not memory.
fn read_line_capped(r: &mut impl BufRead, buf: &mut Vec<u8>, max: u64) -> std::io::Result<Line> {
    buf.clear();
    let mut len = 0u64;
    let mut over = false;
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let (piece, found) = match memchr::memchr(b'\n', available) {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        let n = piece.len();
        len += n as u64;
        if !over && len > max {
            over = true;
            buf.clear();
            buf.shrink_to(1 << 16);
        }
        if !over {
            buf.extend_from_slice(piece);
        }
        r.consume(n);
        if found {
            break;
        }
    }
    Ok(if len == 0 {
        Line::End
    } else if over {
        Line::TooLong { len }
    } else {
        Line::Read
    })
}

/// A size in bytes for messages: "64 MiB", "1.5 GiB", "200 bytes".
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} bytes");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    if v.fract() == 0.0 {
        format!("{v:.0} {}", UNITS[unit])
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

impl Input {
    /// `forced` overrides the format the extension suggests.
    pub fn new(name: &str, forced: Option<Format>) -> Input {
        Input {
            name: name.to_string(),
            format: forced.unwrap_or_else(|| Format::from_path(name)),
            max_bytes: DEFAULT_MAX_DOC_BYTES,
        }
    }

    /// The largest document read, in bytes (see [`Input::max_bytes`]); at least 1.
    pub fn max_bytes(mut self, max: u64) -> Input {
        self.max_bytes = max.max(1);
        self
    }

    fn too_large(&self, what: &str) -> String {
        format!(
            "{what} is larger than the limit of {} per document (--max-doc-bytes): skipped",
            human_bytes(self.max_bytes)
        )
    }

    /// The input's bytes, decompressed when it is gzip and decoded to UTF-8 when it is UTF-16.
    /// `counter` gets the raw bytes read; `warn` is told about a UTF-16 decoding.
    fn open(
        &self,
        counter: Option<Arc<AtomicU64>>,
        warn: &(dyn Fn(String) + Sync),
    ) -> Result<Box<dyn BufRead + Send>> {
        let raw: Box<dyn Read + Send> = if self.name == "-" {
            Box::new(std::io::stdin())
        } else {
            Box::new(std::fs::File::open(&self.name).map_err(|e| Error::io(&self.name, e))?)
        };
        let raw: Box<dyn Read + Send> = match counter {
            Some(count) => Box::new(Counted { inner: raw, count }),
            None => raw,
        };
        let mut reader = BufReader::with_capacity(1 << 16, raw);
        let head = reader.fill_buf().map_err(|e| Error::io(&self.name, e))?;
        let gzip = head.starts_with(&GZIP_MAGIC) || self.name.to_ascii_lowercase().ends_with(".gz");
        let mut reader: Box<dyn BufRead + Send> = if gzip {
            Box::new(BufReader::with_capacity(
                1 << 16,
                MultiGzDecoder::new(reader),
            ))
        } else {
            Box::new(reader)
        };
        // An HTML page's charset (BOM included) is the page decoder's to find.
        if self.format == Format::Html {
            return Ok(reader);
        }
        let head = reader.fill_buf().map_err(|e| self.read_error(e, 0))?;
        let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(head)
            .filter(|(e, _)| *e == encoding_rs::UTF_16LE || *e == encoding_rs::UTF_16BE)
        else {
            return Ok(reader);
        };
        reader.consume(bom);
        warn(format!(
            "{}: decoded from {} (byte-order mark); offsets count bytes of its UTF-8 form",
            self.name,
            encoding.name()
        ));
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            Utf16 {
                inner: reader,
                decoder: encoding.new_decoder_without_bom_handling(),
                out: Vec::new(),
                at: 0,
                done: false,
            },
        )))
    }

    /// A read error at JSONL line `line` (0 for a whole file), said so that a damaged gzip
    /// stream is not mistaken for a bad disk.
    fn read_error(&self, e: std::io::Error, line: usize) -> Error {
        let message = e.to_string();
        // gzip checks its data only at the end of each member (CRC-32): the documents read
        // from a damaged member before its end passed through unchecked.
        let gzip = message.contains("gzip") || message.contains("deflate");
        match (line, gzip) {
            (0, _) => Error::io(&self.name, e),
            (1, _) | (_, false) => Error::Record {
                source_name: self.name.clone(),
                line,
                message: format!("{message}; the rest of this input is skipped"),
            },
            (_, true) => Error::Record {
                source_name: self.name.clone(),
                line,
                message: format!(
                    "{message}; the rest of this input is skipped, and the documents read from it \
                     before line {line} may be damaged too (gzip verifies its data only at the \
                     end of each member)"
                ),
            },
        }
    }

    /// The records of this input, in order, unparsed. `warn` receives non-fatal notices (lossy
    /// UTF-8); `counter`, when given, the bytes read from the file.
    pub fn records<'a>(
        &'a self,
        warn: &'a (dyn Fn(String) + Sync),
        counter: Option<Arc<AtomicU64>>,
    ) -> Result<Box<dyn Iterator<Item = Result<Record>> + Send + 'a>> {
        let mut reader = self.open(counter, warn)?;
        match self.format {
            Format::Jsonl => {
                let source: Arc<str> = self.name.as_str().into();
                let mut line_no = 0usize;
                let mut buf = Vec::new();
                let mut failed = false;
                Ok(Box::new(std::iter::from_fn(move || loop {
                    if failed {
                        return None;
                    }
                    match read_line_capped(&mut reader, &mut buf, self.max_bytes) {
                        Ok(Line::End) => return None,
                        Ok(Line::Read) => {}
                        Ok(Line::TooLong { len }) => {
                            line_no += 1;
                            return Some(Err(Error::Record {
                                source_name: self.name.clone(),
                                line: line_no,
                                message: self
                                    .too_large(&format!("this line ({})", human_bytes(len))),
                            }));
                        }
                        Err(e) => {
                            failed = true;
                            return Some(Err(self.read_error(e, line_no + 1)));
                        }
                    }
                    line_no += 1;
                    // A copy of the exact length, the buffer kept for the next line: taking
                    // the buffer itself made every line grow a new one from nothing, with a
                    // reallocation and a copy at each doubling, in fresh memory.
                    let (mut line, lossy) = decode_lossy(buf.to_vec());
                    if buf.capacity() > KEPT_LINE_BUFFER {
                        buf = Vec::new();
                    }
                    if lossy {
                        warn(format!("{}:{line_no}: invalid UTF-8 replaced", self.name));
                    }
                    // A byte-order mark is not part of the first record.
                    if line_no == 1 && line.starts_with('\u{feff}') {
                        line.drain(..3);
                    }
                    if line.trim().is_empty() {
                        continue;
                    }
                    return Some(Ok(Record::Line {
                        source: source.clone(),
                        line: line_no,
                        text: line,
                    }));
                })))
            }
            format => {
                let mut bytes = Vec::new();
                // One byte past the limit tells a file over it from one exactly at it.
                (&mut reader)
                    .take(self.max_bytes.saturating_add(1))
                    .read_to_end(&mut bytes)
                    .map_err(|e| self.read_error(e, 0))?;
                if bytes.len() as u64 > self.max_bytes {
                    return Err(Error::Input {
                        source_name: self.name.clone(),
                        message: self.too_large("this file"),
                    });
                }
                let id = if self.name == "-" {
                    "stdin".to_string()
                } else {
                    self.name.clone()
                };
                let (text, lossy, repairs) = if format == Format::Html {
                    // BOM, then <meta charset>, then UTF-8; bytes invalid in it are replaced.
                    let (text, lossy) = html::decode_html(&bytes);
                    (text, lossy, Vec::new())
                } else {
                    let (text, repairs) = decode_repairing(bytes);
                    let lossy = !repairs.is_empty();
                    (text, lossy, repairs)
                };
                if lossy {
                    let what = if format == Format::Html {
                        "bytes invalid in the page's charset"
                    } else {
                        "invalid UTF-8"
                    };
                    warn(format!("{}: {what} replaced", self.name));
                }
                Ok(Box::new(std::iter::once(Ok(Record::Text {
                    id,
                    text,
                    format,
                    repairs,
                }))))
            }
        }
    }

    /// The documents of this input, in order. `warn` receives non-fatal notices (lossy UTF-8).
    pub fn documents<'a>(
        &'a self,
        keys: &'a Keys,
        warn: &'a (dyn Fn(String) + Sync),
    ) -> Result<Box<dyn Iterator<Item = Result<Document>> + 'a>> {
        let records = self.records(warn, None)?;
        Ok(Box::new(
            records.map(move |r| r.and_then(|r| r.parse(keys))),
        ))
    }
}

/// Read labelled paragraphs for training or evaluation from a CSV
/// (`doc_id,index,text,label[,kind]`) or JSONL (`{"id", "paragraphs": [{"text", "label", "kind"}]}`)
/// file. Fails on the first bad row, naming it: training data must be whole. In JSONL a paragraph
/// may have `"label": null` (ambiguous), but every document needs at least one labelled one.
pub fn read_labelled(path: &Path) -> Result<Vec<Document>> {
    let name = path.display().to_string();
    let lower = name.to_ascii_lowercase();
    if lower
        .strip_suffix(".gz")
        .unwrap_or(&lower)
        .ends_with(".csv")
    {
        return read_labelled_csv(path);
    }
    let input = Input::new(&name, Some(Format::Jsonl));
    let keys = Keys::default();
    let docs: Vec<Document> = input.documents(&keys, &|_| {})?.collect::<Result<_>>()?;
    if let Some(d) = docs.iter().find(|d| !d.is_labelled()) {
        return Err(Error::Input {
            source_name: name,
            message: format!("document {} has no paragraph with a \"label\"", d.id),
        });
    }
    Ok(docs)
}

fn read_labelled_csv(path: &Path) -> Result<Vec<Document>> {
    let name = path.display().to_string();
    // Through the one reader: `.csv.gz` is decompressed like any other input.
    let input = Input::new(&name, Some(Format::Text));
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(input.open(None, &|_| {})?);
    let headers = rdr
        .headers()
        .map_err(|e| Error::Input {
            source_name: name.clone(),
            message: e.to_string(),
        })?
        .clone();
    let col = |want: &str| headers.iter().position(|h| h.trim() == want);
    let missing = |c: &str| Error::Input {
        source_name: name.clone(),
        message: format!("missing column \"{c}\" (need doc_id,index,text,label[,kind])"),
    };
    let (c_doc, c_idx, c_text, c_label) = (
        col("doc_id").ok_or_else(|| missing("doc_id"))?,
        col("index").ok_or_else(|| missing("index"))?,
        col("text").ok_or_else(|| missing("text"))?,
        col("label").ok_or_else(|| missing("label"))?,
    );
    let c_kind = col("kind");
    let mut order: Vec<String> = Vec::new();
    let mut by_doc: std::collections::HashMap<String, Vec<(usize, super::Paragraph)>> =
        Default::default();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            Error::Record {
                source_name: name.clone(),
                line,
                message: e.to_string(),
            }
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let bad = |message: String| Error::Record {
            source_name: name.clone(),
            line,
            message,
        };
        let doc_id = rec[c_doc].to_string();
        let index: usize = rec[c_idx].trim().parse().map_err(|_| {
            bad(format!(
                "field index: \"{}\" is not a whole number",
                &rec[c_idx]
            ))
        })?;
        let label = jsonl::parse_label_str(&rec[c_label])
            .ok_or_else(|| bad(format!("field label: \"{}\" is not 0 or 1", &rec[c_label])))?;
        let kind = c_kind.map(|c| rec[c].to_string()).filter(|k| !k.is_empty());
        let p = super::Paragraph {
            label: Some(label),
            kind,
            ..super::Paragraph::new(&rec[c_text])
        };
        by_doc
            .entry(doc_id.clone())
            .or_insert_with(|| {
                order.push(doc_id);
                Vec::new()
            })
            .push((index, p));
    }
    Ok(order
        .into_iter()
        .map(|id| {
            let mut ps = by_doc.remove(&id).unwrap_or_default();
            ps.sort_by_key(|(i, _)| *i);
            Document {
                id,
                paragraphs: ps.into_iter().map(|(_, p)| p).collect(),
                ..Document::default()
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_groups_by_document_and_orders_by_index() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("l.csv");
        std::fs::write(&p, "doc_id,index,text,label,kind\na,1,second,1,ad\na,0,first,0,content\nb,0,\"x, y\",0,content\n").unwrap();
        let docs = read_labelled(&p).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].paragraphs[0].text, "first");
        assert_eq!(docs[0].paragraphs[1].kind.as_deref(), Some("ad"));
        assert_eq!(docs[1].paragraphs[0].text, "x, y");
    }

    #[test]
    fn csv_errors_name_line_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("l.csv");
        std::fs::write(&p, "doc_id,index,text,label\na,0,ok,0\na,1,bad,maybe\n").unwrap();
        let e = read_labelled(&p).unwrap_err().to_string();
        assert!(e.contains(":3:") && e.contains("field label"), "{e}");
        std::fs::write(&p, "doc,index,text,label\n").unwrap();
        assert!(read_labelled(&p)
            .unwrap_err()
            .to_string()
            .contains("doc_id"));
    }

    #[test]
    fn jsonl_bad_line_is_reported_and_the_rest_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.jsonl");
        std::fs::write(
            &p,
            b"{\"id\":\"a\",\"text\":\"one\"}\n{oops\n\n{\"id\":\"c\",\"text\":\"t\xff\"}\n",
        )
        .unwrap();
        let input = Input::new(p.to_str().unwrap(), None);
        let warned = std::sync::Mutex::new(Vec::new());
        let warn = |m: String| warned.lock().unwrap().push(m);
        let keys = Keys::default();
        let items: Vec<Result<Document>> = input.documents(&keys, &warn).unwrap().collect();
        assert_eq!(items.len(), 3);
        assert!(items[1]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains(":2: invalid JSON"));
        assert_eq!(items[2].as_ref().unwrap().id, "c");
        assert!(warned.lock().unwrap()[0].contains(":4:"));
    }
}
