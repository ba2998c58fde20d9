//! The moderator's HTML report: one self-contained file with the scored
//! documents embedded as JSON and rendered client-side, where a moderator
//! reviews the flags and exports the decisions as training data.
//!
//! Document text is hostile by assumption (it is what seam exists to catch),
//! so the page is built in layers that each stop markup injection on their own:
//! the embedded JSON escapes every character that could end a `<script>`
//! element, the few strings placed into the HTML here are entity-escaped, the
//! script inserts text only through `textContent`, and a Content-Security-Policy
//! pins the one inline script and stylesheet by hash, so that even a bug in the
//! script could not make an injected handler run or reach the network.
//!
//! The report is written as a stream ([`ReportWriter`]): each document is
//! rendered to JSON on the worker that scored it ([`render_doc`]), keeping only
//! what a moderator reviews ([`Embed`]), and written out in input order while
//! the summary adds it up; no document's text outlives its turn. Gather ->
//! render still holds per document: [`render_doc`] gathers, the writer only
//! concatenates and renders the summary.

pub mod category;

use std::collections::HashMap;
use std::io::{self, BufWriter, Write};

use serde::Serialize;
use serde_json::{Map, Value};
use sha2::Digest;

pub use category::Category;

use crate::document::words::words;
use crate::features::lexicon::lexicons;
use crate::features::FeatureFamily;

const TEMPLATE: &str = include_str!("report/report.html");
const CSS: &str = include_str!("report/report.css");
const JS: &str = include_str!("report/report.js");

/// A whole report in memory, for [`write_report`]: small reports, tests, the library.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReportData {
    pub title: String,
    /// RFC 3339 timestamp or plain date; shown as given.
    pub generated: String,
    pub model: String,
    pub threshold: f64,
    pub documents: Vec<ReportDoc>,
    pub errors: Vec<ReportError>,
}

/// What the page shows above the data: known before the first document.
#[derive(Debug, Clone)]
pub struct ReportHead {
    pub title: String,
    /// RFC 3339 timestamp or plain date; shown as given, and not part of the report's identity.
    pub generated: String,
    pub model: String,
    pub threshold: f64,
}

/// A scored document as the report receives it: every paragraph, with its text.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ReportDoc {
    pub id: String,
    pub max_score: f64,
    pub flagged: usize,
    pub paragraphs: Vec<ReportPara>,
    /// The input record's fields seam does not read (`url`, `page_type`, `group`, ...): the
    /// decisions export passes them through.
    pub fields: Map<String, Value>,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ReportPara {
    pub index: usize,
    pub text: String,
    pub score: f64,
    #[serde(skip_serializing_if = "is_false")]
    pub flagged: bool,
    /// What kind of problem a flag is ([`Category::of`] its reasons); `None` unflagged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// The strongest reasons (`seam report --reasons`), for flagged paragraphs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<ReportReason>,
    #[serde(flatten)]
    pub block: Block,
}

/// What the features read of a paragraph besides its text, under the names `seam train` reads
/// (the block fields `seam label` writes), so that an exported decision is featurized as the
/// report's paragraph was scored. All empty for plain text.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Block {
    #[serde(skip_serializing_if = "is_zero")]
    pub link_chars: usize,
    #[serde(skip_serializing_if = "is_zero")]
    pub link_count: usize,
    /// The HTML element of a block; `None` for text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depth: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attr_tokens: Vec<String>,
}

/// One reason of a flag. In the page's data it is the array `[feature, family, contribution,
/// detail]`: a report holds tens of thousands of flags with three or four reasons each, and the
/// key names alone were a sixth of a 20,000-document report.
#[derive(Debug, Clone)]
pub struct ReportReason {
    pub feature: String,
    /// The feature's family ([`FeatureFamily::name`]), "other" for none.
    pub family: String,
    pub contribution: f64,
    /// Human-readable evidence, e.g. "promotional vocabulary: free, create, QR code".
    pub detail: String,
}

impl Serialize for ReportReason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (&self.feature, &self.family, self.contribution, &self.detail).serialize(s)
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReportError {
    pub source: String,
    pub message: String,
}

