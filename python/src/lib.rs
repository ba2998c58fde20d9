//! Python bindings of seam: `seam.Scorer` and `seam.SeamError` (module `seam._seam`; the Python
//! package `seam/` re-exports them and adds `seam.spark`).
//!
//! Nothing is computed here that the command line computes differently: a result dict is the
//! wire object of one line of `seam score --format jsonl` (`seam::output::json::document_wire`,
//! turned into Python objects by `pythonize` instead of into bytes), a Dolma record is
//! `seam::output::dolma::record_value`, and a model file is loaded and named the way `--model`
//! does it. What is only here: reading Python strings and bytes, the thread pools, and turning
//! errors and panics into `seam.SeamError`.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyInt, PyList, PyString};
use pythonize::pythonize;
use rayon::prelude::*;
use seam::document::html::decode_html;
use seam::document::{decode_lossy, Document, Format};
use seam::model::Model;
use seam::output::json::r4;
use seam::output::{dolma, json};
use seam::pipeline::{Pipeline, ScoredDocument};
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

// The `seam` binary's allocator, so that Python scores as fast as the command line: a document
// allocates a few dozen short-lived buffers, and glibc malloc and free took about 8% of scoring
// time. Only Rust's allocations go through it; Python objects keep Python's allocator.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

pyo3::create_exception!(
    seam,
    SeamError,
    PyValueError,
    "An error from seam, with the message the command line prints: a model file that cannot \
     be read or does not fit this build, an unknown format, a bad argument. Also raised, as an \
     \"internal error\", for a panic inside seam, which never crosses into Python as anything \
     else."
);

fn seam_error(e: impl std::fmt::Display) -> PyErr {
    SeamError::new_err(e.to_string())
}

/// Run `f`, turning a panic into `SeamError`. Panics inside rayon's workers come back to the
/// thread that waits for them and are caught here too.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".into());
        format!("internal error: {what} (a bug in seam: please report it with the document)")
    })
}

/// A document as it arrives from Python: `str`, or `bytes` decoded the way the command line
/// decodes a file (UTF-8 with invalid bytes replaced; for HTML the page's charset: the BOM,
/// then `<meta charset>`, else UTF-8).
enum Source {
    Str(String),
    Bytes(Vec<u8>),
}

impl Source {
    fn len(&self) -> usize {
        match self {
            Source::Str(s) => s.len(),
            Source::Bytes(b) => b.len(),
        }
    }

    fn extract(obj: &Bound<'_, PyAny>) -> PyResult<Source> {
        if let Ok(s) = obj.cast::<PyString>() {
            Ok(Source::Str(s.to_cow()?.into_owned()))
        } else if let Ok(b) = obj.cast::<PyBytes>() {
            Ok(Source::Bytes(b.as_bytes().to_vec()))
        } else {
            Err(PyTypeError::new_err(format!(
                "a document must be str or bytes, not {}",
                obj.get_type().name()?
            )))
        }
    }

    /// Segment into a document, as `seam score` does a file of this format.
    fn document(self, id: String, format: Format) -> Document {
        match format {
            Format::Html => {
                let page = match self {
                    Source::Str(s) => s,
                    Source::Bytes(b) => decode_html(&b).0,
                };
                Document::from_html(id, &page)
            }
            _ => {
                let text = match self {
                    Source::Str(s) => s,
                    Source::Bytes(b) => decode_lossy(b).0,
                };
                Document::from_text(id, text, format)
            }
        }
    }
}

fn parse_format(name: &str) -> PyResult<Format> {
    match name {
        "text" | "txt" => Ok(Format::Text),
        "markdown" | "md" => Ok(Format::Markdown),
        "html" | "htm" => Ok(Format::Html),
        _ => Err(seam_error(format!(
            "unknown format \"{name}\": expected text, markdown or html"
        ))),
    }
}

/// A document id: a `str`, or an `int` written in decimal (as seam reads a JSONL record's
/// numeric id).
fn extract_id(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        Ok(s.to_cow()?.into_owned())
    } else if obj.is_instance_of::<PyInt>() {
        Ok(obj.str()?.to_cow()?.into_owned())
    } else {
        Err(PyTypeError::new_err(format!(
            "a document id must be str or int, not {}",
            obj.get_type().name()?
        )))
    }
}

