//! Batches: many inputs (files, directories, stdin, JSONL, gzip) scored on every core, in
//! constant memory, results handed back in input order, a bad document never stopping the rest.
//!
//! One reader thread walks the inputs and cuts their records into chunks (at most
//! [`Batch::chunk`] documents or bytes); a channel holds at most two chunks ahead of the
//! workers. Each chunk is parsed, segmented, scored and rendered on the rayon pool, then handed
//! to the caller's sink one outcome at a time, in input order. Memory is therefore bounded by a
//! few chunks, whatever the size of the input.

use crate::document::inputs;
use crate::document::jsonl::Keys;
use crate::document::reader::{Input, Record};
use crate::document::{Document, Format};
use crate::error::{Error, Result};
use crate::pipeline::{Pipeline, ScoredDocument};
use rayon::prelude::*;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;

/// What became of one document (or one input that could not be read).
#[derive(Debug)]
pub enum Outcome<T> {
    /// Scored and rendered; `flagged` paragraphs over the threshold.
    Scored { flagged: usize, value: T },
    /// Not scored. `name` says which: the file, or `FILE:LINE` for a JSONL record.
    Failed { name: String, error: Error },
}

/// The name a failure is reported under, and its message without that name.
pub fn failure_parts(error: &Error) -> (String, String) {
    match error {
        Error::Record {
            source_name,
            line,
            message,
        } => (format!("{source_name}:{line}"), message.clone()),
        Error::Io { path, source } => (path.display().to_string(), source.to_string()),
        Error::Input {
            source_name,
            message,
        } => (source_name.clone(), message.clone()),
        other => (String::new(), other.to_string()),
    }
}

/// A configured batch: `Batch::new(&pipeline).keys(k).forced(f).run(...)`.
pub struct Batch<'p> {
    pipeline: &'p Pipeline,
    keys: Keys,
    forced: Option<Format>,
    max_doc_bytes: u64,
    chunk_docs: usize,
    /// `None`: [`CHUNK_BYTES_PER_THREAD`] for each thread of the pool.
    chunk_bytes: Option<usize>,
    /// Raw bytes read from the inputs by the reader thread.
    bytes_read: Arc<AtomicU64>,
    /// `bytes_read` as it was when the last outcome handed out was read.
    bytes_done: AtomicU64,
}

/// The bytes of text a chunk holds for each thread that scores it, unless [`Batch::chunk`]
/// says otherwise. Up to four chunks are in memory at once (one scored, two waiting, one being
/// read), and every byte of them is fresh memory the kernel zeroes: with 16 MiB chunks,
/// 660 web pages of 320 KB each peaked at 260 MB and spent 0.4-0.6 s of system time zeroing
/// pages at `-j 1`; at 4 MiB, 181 MB and 0.1 s, and 10% less wall time (`-j 2` too).
/// Plain-text documents close their chunks at 256 documents long before this.
const CHUNK_BYTES_PER_THREAD: usize = 2 << 20;

/// A record (or a failure), and `bytes_read` just after it was read.
type Item = (Result<Record>, u64);

impl<'p> Batch<'p> {
    pub fn new(pipeline: &'p Pipeline) -> Self {
        Batch {
            pipeline,
            keys: Keys::default(),
            forced: None,
            max_doc_bytes: crate::document::reader::DEFAULT_MAX_DOC_BYTES,
            chunk_docs: 256,
            chunk_bytes: None,
            bytes_read: Arc::new(AtomicU64::new(0)),
            bytes_done: AtomicU64::new(0),
        }
    }

    /// JSONL field names (default `id`, `text`).
    pub fn keys(mut self, keys: Keys) -> Self {
        self.keys = keys;
        self
    }

    /// Read every input in this format instead of guessing from its name.
    pub fn forced(mut self, format: Option<Format>) -> Self {
        self.forced = format;
        self
    }

    /// The largest document read, in bytes after decompression (default 64 MiB): a larger file
    /// or JSONL line is a failed document, and the batch goes on.
    pub fn max_doc_bytes(mut self, max: u64) -> Self {
        self.max_doc_bytes = max.max(1);
        self
    }

    /// A chunk closes at `docs` documents or `bytes` bytes of text, whichever comes first
    /// (defaults 256, and 2 MiB for each thread of the rayon pool, at least two). Larger
    /// chunks keep more cores busy on uneven documents; smaller ones hold less in memory.
    pub fn chunk(mut self, docs: usize, bytes: usize) -> Self {
        self.chunk_docs = docs.max(1);
        self.chunk_bytes = Some(bytes.max(1));
        self
    }

    /// Bytes of input (compressed bytes for gzip) up to the last outcome handed to the sink, for
    /// progress display. The reader runs a few chunks ahead; this does not.
    pub fn bytes_done(&self) -> u64 {
        self.bytes_done.load(Ordering::Relaxed)
    }

    /// Score every document of `names` (see [`inputs::expand`]). `render` runs on the worker
    /// threads and turns a scored document into what the caller keeps; `sink` runs on the
    /// calling thread and receives each outcome in input order. An error from `sink` (a closed
    /// pipe) stops the batch and is returned.
    pub fn run<T, R, S>(
        &self,
        names: &[String],
        warn: &(dyn Fn(String) + Sync),
        render: R,
        mut sink: S,
    ) -> io::Result<()>
    where
        T: Send,
        R: Fn(Document, ScoredDocument) -> T + Sync,
        S: FnMut(Outcome<T>) -> io::Result<()>,
    {
        // Sized for the pool the chunks are scored on: asked here, on the calling thread, which
        // may run inside a pool of its own (`ThreadPool::install`); the reader is not in it.
        let max_bytes = self
            .chunk_bytes
            .unwrap_or(CHUNK_BYTES_PER_THREAD * rayon::current_num_threads().max(2));
        std::thread::scope(|scope| {
            let (tx, rx) = sync_channel::<Vec<Item>>(2);
            scope.spawn(move || self.read(names, warn, tx, max_bytes));
            // `rx` is consumed here: leaving early drops it, which ends the reader thread.
            for chunk in rx {
                let outcomes: Vec<(Outcome<T>, u64)> = chunk
                    .into_par_iter()
                    .map(|(item, at)| (self.process(item, &render), at))
                    .collect();
                for (outcome, at) in outcomes {
                    self.bytes_done.store(at, Ordering::Relaxed);
                    sink(outcome)?;
                }
            }
            Ok(())
        })
    }