fn is_false(b: &bool) -> bool {
    !b
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Which documents' text the report carries. A moderator reviews flags; a day's batch of
/// 20,000 documents embedded whole made a 358 MB page that took 16 s to open, so by default
/// only the flags and the paragraphs around them go in, and every document is still listed
/// with its counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EmbedMode {
    /// Each flagged paragraph with [`Embed::context`] paragraphs on either side.
    Flags,
    /// Every paragraph of each document with a flag.
    Documents,
    /// Every paragraph of every document.
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Embed {
    pub mode: EmbedMode,
    /// Paragraphs kept on either side of a flag ([`EmbedMode::Flags`]).
    pub context: usize,
    /// Paragraphs scoring at least this are embedded as if flagged (near misses to review);
    /// `None`: flags only.
    pub min_score: Option<f64>,
}

impl Default for Embed {
    fn default() -> Self {
        Embed {
            mode: EmbedMode::Flags,
            context: 2,
            min_score: None,
        }
    }
}

impl Embed {
    /// Every paragraph of every document: the whole batch, as the report was before.
    pub fn all() -> Embed {
        Embed {
            mode: EmbedMode::All,
            ..Embed::default()
        }
    }

    /// Which paragraphs of `doc` go into the report.
    fn keep(&self, doc: &ReportDoc) -> Kept {
        let wanted = |p: &ReportPara| p.flagged || self.min_score.is_some_and(|m| p.score >= m);
        match self.mode {
            EmbedMode::All => Kept::Whole,
            _ if !doc.paragraphs.iter().any(wanted) => Kept::None,
            EmbedMode::Documents => Kept::Whole,
            EmbedMode::Flags => {
                let n = doc.paragraphs.len();
                let mut keep = vec![false; n];
                for (i, _) in doc.paragraphs.iter().enumerate().filter(|(_, p)| wanted(p)) {
                    let end = (i + self.context + 1).min(n);
                    keep[i.saturating_sub(self.context)..end].fill(true);
                }
                if keep.iter().all(|&k| k) {
                    Kept::Whole
                } else {
                    Kept::Windows(keep)
                }
            }
        }
    }
}

enum Kept {
    Whole,
    Windows(Vec<bool>),
    None,
}

/// How much of a document the report carries, as the page reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Embedded {
    Whole,
    Windows,
    None,
}

/// Input fields longer than this (as JSON) stay out of the report, so that a page's HTML or
/// its main text carried beside given paragraphs does not double the page's size.
pub const FIELD_LIMIT: usize = 1024;

/// One document rendered for the report: its JSON for the page and its share of the summary.
#[derive(Debug)]
pub struct RenderedDoc {
    json: Vec<u8>,
    tally: Tally,
}

/// A document's share of the [`Summary`].
#[derive(Debug, Default)]
struct Tally {
    paragraphs: usize,
    flagged: usize,
    flagged_doc: bool,
    histogram: [usize; HISTOGRAM_BINS],
    categories: [usize; Category::ALL.len()],
    bigrams: Vec<String>,
    embedded: Option<Embedded>,
    paragraphs_embedded: usize,
}

#[derive(Serialize)]
struct DocView<'a> {
    id: &'a str,
    max_score: f64,
    flagged: usize,
    /// Paragraphs in the document, embedded or not.
    paragraph_count: usize,
    embedded: Embedded,
    #[serde(skip_serializing_if = "Map::is_empty")]
    fields: Map<String, Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields_left_out: Vec<&'a str>,
    paragraphs: Vec<&'a ReportPara>,
}

/// Gather one document: what the report embeds of it (per `embed`), as script-safe JSON, and
/// its counts for the summary (which covers every paragraph, embedded or not). Runs on the
/// worker that scored the document.
pub fn render_doc(doc: &ReportDoc, embed: &Embed) -> RenderedDoc {
    let mut tally = Tally {
        paragraphs: doc.paragraphs.len(),
        flagged_doc: doc.flagged > 0,
        ..Tally::default()
    };
    for p in &doc.paragraphs {
        if let Some(bin) = score_bin(p.score) {
            tally.histogram[bin] += 1;
        }
        if p.flagged {
            tally.flagged += 1;
            tally.flagged_doc = true;
            tally.categories[p.category.unwrap_or(Category::Unclear) as usize] += 1;
            for_each_bigram(&p.text, |b| tally.bigrams.push(b));
        }
    }
    let kept = embed.keep(doc);
    let (embedded, paragraphs): (Embedded, Vec<&ReportPara>) = match &kept {
        Kept::Whole => (Embedded::Whole, doc.paragraphs.iter().collect()),
        Kept::Windows(keep) => (
            Embedded::Windows,
            doc.paragraphs
                .iter()
                .zip(keep)
                .filter_map(|(p, &k)| k.then_some(p))
                .collect(),
        ),
        Kept::None => (Embedded::None, Vec::new()),
    };
    tally.embedded = Some(embedded);
    tally.paragraphs_embedded = paragraphs.len();
    let (mut fields, mut fields_left_out) = (Map::new(), Vec::new());
    if embedded != Embedded::None {
        for (k, v) in &doc.fields {
            let len = serde_json::to_vec(v).map_or(usize::MAX, |b| b.len());
            if len <= FIELD_LIMIT {
                fields.insert(k.clone(), v.clone());
            } else {
                fields_left_out.push(k.as_str());
            }
        }
    }
    let view = DocView {
        id: &doc.id,
        max_score: doc.max_score,
        flagged: doc.flagged,
        paragraph_count: doc.paragraphs.len(),
        embedded,
        fields,
        fields_left_out,
        paragraphs,
    };
    let mut json = Vec::new();
    write_json(&mut json, &view).expect("writing to memory");
    RenderedDoc { json, tally }
}

/// Writes a report as a stream: [`ReportWriter::start`] writes the page up to its data,
/// [`ReportWriter::add`] each rendered document in turn, [`ReportWriter::finish`] the summary
/// and the script. Memory holds the summary's counts and the failures, never the documents.
pub struct ReportWriter<W: Write> {
    out: BufWriter<W>,
    /// SHA-256 of the data element: the report's identity, under which the page keeps a
    /// moderator's decisions.
    hash: sha2::Sha256,
    head: ReportHead,
    embed: Embed,
    first: bool,
    summary: SummaryBuilder,
    errors: Vec<ReportError>,
}