/// One pool per `jobs` value asked for, kept for the life of the process: building a pool
/// starts threads, and a caller scoring batch after batch should not pay that every time.
fn pool(jobs: usize) -> PyResult<Arc<rayon::ThreadPool>> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let mut pools = POOLS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(p) = pools.get(&jobs) {
        return Ok(p.clone());
    }
    let p = Arc::new(
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .thread_name(|i| format!("seam-{i}"))
            .build()
            .map_err(seam_error)?,
    );
    pools.insert(jobs, p.clone());
    Ok(p)
}

/// Map `f` over `items` in input order with the GIL released: on the calling thread for
/// `jobs=1`, on a pool of `jobs` threads, or on rayon's global pool (every core) for `None`.
fn run_many<I: Send, T: Send>(
    py: Python<'_>,
    items: Vec<I>,
    jobs: Option<usize>,
    f: impl Fn(I) -> T + Sync + Send,
) -> PyResult<Vec<T>> {
    let pool = match jobs {
        Some(0) => return Err(seam_error("jobs must be at least 1")),
        Some(1) | None => None,
        Some(n) => Some(pool(n)?),
    };
    let sequential = jobs == Some(1) || items.len() < 2;
    py.detach(|| {
        guarded(|| {
            if sequential {
                items.into_iter().map(&f).collect()
            } else {
                let work = || items.into_par_iter().map(&f).collect();
                match &pool {
                    Some(p) => p.install(work),
                    None => work(),
                }
            }
        })
    })
    .map_err(seam_error)
}

/// Chunks of `items` (at least one item each, about `CHUNK_BYTES` of text), in order.
fn chunks<I>(items: Vec<I>, bytes: impl Fn(&I) -> usize) -> Vec<Vec<I>> {
    /// Big enough that a chunk keeps every core busy, small enough that the first results
    /// reach Python early.
    const CHUNK_BYTES: usize = 1 << 20;
    let mut out = Vec::new();
    let mut chunk = Vec::new();
    let mut size = 0;
    for item in items {
        size += bytes(&item);
        chunk.push(item);
        if size >= CHUNK_BYTES {
            out.push(std::mem::take(&mut chunk));
            size = 0;
        }
    }
    if !chunk.is_empty() {
        out.push(chunk);
    }
    out
}

/// A rayon scope on `pool`, or on the global pool, whose body runs on this thread.
fn in_place_scope<'scope, R>(
    pool: Option<&rayon::ThreadPool>,
    op: impl FnOnce(&rayon::Scope<'scope>) -> R,
) -> R {
    match pool {
        Some(p) => p.in_place_scope(op),
        None => rayon::in_place_scope(op),
    }
}

