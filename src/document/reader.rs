//! Reading inputs into documents: files or stdin, text/Markdown/HTML as one document, JSONL as
//! one document per line, streamed; gzip input (a `.gz` name or the gzip magic bytes) is
//! decompressed on the way, concatenated members included. A bad record is an `Err` item naming
//! the file and line; the items after it still come. A read error (a corrupt gzip member, a
//! failing disk) is one `Err` item naming the line it hit, and ends that input: nothing after
//! it can be trusted to be where it was.
//!
//! [`Input::records`] yields records still unparsed, so that a batch can parse them on worker
//! threads; [`Input::documents`] parses them on the spot.

use super::jsonl::{self, Keys};
use super::{decode_lossy, html, Document, Format};
use crate::error::{Error, Result};
use flate2::read::MultiGzDecoder;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Where an input comes from; `-` is stdin.
#[derive(Debug, Clone)]
pub struct Input {
    pub name: String,
    pub format: Format,
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
    /// A whole text, Markdown or HTML input.
    Text {
        id: String,
        text: String,
        format: Format,
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
                format: Format::Html,
            } => Ok(Document::from_html(id, &text)),
            Record::Text { id, text, format } => Ok(Document::from_text(id, text, format)),
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

impl Input {
    /// `forced` overrides the format the extension suggests.
    pub fn new(name: &str, forced: Option<Format>) -> Input {
        Input {
            name: name.to_string(),
            format: forced.unwrap_or_else(|| Format::from_path(name)),
        }
    }

    /// The input's bytes, decompressed when it is gzip. `counter` gets the raw bytes read.
    fn open(&self, counter: Option<Arc<AtomicU64>>) -> Result<Box<dyn BufRead + Send>> {
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
        if gzip {
            Ok(Box::new(BufReader::with_capacity(
                1 << 16,
                MultiGzDecoder::new(reader),
            )))
        } else {
            Ok(Box::new(reader))
        }
    }

    /// The records of this input, in order, unparsed. `warn` receives non-fatal notices (lossy
    /// UTF-8); `counter`, when given, the bytes read from the file.
    pub fn records<'a>(
        &'a self,
        warn: &'a (dyn Fn(String) + Sync),
        counter: Option<Arc<AtomicU64>>,
    ) -> Result<Box<dyn Iterator<Item = Result<Record>> + Send + 'a>> {
        let mut reader = self.open(counter)?;
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
                    buf.clear();
                    match reader.read_until(b'\n', &mut buf) {
                        Ok(0) => return None,
                        Ok(_) => {}
                        Err(e) => {
                            failed = true;
                            return Some(Err(Error::Record {
                                source_name: self.name.clone(),
                                line: line_no + 1,
                                message: format!("{e}; the rest of this input is skipped"),
                            }));
                        }
                    }
                    line_no += 1;
                    let (line, lossy) = decode_lossy(std::mem::take(&mut buf));
                    if lossy {
                        warn(format!("{}:{line_no}: invalid UTF-8 replaced", self.name));
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
                reader
                    .read_to_end(&mut bytes)
                    .map_err(|e| Error::io(&self.name, e))?;
                let id = if self.name == "-" {
                    "stdin".to_string()
                } else {
                    self.name.clone()
                };
                let (text, lossy) = if format == Format::Html {
                    // BOM, then <meta charset>, then UTF-8; bytes invalid in it are replaced.
                    html::decode_html(&bytes)
                } else {
                    decode_lossy(bytes)
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
    if name.to_ascii_lowercase().ends_with(".csv") {
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
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(path)
        .map_err(|e| Error::Input {
            source_name: name.clone(),
            message: e.to_string(),
        })?;
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