/// The data element's opening: everything of it but the documents.
#[derive(Serialize)]
struct DataHead<'a> {
    title: &'a str,
    model: &'a str,
    threshold: f64,
    embed: &'a Embed,
}

impl<W: Write> ReportWriter<W> {
    pub fn start(w: W, head: ReportHead, embed: Embed) -> io::Result<ReportWriter<W>> {
        let mut writer = ReportWriter {
            out: BufWriter::with_capacity(1 << 16, w),
            hash: sha2::Sha256::new(),
            head,
            embed,
            first: true,
            summary: SummaryBuilder::default(),
            errors: Vec::new(),
        };
        let (before, _) = template_parts()?;
        fill(&mut writer.out, before, &writer.head, None)?;
        let mut open = Vec::new();
        write_json(
            &mut open,
            &DataHead {
                title: &writer.head.title,
                model: &writer.head.model,
                threshold: writer.head.threshold,
                embed: &writer.embed,
            },
        )?;
        open.pop(); // the closing brace: the documents follow
        open.extend_from_slice(br#","documents":["#);
        writer.data(&open)?;
        Ok(writer)
    }

    fn data(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.hash.update(bytes);
        self.out.write_all(bytes)
    }

    /// The next document, in input order.
    pub fn add(&mut self, doc: RenderedDoc) -> io::Result<()> {
        if !std::mem::take(&mut self.first) {
            self.data(b",")?;
        }
        self.data(&doc.json)?;
        self.summary.add(doc.tally);
        Ok(())
    }

    /// A document or input that failed: listed in the summary.
    pub fn error(&mut self, error: ReportError) {
        self.errors.push(error);
    }

    /// Write the rest of the page; returns the writer it was given.
    pub fn finish(mut self) -> io::Result<W> {
        self.data(b"]}")?;
        let identity = hex(&self.hash.clone().finalize()[..16]);
        let summary = self.summary.finish(identity, self.errors, self.embed);
        let (_, after) = template_parts()?;
        fill(&mut self.out, after, &self.head, Some(&summary))?;
        self.out.into_inner().map_err(|e| e.into_error())
    }
}

/// Write a whole report held in memory (see [`ReportWriter`] for a stream).
pub fn write_report<W: Write>(data: &ReportData, embed: &Embed, w: W) -> io::Result<()> {
    let head = ReportHead {
        title: data.title.clone(),
        generated: data.generated.clone(),
        model: data.model.clone(),
        threshold: data.threshold,
    };
    let mut writer = ReportWriter::start(w, head, *embed)?;
    for doc in &data.documents {
        writer.add(render_doc(doc, embed))?;
    }
    for e in &data.errors {
        writer.error(e.clone());
    }
    writer.finish()?.flush()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The template before and after its `{{data}}` placeholder.
fn template_parts() -> io::Result<(&'static str, &'static str)> {
    TEMPLATE.split_once("{{data}}").ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "report.html has no {{data}} placeholder",
        )
    })
}

/// Render a part of the template. One pass: substituted values are never rescanned, so a
/// title that contains "{{js}}" stays inert text.
fn fill<W: Write>(
    out: &mut W,
    template: &str,
    head: &ReportHead,
    summary: Option<&Summary>,
) -> io::Result<()> {
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.write_all(&rest.as_bytes()[..start])?;
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                "unclosed placeholder in report.html",
            )
        })?;
        match (&after[..end], summary) {
            ("title", _) => out.write_all(escape_html(&head.title).as_bytes())?,
            ("model", _) => out.write_all(escape_html(&head.model).as_bytes())?,
            ("generated", _) => out.write_all(escape_html(&head.generated).as_bytes())?,
            ("threshold", _) => {
                out.write_all(escape_html(&format_score(head.threshold)).as_bytes())?
            }
            ("csp", _) => out.write_all(escape_html(&content_security_policy()).as_bytes())?,
            ("css", _) => out.write_all(CSS.as_bytes())?,
            ("js", _) => out.write_all(JS.as_bytes())?,
            ("summary", Some(s)) => write_json(out, s)?,
            (other, _) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("unknown or misplaced placeholder {{{{{other}}}}} in report.html"),
                ))
            }
        }
        rest = &after[end + 2..];
    }
    out.write_all(rest.as_bytes())
}

/// The policy allows exactly our stylesheet and script (by hash) and nothing
/// else: no fetches, no frames, no injected inline handlers.
///
/// The decisions export needs nothing more: it downloads a `blob:` URL through
/// `<a download>`, which is a navigation, and fetch directives (`default-src`
/// and the `*-src` it stands for) govern what a page loads, not where it
/// navigates (CSP 3 has no navigation directive since `navigate-to` was
/// dropped). Adding `blob:` to any of them would only let the page *load*
/// blobs, which it never does; the browser test downloads under this policy.
fn content_security_policy() -> String {
    format!(
        "default-src 'none'; script-src 'sha256-{}'; style-src 'sha256-{}'; \
         img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(JS),
        csp_hash(CSS),
    )
}