/// [`run_many`] whose results become Python objects as they come: the pool scores the input
/// chunk by chunk, and this thread, attached to Python, turns each scored chunk into objects
/// with `convert` while the pool scores the next. Building the objects needs the GIL, so it
/// is the one serial part of a batch; done after the scoring it would add to the batch's time,
/// done meanwhile it is hidden behind it. `jobs` must not be 1 (that runs on this thread
/// alone: see `run_many`).
fn run_many_converting<I: Send, T: Send>(
    py: Python<'_>,
    items: Vec<I>,
    bytes: impl Fn(&I) -> usize,
    jobs: Option<usize>,
    f: impl Fn(I) -> T + Sync + Send,
    convert: impl for<'py> Fn(Python<'py>, Vec<T>) -> PyResult<Vec<Bound<'py, PyAny>>> + Sync,
) -> PyResult<Vec<Py<PyAny>>> {
    let pool = match jobs {
        Some(0) => return Err(seam_error("jobs must be at least 1")),
        Some(n) => Some(pool(n)?),
        None => None,
    };
    let chunks = chunks(items, bytes);
    let mut out: Vec<Py<PyAny>> = Vec::new();
    let mut failed: Option<PyErr> = None;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<T>>(1);
    let _pause = GcPause::new(py)?;
    py.detach(|| {
        guarded(|| {
            in_place_scope(pool.as_deref(), |scope| {
                let f = &f;
                scope.spawn(move |_| {
                    for chunk in chunks {
                        let scored: Vec<T> = chunk.into_par_iter().map(f).collect();
                        if tx.send(scored).is_err() {
                            break; // the converting side failed and stopped listening
                        }
                    }
                });
                for scored in rx.iter() {
                    let converted = Python::attach(|py| -> PyResult<()> {
                        out.extend(convert(py, scored)?.into_iter().map(Bound::unbind));
                        Ok(())
                    });
                    if let Err(e) = converted {
                        failed = Some(e);
                        break;
                    }
                }
                drop(rx);
            })
        })
    })
    .map_err(seam_error)?;
    match failed {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// Scores each paragraph of a document for "does not belong": a spliced ad, spam, boilerplate,
/// page furniture, a paragraph from another text.
///
/// ``Scorer(model=None, threshold=None, reasons=3, keep_comments=False)``
///
/// - ``model``: the path of a model file (``seam train -o``), used for every document, as
///   ``seam score --model PATH``; it is named after the file. ``None``: the embedded models,
///   the text model and, for ``format="html"``, the HTML model with the text model's check.
/// - ``threshold``: flag paragraphs scoring at or above this (between 0 and 1) instead of the
///   model's own threshold.
/// - ``reasons``: how many reasons to give per flagged paragraph.
/// - ``keep_comments``: keep readers' comments below a web page's story (scored like any
///   block) instead of flagging them, as ``--keep-comments``.
///
/// A Scorer is immutable and safe to share between threads; build one and reuse it (loading a
/// model file takes a while, scoring a document does not).
#[pyclass(frozen, module = "seam")]
struct Scorer {
    pipeline: Pipeline,
    /// The Dolma attribute name, `seam__MODEL__offtopic`.
    attribute: String,
    reasons: usize,
    keep_comments: bool,
}

impl Scorer {
    fn build(
        pipeline: Pipeline,
        threshold: Option<f64>,
        reasons: usize,
        keep_comments: bool,
    ) -> PyResult<Scorer> {
        let mut pipeline = pipeline.reasons(reasons).keep_comments(keep_comments);
        if let Some(t) = threshold {
            // As `--threshold` checks it.
            if !(0.0..=1.0).contains(&t) {
                return Err(seam_error(format!(
                    "threshold {t} is not a number between 0 and 1"
                )));
            }
            pipeline = pipeline.threshold(t as f32);
        }
        Ok(Scorer {
            attribute: dolma::attribute_name(&pipeline.name()),
            pipeline,
            reasons,
            keep_comments,
        })
    }

    /// Extract `texts` (and `ids`: given, or each text's position) as (id, source) pairs.
    fn inputs(
        texts: &Bound<'_, PyAny>,
        ids: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<(String, Source)>> {
        let sources = texts
            .try_iter()?
            .map(|t| Source::extract(&t?))
            .collect::<PyResult<Vec<_>>>()?;
        let ids: Vec<String> = match ids {
            Some(ids) => ids
                .try_iter()?
                .map(|i| extract_id(&i?))
                .collect::<PyResult<_>>()?,
            None => (0..sources.len()).map(|i| i.to_string()).collect(),
        };
        if ids.len() != sources.len() {
            return Err(seam_error(format!(
                "{} ids for {} texts: give one id per text",
                ids.len(),
                sources.len()
            )));
        }
        Ok(ids.into_iter().zip(sources).collect())
    }

    fn score_doc(&self, id: String, source: Source, format: Format) -> (Document, ScoredDocument) {
        let doc = source.document(id, format);
        let scored = self.pipeline.score(&doc);
        (doc, scored)
    }

    /// The cleaned text, as `seam clean FILE` writes it.
    fn cleaned(doc: &Document, scored: &ScoredDocument) -> String {
        let mut text = doc.without(&scored.flags());
        // As the command line does (src/cli/mod.rs, `clean`): the kept blocks of a page (no
        // source layout to keep) end like a text file.
        if doc.source.is_none() && !text.is_empty() {
            text.push('\n');
        }
        text
    }

    /// Score one document on this thread with the GIL released.
    fn one<T: Send>(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        id: String,
        format: &str,
        f: impl Fn(Document, ScoredDocument) -> T + Sync + Send,
    ) -> PyResult<T> {
        let format = parse_format(format)?;
        let source = Source::extract(text)?;
        let mut out = run_many(py, vec![(id, source)], Some(1), |(id, source)| {
            let (doc, scored) = self.score_doc(id, source, format);
            f(doc, scored)
        })?;
        Ok(out.pop().expect("one document in, one out"))
    }

    /// Score many documents in input order on `jobs` threads with the GIL released.
    fn many<T: Send>(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        ids: Option<&Bound<'_, PyAny>>,
        format: &str,
        jobs: Option<usize>,
        f: impl Fn(Document, ScoredDocument) -> T + Sync + Send,
    ) -> PyResult<Vec<T>> {
        let format = parse_format(format)?;
        let inputs = Self::inputs(texts, ids)?;
        run_many(py, inputs, jobs, |(id, source)| {
            let (doc, scored) = self.score_doc(id, source, format);
            f(doc, scored)
        })
    }
}

/// Python's cyclic garbage collector paused while a batch's result objects are built, and
/// resumed (if it ran before) when dropped. Every few hundred new dicts and lists start a
/// collection that walks the objects built so far: 5-10% of `score_many`'s time, for objects
/// that cannot form a cycle. (Other Python threads, which run while the batch is scored,
/// allocate with the collector paused too, until the batch ends.)
struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> PyResult<GcPause<'py>> {
        let gc = py.import("gc")?;
        if gc.call_method0("isenabled")?.is_truthy()? {
            gc.call_method0("disable")?;
            Ok(GcPause { gc: Some(gc) })
        } else {
            Ok(GcPause { gc: None })
        }
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            let _ = gc.call_method0("enable");
        }
    }
}