    fn process<T>(
        &self,
        item: Result<Record>,
        render: &(impl Fn(Document, ScoredDocument) -> T + Sync),
    ) -> Outcome<T> {
        match item.and_then(|record| record.parse(&self.keys)) {
            Ok(doc) => {
                let scored = self.pipeline.score(&doc);
                Outcome::Scored {
                    flagged: scored.flagged(),
                    value: render(doc, scored),
                }
            }
            Err(error) => Outcome::Failed {
                name: failure_parts(&error).0,
                error,
            },
        }
    }

    /// The reader thread: inputs -> records -> chunks, until the inputs end or the consumer
    /// hangs up.
    fn read(
        &self,
        names: &[String],
        warn: &(dyn Fn(String) + Sync),
        tx: SyncSender<Vec<Item>>,
        max_bytes: usize,
    ) {
        let mut chunker = Chunker {
            tx,
            chunk: Vec::new(),
            bytes: 0,
            max_docs: self.chunk_docs,
            max_bytes,
            read: &self.bytes_read,
        };
        let mut walk = inputs::expand(names);
        for name in walk.by_ref() {
            let more = match name {
                Err(e) => chunker.push(Err(e)),
                Ok(name) => {
                    let input = Input::new(&name, self.forced).max_bytes(self.max_doc_bytes);
                    let records = input.records(warn, Some(self.bytes_read.clone()));
                    match records {
                        Ok(mut records) => records.all(|r| chunker.push(r)),
                        Err(e) => chunker.push(Err(e)),
                    }
                }
            };
            if !more {
                return;
            }
        }
        if let Some(notice) = walk.skipped() {
            warn(notice);
        }
        chunker.flush();
    }
}

struct Chunker<'a> {
    tx: SyncSender<Vec<Item>>,
    read: &'a AtomicU64,
    chunk: Vec<Item>,
    bytes: usize,
    max_docs: usize,
    max_bytes: usize,
}

impl Chunker<'_> {
    /// Add an item; false when the consumer has gone.
    fn push(&mut self, item: Result<Record>) -> bool {
        self.bytes += item.as_ref().map_or(0, Record::len);
        self.chunk.push((item, self.read.load(Ordering::Relaxed)));
        if self.chunk.len() >= self.max_docs || self.bytes >= self.max_bytes {
            return self.flush();
        }
        true
    }

    fn flush(&mut self) -> bool {
        self.bytes = 0;
        if self.chunk.is_empty() {
            return true;
        }
        self.tx.send(std::mem::take(&mut self.chunk)).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

    #[test]
    fn outcomes_keep_input_order_across_chunks_and_failures() {
        let dir = tempfile::tempdir().unwrap();
        let mut lines = String::new();
        for i in 0..50 {
            if i % 7 == 3 {
                lines.push_str("{not json\n");
            } else {
                lines.push_str(&format!(
                    "{{\"id\":\"d{i}\",\"text\":\"Paragraph {i} here.\\n\\nAnother one.\"}}\n"
                ));
            }
        }
        let p = dir.path().join("in.jsonl");
        std::fs::write(&p, lines).unwrap();
        let names = vec![p.display().to_string(), "/no/such/input.txt".to_string()];
        let pipeline = Pipeline::new(Model::embedded());
        let batch = Batch::new(&pipeline).chunk(4, 1 << 20);
        let mut seen = Vec::new();
        batch
            .run(
                &names,
                &|_| {},
                |doc, _| doc.id,
                |o| {
                    seen.push(match o {
                        Outcome::Scored { value, .. } => value,
                        Outcome::Failed { name, .. } => {
                            format!("failed {}", name.rsplit('/').next().unwrap())
                        }
                    });
                    Ok(())
                },
            )
            .unwrap();
        let want: Vec<String> = (0..50)
            .map(|i| {
                if i % 7 == 3 {
                    format!("failed in.jsonl:{}", i + 1)
                } else {
                    format!("d{i}")
                }
            })
            .chain(["failed input.txt".to_string()])
            .collect();
        assert_eq!(seen, want);
        assert_eq!(batch.bytes_done(), std::fs::metadata(&p).unwrap().len());
    }

    #[test]
    fn a_sink_error_stops_the_batch() {
        let text: String = (0..2000)
            .map(|i| format!("{{\"id\":\"{i}\",\"text\":\"x\"}}\n"))
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("in.jsonl");
        std::fs::write(&p, text).unwrap();
        let pipeline = Pipeline::new(Model::embedded());
        let mut n = 0;
        let r = Batch::new(&pipeline).chunk(8, 1 << 20).run(
            &[p.display().to_string()],
            &|_| {},
            |_, _| (),
            |_| {
                n += 1;
                if n == 10 {
                    Err(io::ErrorKind::BrokenPipe.into())
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r.unwrap_err().kind(), io::ErrorKind::BrokenPipe);
        assert_eq!(n, 10);
    }
}