/// A CSP hash source: base64 of the SHA-256 of exactly the bytes between the tags.
fn csp_hash(asset: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(asset.as_bytes()))
}

/// Entity-escape a string for HTML text or a quoted attribute value.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn format_score(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".to_string();
    }
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0');
    let s = s.strip_suffix('.').unwrap_or(s);
    s.to_string()
}

/// Serialize as JSON that is safe to place verbatim inside a `<script>`
/// element.
fn write_json<W: Write, T: Serialize>(out: &mut W, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, ScriptSafe);
    value.serialize(&mut ser).map_err(io::Error::other)
}

/// A compact JSON formatter that escapes `<`, `>` and `&` inside strings so
/// that neither `</script` nor `<!--` can occur in the output, and U+2028 /
/// U+2029 so that the JSON stays valid JavaScript if embedded as a literal.
/// Structural JSON never contains these characters, so escaping string
/// fragments covers the whole output.
struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut last = 0;
        for (i, c) in fragment.char_indices() {
            let escaped = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[last..i])?;
            writer.write_all(escaped.as_bytes())?;
            last = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[last..])
    }
}

pub(crate) const HISTOGRAM_BINS: usize = 10;
pub(crate) const TOP_PHRASES: usize = 15;
/// Distinct phrases counted at once. Beyond it the counts are Misra-Gries estimates (each at
/// most flags' phrases / this below the truth), so that a batch of unusual text cannot grow
/// the writer without bound; the page then says the counts are approximate.
pub(crate) const PHRASE_SLOTS: usize = 1 << 18;

/// Whole-report aggregates, computed here rather than in the browser so that a
/// 600,000-paragraph report does not stall the page on load. They cover every
/// paragraph of the batch, embedded or not.
#[derive(Debug, Serialize, PartialEq)]
pub(crate) struct Summary {
    pub documents: usize,
    pub paragraphs: usize,
    pub flagged_paragraphs: usize,
    pub documents_flagged: usize,
    pub failed: usize,
    /// Paragraph counts for scores in [0, 0.1), [0.1, 0.2), … [0.9, 1.0].
    pub histogram: [usize; HISTOGRAM_BINS],
    /// Flags per problem category, every category in [`Category::ALL`] order.
    pub categories: Vec<CategoryCount>,
    /// Every reason family's name, in order: the page colours reasons from this.
    pub family_names: Vec<&'static str>,
    pub phrases: Vec<Count>,
    /// Whether `phrases` counts are estimates (more distinct phrases than [`PHRASE_SLOTS`]).
    pub phrases_approximate: bool,
    /// What the page carries of the batch.
    pub embed: EmbedSummary,
    /// Hex SHA-256 (first 16 bytes) of the data element: where the page keeps decisions.
    pub identity: String,
    pub errors: Vec<ReportError>,
}

#[derive(Debug, Serialize, PartialEq)]
pub(crate) struct Count {
    pub name: String,
    pub count: usize,
}

#[derive(Debug, Serialize, PartialEq)]
pub(crate) struct CategoryCount {
    pub name: &'static str,
    pub description: &'static str,
    pub count: usize,
}

#[derive(Debug, Serialize, PartialEq)]
pub(crate) struct EmbedSummary {
    #[serde(flatten)]
    pub embed: Embed,
    /// Documents embedded whole, as windows around their flags, and not at all.
    pub whole: usize,
    pub windows: usize,
    pub left_out: usize,
    pub paragraphs_embedded: usize,
}

#[derive(Debug, Default)]
struct SummaryBuilder {
    documents: usize,
    paragraphs: usize,
    flagged_paragraphs: usize,
    documents_flagged: usize,
    histogram: [usize; HISTOGRAM_BINS],
    categories: [usize; Category::ALL.len()],
    phrases: PhraseCounts,
    embedded: [usize; 3],
    paragraphs_embedded: usize,
}

impl SummaryBuilder {
    fn add(&mut self, t: Tally) {
        self.documents += 1;
        self.paragraphs += t.paragraphs;
        self.flagged_paragraphs += t.flagged;
        self.documents_flagged += t.flagged_doc as usize;
        for (a, b) in self.histogram.iter_mut().zip(t.histogram) {
            *a += b;
        }
        for (a, b) in self.categories.iter_mut().zip(t.categories) {
            *a += b;
        }
        for b in t.bigrams {
            self.phrases.add(b);
        }
        if let Some(e) = t.embedded {
            self.embedded[e as usize] += 1;
        }
        self.paragraphs_embedded += t.paragraphs_embedded;
    }