/// A result object: the object of one line of `seam score --format jsonl`, which
/// `json::document_wire` defines, built key for key in the same order. Not through serde
/// (`pythonize`, [`Scorer::_score_via_serde`]): that makes a new key string for every key of
/// every paragraph and took half of `score_many`'s time; here the keys are interned once. A
/// test holds the two equal on every example and corpus document.
fn result_object<'py>(
    py: Python<'py>,
    doc: &Document,
    scored: &ScoredDocument,
) -> PyResult<Bound<'py, PyAny>> {
    Shapes::new(py)?.result(doc, scored)
}

/// The shapes of a result's paragraph dicts, made once per batch: a paragraph's dict is a copy
/// of the empty dict of its shape (its keys already in place, in the line's order, the table
/// already its final size) with the values then set, which builds it faster than inserting
/// into a new dict key by key.
struct Shapes<'py> {
    py: Python<'py>,
    /// end, flagged, index, reasons, score, start, text: a paragraph cut from a text
    spanned: Bound<'py, PyDict>,
    /// flagged, index, reasons, score, tag, text: an HTML block
    block: Bound<'py, PyDict>,
}

impl<'py> Shapes<'py> {
    fn new(py: Python<'py>) -> PyResult<Shapes<'py>> {
        let shape = |keys: &[&Bound<'py, PyString>]| -> PyResult<Bound<'py, PyDict>> {
            let d = PyDict::new(py);
            for k in keys {
                d.set_item(k, py.None())?;
            }
            Ok(d)
        };
        let k = |s: &Bound<'py, PyString>| s.clone();
        let (end, flagged, index, reasons, score, start, tag, text) = (
            k(intern!(py, "end")),
            k(intern!(py, "flagged")),
            k(intern!(py, "index")),
            k(intern!(py, "reasons")),
            k(intern!(py, "score")),
            k(intern!(py, "start")),
            k(intern!(py, "tag")),
            k(intern!(py, "text")),
        );
        Ok(Shapes {
            py,
            spanned: shape(&[&end, &flagged, &index, &reasons, &score, &start, &text])?,
            block: shape(&[&flagged, &index, &reasons, &score, &tag, &text])?,
        })
    }

    fn result(&self, doc: &Document, scored: &ScoredDocument) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        if !doc.extra.is_empty() {
            // Pass-through fields: only JSONL records have them, never a document from Python.
            return Ok(pythonize(py, &json::document_wire(doc, scored))?);
        }
        let d = PyDict::new(py);
        d.set_item(intern!(py, "flagged"), scored.flagged())?;
        d.set_item(intern!(py, "id"), &doc.id)?;
        d.set_item(intern!(py, "max_score"), r4(scored.max_score()))?;
        d.set_item(intern!(py, "model"), &scored.model)?;
        let mut paragraphs = Vec::with_capacity(scored.paragraphs.len());
        for (p, sp) in doc.paragraphs.iter().zip(&scored.paragraphs) {
            let pd = match (sp.span, &p.element) {
                (Some(_), None) => self.spanned.copy()?,
                (None, Some(_)) => self.block.copy()?,
                // Neither, or both: not made from Python input, but built right all the same.
                _ => PyDict::new(py),
            };
            if let Some((_, end)) = sp.span {
                pd.set_item(intern!(py, "end"), end)?;
            }
            pd.set_item(intern!(py, "flagged"), sp.flagged)?;
            pd.set_item(intern!(py, "index"), sp.index)?;
            let reasons = PyList::empty(py);
            for r in &sp.reasons {
                let rd = PyDict::new(py);
                rd.set_item(intern!(py, "contribution"), r4(r.contribution))?;
                rd.set_item(intern!(py, "detail"), &r.detail)?;
                rd.set_item(intern!(py, "feature"), &r.feature)?;
                reasons.append(rd)?;
            }
            pd.set_item(intern!(py, "reasons"), reasons)?;
            pd.set_item(intern!(py, "score"), r4(sp.score))?;
            if let Some((start, _)) = sp.span {
                pd.set_item(intern!(py, "start"), start)?;
            }
            if let Some(e) = &p.element {
                pd.set_item(intern!(py, "tag"), &e.tag)?;
            }
            pd.set_item(intern!(py, "text"), &p.text)?;
            paragraphs.push(pd);
        }
        d.set_item(intern!(py, "paragraphs"), PyList::new(py, paragraphs)?)?;
        d.set_item(intern!(py, "threshold"), r4(scored.threshold))?;
        Ok(d.into_any())
    }
}

fn id_or_position(id: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    id.map_or(Ok("0".to_string()), extract_id)
}

#[pymethods]
impl Scorer {
    #[new]
    #[pyo3(signature = (model=None, threshold=None, reasons=3, keep_comments=false))]
    fn new(
        model: Option<PathBuf>,
        threshold: Option<f64>,
        reasons: usize,
        keep_comments: bool,
    ) -> PyResult<Scorer> {
        let pipeline = match model {
            // As `seam score --model PATH`: one model for every input, named after its file.
            Some(path) => {
                let mut model = Model::load(&path).map_err(seam_error)?;
                if let Some(stem) = path.file_stem() {
                    model.name = stem.to_string_lossy().into_owned();
                }
                Pipeline::new(model)
            }
            None => Pipeline::embedded(),
        };
        Scorer::build(pipeline, threshold, reasons, keep_comments)
    }

