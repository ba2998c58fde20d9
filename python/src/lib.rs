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
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyInt, PyString};
use pythonize::pythonize;
use rayon::prelude::*;
use seam::document::html::decode_html;
use seam::document::{decode_lossy, Document, Format};
use seam::model::Model;
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

/// Scores each paragraph of a document for "does not belong": a spliced ad, spam, boilerplate,
/// page furniture, a paragraph from another text.
///
/// ``Scorer(model=None, threshold=None, reasons=3)``
///
/// - ``model``: the path of a model file (``seam train -o``), used for every document, as
///   ``seam score --model PATH``; it is named after the file. ``None``: the embedded models,
///   the text model and, for ``format="html"``, the HTML model with the text model's check.
/// - ``threshold``: flag paragraphs scoring at or above this (between 0 and 1) instead of the
///   model's own threshold.
/// - ``reasons``: how many reasons to give per flagged paragraph.
///
/// A Scorer is immutable and safe to share between threads; build one and reuse it (loading a
/// model file takes a while, scoring a document does not).
#[pyclass(frozen, module = "seam")]
struct Scorer {
    pipeline: Pipeline,
    /// The Dolma attribute name, `seam__MODEL__offtopic`.
    attribute: String,
    reasons: usize,
}

impl Scorer {
    fn build(pipeline: Pipeline, threshold: Option<f64>, reasons: usize) -> PyResult<Scorer> {
        let mut pipeline = pipeline.reasons(reasons);
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

/// A result object, as one line of `seam score --format jsonl` holds it.
fn result_object<'py>(
    py: Python<'py>,
    doc: &Document,
    scored: &ScoredDocument,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize(py, &json::document_wire(doc, scored))?)
}

fn id_or_position(id: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    id.map_or(Ok("0".to_string()), extract_id)
}

#[pymethods]
impl Scorer {
    #[new]
    #[pyo3(signature = (model=None, threshold=None, reasons=3))]
    fn new(model: Option<PathBuf>, threshold: Option<f64>, reasons: usize) -> PyResult<Scorer> {
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
        Scorer::build(pipeline, threshold, reasons)
    }

    /// ``Scorer.from_json(model_json, name="model", threshold=None, reasons=3)``: a Scorer
    /// with a model given as the text of a model file rather than its path (a model fetched
    /// from storage, or shipped to Spark executors). ``name`` is the model's name, as the file
    /// name is for ``Scorer(model=PATH)``.
    #[staticmethod]
    #[pyo3(signature = (model_json, name="model", threshold=None, reasons=3))]
    fn from_json(
        model_json: &str,
        name: &str,
        threshold: Option<f64>,
        reasons: usize,
    ) -> PyResult<Scorer> {
        let mut model = Model::from_json(model_json, name).map_err(seam_error)?;
        model.name = name.to_string();
        Scorer::build(Pipeline::new(model), threshold, reasons)
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

    /// The Dolma attribute the records of :meth:`dolma` carry: ``seam__MODEL__offtopic``.
    #[getter]
    fn attribute(&self) -> String {
        self.attribute.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Scorer(model={:?}, threshold={}, reasons={})",
            self.pipeline.describe(),
            self.pipeline.text_threshold(),
            self.reasons
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
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let scored = self.many(py, texts, ids, format, jobs, |d, s| (d, s))?;
        scored
            .iter()
            .map(|(doc, s)| result_object(py, doc, s))
            .collect()
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
        self.many(py, texts, None, format, jobs, |d, s| Scorer::cleaned(&d, &s))
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
        records
            .iter()
            .map(|r| Ok(pythonize(py, r)?))
            .collect()
    }
}

/// Panic inside the same guard and pool as scoring (`jobs` as in `score_many`), for the tests
/// that check no panic reaches Python as anything but `SeamError`.
#[doc(hidden)]
#[pyfunction]
#[pyo3(signature = (jobs=None))]
fn _panic_for_tests(py: Python<'_>, jobs: Option<usize>) -> PyResult<()> {
    run_many(py, (0..4).collect(), jobs, |i: usize| {
        if i == 2 {
            panic!("test panic in document {i}");
        }
    })?;
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