    fn finish(self, identity: String, errors: Vec<ReportError>, embed: Embed) -> Summary {
        let approximate = self.phrases.approximate;
        Summary {
            documents: self.documents,
            paragraphs: self.paragraphs,
            flagged_paragraphs: self.flagged_paragraphs,
            documents_flagged: self.documents_flagged,
            failed: errors.len(),
            histogram: self.histogram,
            categories: Category::ALL
                .into_iter()
                .map(|c| CategoryCount {
                    name: c.name(),
                    description: c.description(),
                    count: self.categories[c as usize],
                })
                .collect(),
            family_names: FeatureFamily::ALL
                .into_iter()
                .map(FeatureFamily::name)
                .collect(),
            phrases: self.phrases.top(TOP_PHRASES),
            phrases_approximate: approximate,
            embed: EmbedSummary {
                embed,
                whole: self.embedded[Embedded::Whole as usize],
                windows: self.embedded[Embedded::Windows as usize],
                left_out: self.embedded[Embedded::None as usize],
                paragraphs_embedded: self.paragraphs_embedded,
            },
            identity,
            errors,
        }
    }
}

/// Phrase counts in bounded memory: exact up to [`PHRASE_SLOTS`] distinct phrases, then
/// Misra-Gries (a new phrase with no free slot lowers every count by one instead).
#[derive(Debug)]
struct PhraseCounts {
    counts: HashMap<String, usize>,
    slots: usize,
    approximate: bool,
}

impl Default for PhraseCounts {
    fn default() -> Self {
        PhraseCounts {
            counts: HashMap::new(),
            slots: PHRASE_SLOTS,
            approximate: false,
        }
    }
}

impl PhraseCounts {
    fn add(&mut self, phrase: String) {
        if let Some(c) = self.counts.get_mut(&phrase) {
            *c += 1;
        } else if self.counts.len() < self.slots {
            self.counts.insert(phrase, 1);
        } else {
            self.approximate = true;
            self.counts.retain(|_, c| {
                *c -= 1;
                *c > 0
            });
        }
    }

    fn top(self, n: usize) -> Vec<Count> {
        let mut phrases: Vec<Count> = self
            .counts
            .into_iter()
            .map(|(name, count)| Count { name, count })
            .collect();
        phrases.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        phrases.truncate(n);
        phrases
    }
}

/// Scores are probabilities; anything outside [0, 1] is clamped into the end
/// bins, and NaN (a scoring bug, not a score) is left out.
fn score_bin(score: f64) -> Option<usize> {
    if score.is_nan() {
        return None;
    }
    let clamped = score.clamp(0.0, 1.0);
    Some(((clamped * HISTOGRAM_BINS as f64) as usize).min(HISTOGRAM_BINS - 1))
}