    /// ``Scorer.from_json(model_json, name="model", threshold=None, reasons=3,
    /// keep_comments=False)``: a Scorer
    /// with a model given as the text of a model file rather than its path (a model fetched
    /// from storage, or shipped to Spark executors). ``name`` is the model's name, as the file
    /// name is for ``Scorer(model=PATH)``.
    #[staticmethod]
    #[pyo3(signature = (model_json, name="model", threshold=None, reasons=3, keep_comments=false))]
    fn from_json(
        model_json: &str,
        name: &str,
        threshold: Option<f64>,
        reasons: usize,
        keep_comments: bool,
    ) -> PyResult<Scorer> {
        let mut model = Model::from_json(model_json, name).map_err(seam_error)?;
        model.name = name.to_string();
        Scorer::build(Pipeline::new(model), threshold, reasons, keep_comments)
    }

    /// The name of the model that scores text (``"default"`` for the embedded model, else the
    /// model file's name without extension).
    #[getter]
    fn model(&self) -> String {
        self.pipeline.name()
    }

    /// The threshold text documents are flagged at: the one given, else the model's.
    #[getter]
    fn threshold(&self) -> f64 {
        // The f32 as written (0.35, not 0.3499999940395355).
        let t = self.pipeline.text_threshold();
        t.to_string().parse().unwrap_or(t as f64)
    }