/// Calls `f` with every "word word" pair of adjacent content words (two or more characters,
/// a letter among them, not a stopword of the features' list). A pair never spans
/// punctuation or a stopword, so "free. Create" and "free to create" yield nothing: those
/// are not phrases anyone wrote.
fn for_each_bigram(text: &str, mut f: impl FnMut(String)) {
    let stopwords = &lexicons().stopwords;
    let mut prev: Option<String> = None;
    for w in words(text) {
        if w.after_break {
            prev = None;
        }
        let word: String = w.lowercase().collect();
        let content = word.chars().count() >= 2
            && word.chars().any(char::is_alphabetic)
            && !stopwords.contains(word.as_str());
        if !content {
            prev = None;
            continue;
        }
        if let Some(p) = prev.take() {
            f(format!("{p} {word}"));
        }
        prev = Some(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: [&str; 3] = [
        "</script><script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "</textarea>",
    ];

    fn para(index: usize, text: &str, score: f64, reasons: Vec<ReportReason>) -> ReportPara {
        ReportPara {
            index,
            text: text.to_string(),
            score,
            flagged: score >= 0.5,
            category: (score >= 0.5).then_some(Category::Promotional),
            reasons,
            block: Block::default(),
        }
    }

    fn reason(family: &str, contribution: f64) -> ReportReason {
        ReportReason {
            feature: format!("{family}_feature"),
            family: family.to_string(),
            contribution,
            detail: format!("{family} evidence"),
        }
    }

    fn doc(id: &str, paragraphs: Vec<ReportPara>) -> ReportDoc {
        ReportDoc {
            id: id.to_string(),
            flagged: paragraphs.iter().filter(|p| p.flagged).count(),
            max_score: paragraphs.iter().map(|p| p.score).fold(0.0, f64::max),
            paragraphs,
            fields: Map::new(),
        }
    }

    fn report(paragraphs: Vec<ReportPara>) -> ReportData {
        ReportData {
            title: "Test report".to_string(),
            generated: "2026-05-01T12:00:00Z".to_string(),
            model: "seam-test".to_string(),
            threshold: 0.5,
            documents: vec![doc("doc-1", paragraphs)],
            errors: vec![],
        }
    }

    fn render_with(data: &ReportData, embed: &Embed) -> String {
        let mut buf = Vec::new();
        write_report(data, embed, &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    fn render_to_string(data: &ReportData) -> String {
        render_with(data, &Embed::all())
    }

    fn summary_of(data: &ReportData, embed: &Embed) -> Summary {
        let mut b = SummaryBuilder::default();
        for d in &data.documents {
            b.add(render_doc(d, embed).tally);
        }
        b.finish("id".into(), data.errors.clone(), *embed)
    }

    /// The text between `<script type="application/json" id="{id}">` and the
    /// next `</script>`.
    fn embedded<'a>(html: &'a str, id: &str) -> &'a str {
        let open = format!("<script type=\"application/json\" id=\"{id}\">");
        let start = html.find(&open).expect("data element present") + open.len();
        let len = html[start..]
            .find("</script>")
            .expect("data element closed");
        &html[start..start + len]
    }

    fn parsed(html: &str, id: &str) -> Value {
        serde_json::from_str(embedded(html, id)).unwrap()
    }

    /// The indices of the paragraphs embedded of each document.
    fn embedded_indices(html: &str) -> Vec<(String, String, Vec<u64>)> {
        parsed(html, "seam-data")["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["id"].as_str().unwrap().to_string(),
                    d["embedded"].as_str().unwrap().to_string(),
                    d["paragraphs"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|p| p["index"].as_u64().unwrap())
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn escape_html_escapes_markup_and_quotes() {
        assert_eq!(
            escape_html(r#"<a href="x" title='y'>Tom & Jerry</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;"
        );
        assert_eq!(escape_html("&amp;"), "&amp;amp;");
        assert_eq!(escape_html("plain text, ünïcödé"), "plain text, ünïcödé");
        assert_eq!(escape_html(""), "");
    }

    #[test]
    fn embedded_json_has_no_raw_angle_brackets_or_ampersands() {
        let text = format!("a & b {} \u{2028}\u{2029}", HOSTILE.join(" "));
        let mut data = report(vec![para(0, &text, 0.9, vec![])]);
        data.errors.push(ReportError {
            source: HOSTILE[0].into(),
            message: HOSTILE[2].into(),
        });
        let html = render_to_string(&data);
        for id in ["seam-data", "seam-summary"] {
            let json = embedded(&html, id);
            for raw in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
                assert!(!json.contains(raw), "raw {raw:?} in {id}");
            }
            assert!(json.contains(r"\u003c/script\u003e"), "{id}");
        }
        assert!(embedded(&html, "seam-data").contains(r"\u2028\u2029"));
        // The whole page has exactly the script closers it was written with,
        // so no document text terminated an element early.
        assert_eq!(html.matches("</script").count(), 3);
        assert!(!html.contains("</textarea"));
    }

    #[test]
    fn hostile_text_round_trips_as_data() {
        let paragraphs = HOSTILE
            .iter()
            .enumerate()
            .map(|(i, t)| para(i, t, 0.2, vec![]))
            .collect();
        let mut data = report(paragraphs);
        data.title = HOSTILE[0].to_string();
        data.model = HOSTILE[1].to_string();
        data.documents[0]
            .fields
            .insert("url".into(), HOSTILE[1].into());
        data.errors.push(ReportError {
            source: HOSTILE[2].to_string(),
            message: HOSTILE[1].to_string(),
        });
        let html = render_to_string(&data);

        let parsed_data = parsed(&html, "seam-data");
        let d = &parsed_data["documents"][0];
        let texts: Vec<&str> = d["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["text"].as_str().unwrap())
            .collect();
        assert_eq!(texts, HOSTILE);
        assert_eq!(d["fields"]["url"], HOSTILE[1]);
        assert_eq!(parsed_data["title"], HOSTILE[0]);
        assert_eq!(parsed_data["model"], HOSTILE[1]);
        assert_eq!(
            parsed(&html, "seam-summary")["errors"][0]["source"],
            HOSTILE[2]
        );

        // Server-side strings arrive only in escaped form.
        assert!(html.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(!html.contains("<img"));
    }

    #[test]
    fn paragraphs_carry_what_training_reads_and_only_that() {
        let mut p = para(0, "Home | News | Contact", 0.9, vec![reason("links", 1.0)]);
        p.category = Some(Category::LinkList);
        p.block = Block {
            link_chars: 17,
            link_count: 3,
            tag: Some("li".into()),
            path: Some("nav>ul>li".into()),
            depth: Some(4),
            attr_tokens: vec!["menu".into()],
        };
        let plain = para(1, "Body text.", 0.1, vec![]);
        let html = render_to_string(&report(vec![p, plain]));
        let d = &parsed(&html, "seam-data")["documents"][0];
        assert_eq!(
            d["paragraphs"][0],
            serde_json::json!({
                "index": 0, "text": "Home | News | Contact", "score": 0.9, "flagged": true,
                "category": "link list",
                "reasons": [["links_feature", "links", 1.0, "links evidence"]],
                "link_chars": 17, "link_count": 3, "tag": "li", "path": "nav>ul>li", "depth": 4,
                "attr_tokens": ["menu"]
            })
        );
        // Nothing but text and score for a plain unflagged paragraph.
        assert_eq!(
            d["paragraphs"][1],
            serde_json::json!({"index": 1, "text": "Body text.", "score": 0.1})
        );
        assert_eq!(
            (d["paragraph_count"].as_u64(), d["flagged"].as_u64()),
            (Some(2), Some(1))
        );
    }

    #[test]
    fn flags_are_embedded_with_their_context_and_the_rest_is_counted() {
        let scores = [0.1, 0.2, 0.1, 0.1, 0.1, 0.9, 0.1, 0.1, 0.1, 0.1, 0.8];
        let paragraphs = scores
            .iter()
            .enumerate()
            .map(|(i, &s)| para(i, &format!("paragraph {i}"), s, vec![]))
            .collect();
        let mut data = report(paragraphs);
        data.documents.push(doc(
            "clean",
            vec![
                para(0, "Clean.", 0.1, vec![]),
                para(1, "Also clean.", 0.3, vec![]),
            ],
        ));
        data.documents.push(doc(
            "short",
            vec![
                para(0, "Short.", 0.1, vec![]),
                para(1, "Flag.", 0.7, vec![]),
            ],
        ));
        let html = render_with(&data, &Embed::default());
        assert_eq!(
            embedded_indices(&html),
            [
                (
                    "doc-1".into(),
                    "windows".into(),
                    vec![3, 4, 5, 6, 7, 8, 9, 10]
                ),
                ("clean".into(), "none".into(), vec![]),
                ("short".into(), "whole".into(), vec![0, 1]),
            ]
        );
        let s = parsed(&html, "seam-summary");
        assert_eq!(s["embed"]["mode"], "flags");
        assert_eq!(s["embed"]["context"], 2);
        assert_eq!(
            (
                &s["embed"]["whole"],
                &s["embed"]["windows"],
                &s["embed"]["left_out"]
            ),
            (&Value::from(1), &Value::from(1), &Value::from(1))
        );
        assert_eq!(s["embed"]["paragraphs_embedded"], 10);
        // The summary still counts every paragraph.
        assert_eq!(s["paragraphs"], 15);
        assert_eq!(s["documents"], 3);

        // A near miss is embedded when asked for; the whole flagged documents; everything.
        let near = Embed {
            context: 0,
            min_score: Some(0.25),
            ..Embed::default()
        };
        let got = embedded_indices(&render_with(&data, &near));
        assert_eq!(got[0].2, [5, 10]);
        assert_eq!((got[1].1.as_str(), &got[1].2), ("windows", &vec![1]));
        let docs = Embed {
            mode: EmbedMode::Documents,
            ..Embed::default()
        };
        let got = embedded_indices(&render_with(&data, &docs));
        assert_eq!((got[0].2.len(), got[1].2.len(), got[2].2.len()), (11, 0, 2));
        let got = embedded_indices(&render_to_string(&data));
        assert!(got.iter().all(|d| d.1 == "whole"));
    }

    #[test]
    fn long_fields_stay_out_and_are_named() {
        let mut data = report(vec![para(0, "Flag.", 0.9, vec![])]);
        let f = &mut data.documents[0].fields;
        f.insert("url".into(), "https://example.com/a".into());
        f.insert("html".into(), "x".repeat(FIELD_LIMIT + 1).into());
        let d = &parsed(&render_to_string(&data), "seam-data")["documents"][0];
        assert_eq!(
            d["fields"],
            serde_json::json!({"url": "https://example.com/a"})
        );
        assert_eq!(d["fields_left_out"], serde_json::json!(["html"]));
    }

    #[test]
    fn identity_follows_the_data_not_the_time() {
        let data = report(vec![para(0, "Flag.", 0.9, vec![])]);
        let identity = |d: &ReportData| {
            parsed(&render_to_string(d), "seam-summary")["identity"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let a = identity(&data);
        assert_eq!(a.len(), 32);
        let mut later = data.clone();
        later.generated = "2026-05-02T00:00:00Z".into();
        assert_eq!(identity(&later), a);
        let mut other = data.clone();
        other.documents[0].paragraphs[0].text = "Flag!".into();
        assert_ne!(identity(&other), a);
        let html = render_to_string(&data);
        let digest = sha2::Sha256::digest(embedded(&html, "seam-data").as_bytes());
        assert_eq!(a, hex(&digest[..16]));
    }

    #[test]
    fn placeholders_are_all_filled_and_not_rescanned() {
        let mut data = report(vec![para(0, "{{js}}", 0.1, vec![])]);
        data.title = "{{css}} {{data}}".to_string();
        let html = render_to_string(&data);
        assert!(html.contains("<title>{{css}} {{data}}"));
        assert_eq!(html.matches(CSS).count(), 1);
        assert_eq!(html.matches(JS).count(), 1);
        let outside_data = html.replace(embedded(&html, "seam-data"), "");
        assert!(!outside_data.contains("{{js}}"));
        assert_eq!(TEMPLATE.matches("{{data}}").count(), 1);
    }

    #[test]
    fn assets_cannot_close_their_own_elements() {
        assert!(!JS.to_ascii_lowercase().contains("</script"));
        assert!(!JS.to_ascii_lowercase().contains("<!--"));
        assert!(!CSS.to_ascii_lowercase().contains("</style"));
        // The data never reaches the DOM through an HTML parser.
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
        ] {
            assert!(!JS.contains(sink), "report.js uses {sink}");
        }
    }

    #[test]
    fn csp_pins_the_inline_assets() {
        let html = render_to_string(&report(vec![]));
        let js_hash = csp_hash(JS);
        assert!(html.contains(&format!("script-src &#39;sha256-{js_hash}&#39;")));
        assert!(html.contains("default-src &#39;none&#39;"));
        assert!(!content_security_policy().contains("blob:"));
        // The hashes cover exactly the bytes between the tags.
        assert!(html.contains(&format!("<style>{CSS}</style>")));
        assert!(html.contains(&format!("<script>{JS}</script>")));
    }

    #[test]
    fn bigrams_skip_stopwords_and_punctuation() {
        let mut seen = Vec::new();
        for_each_bigram(
            "Create a FREE QR-code now! Scan it. Don't wait: free trial, e-mail us",
            |b| seen.push(b),
        );
        assert_eq!(seen, ["free qr", "free trial"]);
    }

    #[test]
    fn score_bins_cover_the_closed_unit_interval() {
        assert_eq!(score_bin(0.0), Some(0));
        assert_eq!(score_bin(0.0999), Some(0));
        assert_eq!(score_bin(0.1), Some(1));
        assert_eq!(score_bin(0.95), Some(9));
        assert_eq!(score_bin(1.0), Some(9));
        assert_eq!(score_bin(-3.0), Some(0));
        assert_eq!(score_bin(7.0), Some(9));
        assert_eq!(score_bin(f64::NAN), None);
    }

    #[test]
    fn summary_counts_flags_categories_and_phrases() {
        let mut data = report(vec![
            para(0, "An ordinary opening paragraph.", 0.05, vec![]),
            para(
                1,
                "Get a free QR code generator today. Free QR code for everyone!",
                0.93,
                vec![reason("links", 0.4), reason("promo", 1.2)],
            ),
            para(2, "QR code, again.", 0.71, vec![reason("shape", 0.3)]),
            para(3, "Unexplained but flagged", 0.55, vec![]),
            para(6, "Deep in a footer", 0.8, vec![reason("structure", 2.0)]),
            para(4, "Mystery family", 0.6, vec![reason("astrology", 0.9)]),
            para(
                5,
                "Not flagged: free QR code here does not count.",
                0.3,
                vec![],
            ),
        ]);
        let cats = &mut data.documents[0].paragraphs;
        cats[3].category = None; // counted as unclear
        cats[4].category = Some(Category::Furniture);
        cats[5].category = Some(Category::OffTopic);
        data.documents
            .push(doc("clean", vec![para(0, "Clean.", 0.1, vec![])]));
        data.errors.push(ReportError {
            source: "broken.html".into(),
            message: "not UTF-8".into(),
        });

        let s = summary_of(&data, &Embed::default());
        assert_eq!(s.documents, 2);
        assert_eq!(s.paragraphs, 8);
        assert_eq!(s.flagged_paragraphs, 5);
        assert_eq!(s.documents_flagged, 1);
        assert_eq!(s.failed, 1);
        assert_eq!(s.histogram, [1, 1, 0, 1, 0, 1, 1, 1, 1, 1]);

        let categories: Vec<(&str, usize)> =
            s.categories.iter().map(|c| (c.name, c.count)).collect();
        assert_eq!(
            categories,
            [
                ("promotional", 2),
                ("spam-like", 0),
                ("link list", 0),
                ("page furniture", 1),
                ("off-topic", 1),
                ("unclear", 1),
            ]
        );
        assert_eq!(
            s.family_names,
            ["drift", "promo", "links", "shape", "structure", "context"]
        );

        assert_eq!(
            s.phrases[0],
            Count {
                name: "qr code".into(),
                count: 3
            }
        );
        assert_eq!(
            s.phrases[1],
            Count {
                name: "free qr".into(),
                count: 2
            }
        );
        assert!(s.phrases.iter().any(|c| c.name == "mystery family"));
        assert!(s.phrases.iter().all(|c| !c.name.contains("here")));
        assert!(!s.phrases_approximate);
        assert_eq!((s.embed.whole, s.embed.left_out), (1, 1));
    }

    #[test]
    fn phrases_are_capped() {
        let text: String = (0..40).map(|i| format!("word{i}x ")).collect();
        let s = summary_of(
            &report(vec![para(0, &text, 0.9, vec![])]),
            &Embed::default(),
        );
        assert_eq!(s.phrases.len(), TOP_PHRASES);
    }

    #[test]
    fn phrase_counts_stay_bounded_and_keep_the_frequent() {
        let mut p = PhraseCounts {
            slots: 3,
            ..PhraseCounts::default()
        };
        for i in 0..100 {
            p.add("free qr".into());
            p.add(format!("rare {i}"));
            if i % 2 == 0 {
                p.add("qr code".into());
            }
        }
        assert!(p.counts.len() <= 3);
        assert!(p.approximate);
        let top = p.top(2);
        assert_eq!(top[0].name, "free qr");
        // Misra-Gries undercounts by at most items / slots.
        assert!(top[0].count <= 100 && top[0].count >= 100 - 250 / 3);
    }

    #[test]
    fn threshold_is_printed_compactly() {
        assert_eq!(format_score(0.5), "0.5");
        assert_eq!(format_score(0.125), "0.125");
        assert_eq!(format_score(1.0), "1");
        assert_eq!(format_score(f64::NAN), "n/a");
    }
}