    /// Reasons given per flagged paragraph.
    #[getter]
    fn reasons(&self) -> usize {
        self.reasons
    }

    /// Whether readers' comments below a web page's story are kept (scored like any block).
    #[getter]
    fn keep_comments(&self) -> bool {
        self.keep_comments
    }

    /// The Dolma attribute the records of :meth:`dolma` carry: ``seam__MODEL__offtopic``.
    #[getter]
    fn attribute(&self) -> String {
        self.attribute.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Scorer(model={:?}, threshold={}, reasons={}, keep_comments={})",
            self.pipeline.describe(),
            self.pipeline.text_threshold(),
            self.reasons,
            if self.keep_comments { "True" } else { "False" }
        )
    }

    /// ``score(text, format="text", id=None) -> dict``
    ///
    /// Score one document: ``text`` is a ``str`` (or ``bytes``, decoded as the command line
    /// decodes a file), ``format`` one of ``"text"``, ``"markdown"``, ``"html"``. The result is
    /// the object of one line of ``seam score --format jsonl``: ``id``, ``model``,
    /// ``threshold``, ``flagged`` (how many paragraphs), ``max_score`` and ``paragraphs``, each
    /// with ``index``, ``start``/``end`` (byte offsets into the UTF-8 text; HTML blocks have
    /// ``tag`` instead), ``text``, ``score``, ``flagged`` and ``reasons`` (``feature``,
    /// ``contribution``, ``detail``). ``id`` defaults to ``"0"``, the document's position, as
    /// in :meth:`score_many`.
    #[pyo3(signature = (text, format="text", id=None))]
    fn score<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        format: &str,
        id: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let id = id_or_position(id)?;
        let (doc, scored) = self.one(py, text, id, format, |d, s| (d, s))?;
        result_object(py, &doc, &scored)
    }

    /// ``score_many(texts, format="text", ids=None, jobs=None) -> list[dict]``
    ///
    /// Score many documents, in parallel with the GIL released, and return their results in
    /// input order (each as :meth:`score` returns it). ``ids``: one per text (``str`` or
    /// ``int``), default each text's position (``"0"``, ``"1"``, ...). ``jobs``: threads, default
    /// every core; ``jobs=1`` scores on the calling thread.
    #[pyo3(signature = (texts, format="text", ids=None, jobs=None))]
    fn score_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        format: &str,
        ids: Option<&Bound<'py, PyAny>>,
        jobs: Option<usize>,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let format = parse_format(format)?;
        let inputs = Self::inputs(texts, ids)?;
        let score = |(id, source): (String, Source)| self.score_doc(id, source, format);
        if jobs == Some(1) {
            // One document at a time, each made into objects as soon as it is scored and then
            // dropped: memory stays that of one document, not of the batch's (scoring them
            // all first cost a tenth more, in fresh pages and cache misses).
            let _pause = GcPause::new(py)?;
            let shapes = Shapes::new(py)?;
            let mut out = Vec::with_capacity(inputs.len());
            for (id, source) in inputs {
                let (doc, s) = py
                    .detach(|| guarded(|| score((id, source))))
                    .map_err(seam_error)?;
                out.push(shapes.result(&doc, &s)?.unbind());
            }
            return Ok(out);
        }
        run_many_converting(
            py,
            inputs,
            |(_, source)| source.len(),
            jobs,
            score,
            |py, scored| {
                let shapes = Shapes::new(py)?;
                scored.iter().map(|(d, s)| shapes.result(d, s)).collect()
            },
        )
    }

    /// :meth:`score` through serde (`pythonize` of the wire object the command line writes),
    /// for the test that holds the fast result objects equal to it.
    #[doc(hidden)]
    #[pyo3(signature = (text, format="text", id=None))]
    fn _score_via_serde<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        format: &str,
        id: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let id = id_or_position(id)?;
        let (doc, scored) = self.one(py, text, id, format, |d, s| (d, s))?;
        Ok(pythonize(py, &json::document_wire(&doc, &scored))?)
    }

    /// ``clean(text, format="text") -> str``
    ///
    /// The document without its flagged paragraphs, as ``seam clean`` writes it: for text and
    /// Markdown the source with those paragraphs cut out and its layout otherwise untouched;
    /// for HTML the kept blocks joined by blank lines, ending in a line break.
    #[pyo3(signature = (text, format="text"))]
    fn clean(&self, py: Python<'_>, text: &Bound<'_, PyAny>, format: &str) -> PyResult<String> {
        self.one(py, text, "0".into(), format, |d, s| Scorer::cleaned(&d, &s))
    }

    /// ``clean_many(texts, format="text", jobs=None) -> list[str]``: :meth:`clean` for many
    /// documents, in parallel, in input order.
    #[pyo3(signature = (texts, format="text", jobs=None))]
    fn clean_many(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        format: &str,
        jobs: Option<usize>,
    ) -> PyResult<Vec<String>> {
        self.many(py, texts, None, format, jobs, |d, s| {
            Scorer::cleaned(&d, &s)
        })
    }

    /// ``dolma(text, id, format="text") -> dict``
    ///
    /// The document's Dolma attribute record, one line of ``seam score --format dolma``:
    /// ``{"id": id, "attributes": {"seam__MODEL__offtopic": [[start, end, score], ...]}}`` with
    /// every paragraph's span in characters (code points, what Dolma counts) and its score.
    #[pyo3(signature = (text, id, format="text"))]
    fn dolma<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        id: &Bound<'py, PyAny>,
        format: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let id = extract_id(id)?;
        let record = self.one(py, text, id, format, |d, s| {
            dolma::record_value(&d, &s, &self.attribute)
        })?;
        Ok(pythonize(py, &record)?)
    }

    /// ``dolma_many(texts, ids, format="text", jobs=None) -> list[dict]``: :meth:`dolma` for
    /// many documents, in parallel, in input order.
    #[pyo3(signature = (texts, ids, format="text", jobs=None))]
    fn dolma_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        ids: &Bound<'py, PyAny>,
        format: &str,
        jobs: Option<usize>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let records = self.many(py, texts, Some(ids), format, jobs, |d, s| {
            dolma::record_value(&d, &s, &self.attribute)
        })?;
        let _pause = GcPause::new(py)?;
        records.iter().map(|r| Ok(pythonize(py, r)?)).collect()
    }
}

/// Panic inside the same guard and pool as scoring (`jobs` as in `score_many`; `converting`:
/// in the pipeline `score_many` uses for `jobs != 1`), for the tests that check no panic
/// reaches Python as anything but `SeamError`.
#[doc(hidden)]
#[pyfunction]
#[pyo3(signature = (jobs=None, converting=false))]
fn _panic_for_tests(py: Python<'_>, jobs: Option<usize>, converting: bool) -> PyResult<()> {
    let f = |i: usize| {
        if i == 2 {
            panic!("test panic in document {i}");
        }
        i
    };
    if converting {
        // One item per chunk, so that the panic comes after a chunk was converted.
        run_many_converting(
            py,
            (0..4).collect(),
            |_| 1 << 20,
            jobs,
            f,
            |py, v| {
                v.into_iter()
                    .map(|i| Ok(i.into_pyobject(py)?.into_any()))
                    .collect()
            },
        )?;
    } else {
        run_many(py, (0..4).collect(), jobs, f)?;
    }
    Ok(())
}

#[pymodule]
fn _seam(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Scorer>()?;
    m.add("SeamError", m.py().get_type::<SeamError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    Ok(())
}
