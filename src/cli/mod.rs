//! The command line: parse flags, build the pipeline, stream documents through it, and decide
//! the exit status. The work itself is the library's.

pub mod args;
mod decisions;
mod label;
mod progress;

use args::{CleanFormat, Cli, Color, Command, InputArgs, InputFormat, OutputFormat};
use clap::Parser;
use progress::Progress;
use rayon::prelude::*;
use seam::batch::{failure_parts, Batch, Outcome};
use seam::document::jsonl::Keys;
use seam::document::reader::read_labelled;
use seam::document::{Document, Format};
use seam::model::metrics::{self, ThresholdRule};
use seam::model::train::Trainer;
use seam::model::Model;
use seam::output::report::{self, Embed, EmbedMode, ReportError, ReportHead, ReportWriter};
use seam::output::text::{terminal_line, terminal_safe, TextWriter};
use seam::output::{self};
use seam::pipeline::{self, Pipeline, ScoredDocument};
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

/// Exit statuses, decided here and in [`error_exit`] only (README, "Limits and exit codes").
pub mod status {
    /// Every input read and scored (and, with `--fail-on-flag`, nothing flagged).
    pub const OK: u8 = 0;
    /// An error: a document or input failed (the rest were processed), or the command could
    /// not run (unreadable model, unwritable output, bad training data).
    pub const ERROR: u8 = 1;
    /// A usage error: bad flags or values (clap's own status for them), outputs that clash.
    pub const USAGE: u8 = 2;
    /// `--fail-on-flag` and a paragraph was flagged (nothing failed).
    pub const FLAGGED: u8 = 3;
}

pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    #[cfg(unix)]
    remove_temporary_files_on_signals();
    match cli.command {
        Command::Score(a) => score(a),
        Command::Clean(a) => clean(a),
        Command::Report(a) => report(a),
        Command::Train(a) => train(a),
        Command::Eval(a) => eval(a),
        Command::Label(a) => label::run(a),
    }
}

/// SIGINT, SIGTERM and SIGHUP remove the temporary files of unfinished outputs (a process killed
/// by a signal runs no destructors), then the process dies of the signal as it would have, so
/// that a shell or supervisor sees the usual status (130 for Ctrl-C, 143 for SIGTERM).
#[cfg(unix)]
fn remove_temporary_files_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            seam::output::remove_temporary_files();
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    });
}

/// A model file, shown under its file name.
fn load_model(path: &Path) -> anyhow::Result<Model> {
    let mut model = Model::load(path)?;
    if let Some(stem) = path.file_stem() {
        model.name = stem.to_string_lossy().into_owned();
    }
    Ok(model)
}

/// Counts that decide the exit status.
#[derive(Default)]
struct Tally {
    documents: usize,
    failed: usize,
    flagged: usize,
}

impl Tally {
    fn exit(&self, fail_on_flag: bool) -> ExitCode {
        if self.failed > 0 {
            ExitCode::from(status::ERROR)
        } else if fail_on_flag && self.flagged > 0 {
            ExitCode::from(status::FLAGGED)
        } else {
            ExitCode::from(status::OK)
        }
    }
}

/// Stream every input's documents through the pipeline (`seam::batch`: a reader thread, chunks
/// scored on the rayon pool, bounded memory) and hand each outcome to `sink` in input order.
/// `render` turns a scored document into what `sink` keeps, on the worker threads. Failures are
/// printed and counted here, then passed on, so that formats with room for them can record them.
fn stream<T: Send>(
    a: &InputArgs,
    pipeline: &Pipeline,
    render: impl Fn(Document, ScoredDocument) -> T + Sync,
    mut sink: impl FnMut(Outcome<T>) -> io::Result<()>,
) -> anyhow::Result<Tally> {
    let forced = a.input_format.map(|f| match f {
        InputFormat::Text => Format::Text,
        InputFormat::Markdown => Format::Markdown,
        InputFormat::Jsonl => Format::Jsonl,
        InputFormat::Html => Format::Html,
    });
    let keys = Keys {
        id: a.id_key.clone(),
        text: a.text_key.clone(),
        html: a.html_key.clone(),
    };
    let names: Vec<String> = if a.inputs.is_empty() {
        vec!["-".into()]
    } else {
        a.inputs.clone()
    };
    let batch = Batch::new(pipeline)
        .keys(keys)
        .forced(forced)
        .max_doc_bytes(a.max_doc_bytes);
    let progress = Progress::start(a.quiet, &names);
    let warn = |m: String| {
        if !a.quiet {
            progress.eprintln(&format!("seam: warning: {m}"));
        }
    };
    let mut tally = Tally::default();
    batch.run(&names, &warn, render, |outcome| {
        tally.documents += 1;
        match &outcome {
            Outcome::Scored { flagged, .. } => tally.flagged += flagged,
            Outcome::Failed { error, .. } => {
                tally.failed += 1;
                progress.eprintln(&format!("seam: {error}"));
            }
        }
        progress.update(
            tally.documents,
            tally.flagged,
            tally.failed,
            batch.bytes_done(),
        );
        sink(outcome)
    })?;
    drop(progress);
    if tally.failed > 0 {
        eprintln!(
            "seam: {} of {} documents or inputs failed (named above); the rest were processed",
            tally.failed, tally.documents
        );
    }
    Ok(tally)
}

/// A sink for formats that write scored documents only (failures are on stderr).
fn scored_only(out: &mut impl Write) -> impl FnMut(Outcome<Vec<u8>>) -> io::Result<()> + '_ {
    move |o| match o {
        Outcome::Scored { value, .. } => out.write_all(&value),
        Outcome::Failed { .. } => Ok(()),
    }
}

fn json_line(v: &impl serde::Serialize) -> Vec<u8> {
    let mut buf = serde_json::to_vec(v).expect("json");
    buf.push(b'\n');
    buf
}

fn error_value(error: &seam::Error) -> serde_json::Value {
    let (name, message) = failure_parts(error);
    output::json::error_value(&name, &message)
}

fn setup(a: &InputArgs) -> anyhow::Result<Pipeline> {
    if let Some(j) = a.jobs {
        // Ignore the error of a pool built twice (tests call run in-process).
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(j))
            .build_global();
    }
    // A model file serves every input; otherwise the input picks the model.
    let mut pipeline = match &a.model {
        Some(path) => Pipeline::new(load_model(path)?),
        None => {
            let text = match &a.text_model {
                Some(path) => load_model(path)?,
                None => Model::embedded(),
            };
            let pipeline = Pipeline::new(text).text_check(!a.no_text_check);
            match &a.html_model {
                Some(path) => pipeline.html_model(load_model(path)?),
                None => pipeline.embedded_html_model(),
            }
        }
    };
    if let Some(t) = a.threshold {
        pipeline = pipeline.threshold(t);
    }
    Ok(pipeline.keep_comments(a.keep_comments))
}

fn score(a: args::ScoreArgs) -> anyhow::Result<ExitCode> {
    let pipeline = setup(&a.input)?.reasons(a.reasons);
    let stdout = io::stdout();
    let color = match a.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let tally = match a.format {
        OutputFormat::Text => {
            let tw = TextWriter { color, width: 100 };
            let render = |d: Document, s: ScoredDocument| {
                let mut buf = Vec::new();
                tw.write(&mut buf, &d, &s).expect("writing to memory");
                buf
            };
            stream(&a.input, &pipeline, render, scored_only(&mut out))?
        }
        OutputFormat::Jsonl => {
            let render = |d: Document, s: ScoredDocument| {
                let mut line = Vec::new();
                output::json::document_wire(&d, &s).write_line(&mut line);
                line.push(b'\n');
                line
            };
            stream(&a.input, &pipeline, render, |o| match o {
                Outcome::Scored { value, .. } => out.write_all(&value),
                Outcome::Failed { error, .. } => out.write_all(&json_line(&error_value(&error))),
            })?
        }
        OutputFormat::Json => {
            // A JSON array, streamed: the separator goes before every element but the first.
            out.write_all(b"[\n")?;
            let mut first = true;
            let render = |d: Document, s: ScoredDocument| {
                serde_json::to_vec_pretty(&output::json::document_wire(&d, &s)).expect("json")
            };
            let t = stream(&a.input, &pipeline, render, |o| {
                if !std::mem::take(&mut first) {
                    out.write_all(b",\n")?;
                }
                match o {
                    Outcome::Scored { value, .. } => out.write_all(&value),
                    Outcome::Failed { error, .. } => out
                        .write_all(&serde_json::to_vec_pretty(&error_value(&error)).expect("json")),
                }
            })?;
            out.write_all(b"\n]\n")?;
            t
        }
        OutputFormat::Csv => {
            let mut header = csv::Writer::from_writer(Vec::new());
            header.write_record(output::csv::HEADER)?;
            out.write_all(&header.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?;
            let render = |d: Document, s: ScoredDocument| {
                let mut w = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(Vec::new());
                output::csv::write_rows(&mut w, &d, &s).expect("csv to memory");
                w.into_inner().expect("csv to memory")
            };
            stream(&a.input, &pipeline, render, scored_only(&mut out))?
        }
        OutputFormat::Dolma => {
            // No error records: an attributes file must hold attribute records only.
            let attribute = output::dolma::attribute_name(&pipeline.name());
            let render = |d: Document, s: ScoredDocument| {
                let mut buf = Vec::new();
                output::dolma::write_record(&mut buf, &d, &s, &attribute)
                    .expect("writing to memory");
                buf
            };
            stream(&a.input, &pipeline, render, scored_only(&mut out))?
        }
    };
    out.flush()?;
    Ok(tally.exit(a.input.fail_on_flag))
}

fn clean(a: args::CleanArgs) -> anyhow::Result<ExitCode> {
    // Nothing shows reasons here: skip explaining.
    let pipeline = setup(&a.input)?.reasons(0);
    let text_key = a.input.text_key.clone();
    let render = |d: Document, s: ScoredDocument| -> Vec<u8> {
        // Records (given paragraphs, a text or an html field) go back out as records.
        let as_record = match a.format {
            Some(CleanFormat::Jsonl) => true,
            Some(CleanFormat::Text) => false,
            None => d.line.is_some(),
        };
        if as_record {
            json_line(&output::json::clean_record(&d, &s, &text_key))
        } else {
            let mut text = d.without(&s.flags());
            // Kept blocks of a page (no source layout to keep) end like a text file.
            if d.source.is_none() && !text.is_empty() {
                text.push('\n');
            }
            text.into_bytes()
        }
    };
    let tally = match &a.output {
        Some(path) => {
            // Streamed into a temporary file that replaces `path` only when the batch is done.
            let mut file = output::AtomicFile::create(path)?;
            let t = stream(&a.input, &pipeline, render, scored_only(&mut file))?;
            file.commit()?;
            t
        }
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            let t = stream(&a.input, &pipeline, render, scored_only(&mut out))?;
            out.flush()?;
            t
        }
    };
    Ok(tally.exit(a.input.fail_on_flag))
}

fn report(a: args::ReportArgs) -> anyhow::Result<ExitCode> {
    let mut outputs = vec![("-o", a.output.as_path())];
    outputs.extend(a.csv.as_deref().map(|p| ("--csv", p)));
    outputs.extend(a.jsonl.as_deref().map(|p| ("--jsonl", p)));
    output::check_distinct(&outputs)?;
    // Every reason: the problem category reads them all. Outputs show the strongest `--reasons`.
    let pipeline = setup(&a.input)?.reasons(usize::MAX);
    let embed = Embed {
        mode: match a.embed {
            args::EmbedArg::Flags => EmbedMode::Flags,
            args::EmbedArg::Documents => EmbedMode::Documents,
            args::EmbedArg::All => EmbedMode::All,
        },
        context: a.context,
        // As given (0.2, not the f32's 0.20000000298), to the 4 decimals scores have.
        min_score: a
            .embed_min_score
            .map(|s| (f64::from(s) * 1e4).round() / 1e4),
    };
    // Every output is opened before the work, so that a bad path fails at once. Each is a
    // temporary file until the batch is done, then renamed into place.
    let html = output::AtomicFile::create(&a.output)?;
    let head = ReportHead {
        title: a
            .title
            .clone()
            .unwrap_or_else(|| default_title(&a.input.inputs)),
        generated: now_utc(),
        model: pipeline.describe(),
        threshold: pipeline.text_threshold() as f64,
    };
    // The report streams: each document goes out as it is scored, none is kept.
    let mut writer =
        ReportWriter::start(html, head, embed).map_err(|e| seam::Error::io(&a.output, e))?;
    let mut csv_out = match &a.csv {
        Some(p) => {
            let mut f = output::AtomicFile::create(p)?;
            let mut header = csv::Writer::from_writer(Vec::new());
            header.write_record(output::export::HEADER)?;
            f.write_all(&header.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?;
            Some(f)
        }
        None => None,
    };
    let mut jsonl_out = a
        .jsonl
        .as_deref()
        .map(output::AtomicFile::create)
        .transpose()?;
    let (want_csv, want_jsonl) = (csv_out.is_some(), jsonl_out.is_some());
    let render = |d: Document, s: ScoredDocument| {
        let mut csv_rows = Vec::new();
        if want_csv {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut csv_rows);
            output::export::write_csv_rows(&mut w, &d, &s, a.reasons).expect("csv to memory");
        }
        let mut jsonl_rows = Vec::new();
        if want_jsonl {
            output::export::write_jsonl_rows(&mut jsonl_rows, &d, &s, a.reasons)
                .expect("writing to memory");
        }
        let doc = output::export::report_doc(d, &s, a.reasons);
        (report::render_doc(&doc, &embed), csv_rows, jsonl_rows)
    };
    let (mut documents, mut failed) = (0usize, 0usize);
    let tally = stream(&a.input, &pipeline, render, |o| {
        match o {
            Outcome::Scored {
                value: (doc, csv_rows, jsonl_rows),
                ..
            } => {
                if let Some(w) = &mut csv_out {
                    w.write_all(&csv_rows)?;
                }
                if let Some(w) = &mut jsonl_out {
                    w.write_all(&jsonl_rows)?;
                }
                documents += 1;
                writer.add(doc).map_err(|e| {
                    io::Error::new(e.kind(), format!("{}: {e}", a.output.display()))
                })?;
            }
            Outcome::Failed { error, .. } => {
                let (source, message) = failure_parts(&error);
                failed += 1;
                writer.error(ReportError { source, message });
            }
        }
        Ok(())
    })?;
    let flagged = tally.flagged;
    let html = writer.finish().map_err(|e| seam::Error::io(&a.output, e))?;
    html.commit()?;
    for f in [csv_out, jsonl_out].into_iter().flatten() {
        f.commit()?;
    }
    if !a.input.quiet {
        eprintln!(
            "seam: wrote {} ({documents} documents, {flagged} flagged paragraphs, {failed} failed)",
            terminal_line(&a.output.display().to_string()),
        );
    }
    Ok(tally.exit(a.input.fail_on_flag))
}

/// The inputs' names as a report title: "stdin", "docs/", or "a.jsonl and 3 more".
fn default_title(inputs: &[String]) -> String {
    match inputs {
        [] => "stdin".into(),
        [one] if one == "-" => "stdin".into(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} and {} more", rest.len()),
    }
}

fn read_all(paths: &[std::path::PathBuf]) -> anyhow::Result<Vec<Document>> {
    let mut docs = Vec::new();
    for p in paths {
        docs.extend(read_labelled(p)?);
    }
    Ok(docs)
}

fn today() -> String {
    now_utc()[..10].to_string()
}

/// The current time in UTC, RFC 3339 to the second: `2026-05-01T12:00:00Z`.
fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (hh, mm, ss) = (secs / 3600 % 24, secs / 60 % 60, secs % 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + (m <= 2) as i64;
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
}

fn train(a: args::TrainArgs) -> anyhow::Result<ExitCode> {
    let mut outputs = Vec::new();
    outputs.extend(a.output.as_deref().map(|p| ("-o", p)));
    outputs.extend(a.oof.as_deref().map(|p| ("--oof", p)));
    if let Some((flag, _)) = outputs.iter().find(|(_, p)| p.as_os_str() == "-") {
        return Err(seam::Error::Usage(format!(
            "{flag} -: train prints its metrics on standard output; give {flag} a file name"
        ))
        .into());
    }
    output::check_distinct(&outputs)?;
    let docs = decisions::complete(read_all(&a.data)?, &a.documents_from)?;
    let examples: Vec<_> = docs.par_iter().map(pipeline::example).collect();
    let paragraphs: usize = docs.iter().map(|d| d.paragraphs.len()).sum();
    eprintln!(
        "seam: training on {} documents, {paragraphs} paragraphs, {}-fold grouped CV",
        docs.len(),
        a.cv
    );
    let rule = match (a.min_precision, a.kept_text) {
        (Some(p), _) => ThresholdRule::MinPrecision(p as f64),
        (None, true) => ThresholdRule::KeptTextF1,
        (None, false) => ThresholdRule::MaxF1,
    };
    let fitted = Trainer::default()
        .alpha(a.alpha)
        .folds(a.cv)
        .seed(a.seed)
        .knots(a.knots, a.stage2_knots)
        .threshold_rule(rule)
        .max_clean_share(a.max_clean_share.map(f64::from))
        .fit(&examples)?;
    let mut model = fitted.model;
    model.name = a.name.clone();
    model.training.data = a
        .data
        .iter()
        .map(|p| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect();
    model.training.command = std::env::args()
        .skip(1)
        .map(|s| if s.contains(' ') { format!("'{s}'") } else { s })
        .collect::<Vec<_>>()
        .join(" ");
    model.training.date = today();
    println!(
        "Out-of-fold ({}-fold, grouped by document):\n{}",
        a.cv,
        terminal_safe(&fitted.cv.table())
    );
    if !model.training.converged {
        eprintln!("seam: warning: a logistic fit stopped before converging; try a larger --alpha");
    }
    if let Some(path) = &a.oof {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["doc_id", "index", "label", "kind", "score", "text"])?;
        for (d, scores) in docs.iter().zip(&fitted.oof) {
            for (i, (p, s)) in d.paragraphs.iter().zip(scores).enumerate() {
                let label = match p.label {
                    Some(true) => "1",
                    Some(false) => "0",
                    None => "",
                };
                let kind = p.kind.as_deref().unwrap_or("");
                w.write_record([
                    &*output::csv::cell(&d.id),
                    &i.to_string(),
                    label,
                    &output::csv::cell(kind),
                    &format!("{s:.4}"),
                    &output::csv::cell(&p.text),
                ])?;
            }
        }
        output::write_atomic(path, &w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?;
    }
    if let Some(out) = &a.output {
        output::write_atomic(out, model.to_json().as_bytes())?;
        eprintln!("seam: wrote {}", terminal_line(&out.display().to_string()));
    }
    Ok(ExitCode::SUCCESS)
}

fn eval(a: args::EvalArgs) -> anyhow::Result<ExitCode> {
    let docs = decisions::complete(read_all(&a.data)?, &a.documents_from)?;
    // Without a model file, documents are scored as `seam score` scores them: HTML blocks by
    // the HTML model with the text check.
    let mut pipeline = match &a.model {
        Some(path) => Pipeline::new(load_model(path)?),
        None => Pipeline::embedded(),
    }
    .reasons(0)
    .keep_comments(a.keep_comments);
    if let Some(t) = a.threshold {
        pipeline = pipeline.threshold(t);
    }
    let scored: Vec<ScoredDocument> = docs.par_iter().map(|d| pipeline.score(d)).collect();
    // One threshold and one model for the report: the ones the documents were flagged with.
    let (threshold, model) = scored
        .first()
        .map_or((0.5, String::new()), |s| (s.threshold, s.model.clone()));
    if let Some(other) = scored.iter().find(|s| s.model != model) {
        anyhow::bail!(
            "the data mixes documents scored by {model} and by {}: evaluate text and HTML \
             separately, or pass --model",
            other.model
        );
    }
    let mut items = Vec::new();
    let mut where_: Vec<(usize, usize)> = Vec::new();
    for (di, (d, s)) in docs.iter().zip(&scored).enumerate() {
        // Ambiguous paragraphs (no label) are not scored.
        for (pi, item) in pipeline::labelled_scores(d, s, di) {
            items.push(item);
            where_.push((di, pi));
        }
    }
    let report = metrics::report(&items, threshold);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    writeln!(
        out,
        "model {}\n{}",
        terminal_line(&model),
        terminal_safe(&report.table())
    )?;
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&x, &y| items[y].score.total_cmp(&items[x].score));
    let fps = order
        .iter()
        .filter(|&&k| !items[k].label && items[k].score >= threshold)
        .take(a.worst);
    let fns = order
        .iter()
        .rev()
        .filter(|&&k| items[k].label && items[k].score < threshold)
        .take(a.worst);
    for (title, list) in [
        ("worst false positives", fps.collect::<Vec<_>>()),
        ("worst false negatives", fns.collect()),
    ] {
        writeln!(out, "\n{title}:")?;
        for &k in list {
            let (di, pi) = where_[k];
            let p = &docs[di].paragraphs[pi];
            writeln!(
                out,
                "  {:.3}  {}#{}  [{}]  {}",
                items[k].score,
                terminal_line(&docs[di].id),
                pi,
                terminal_line(p.kind.as_deref().unwrap_or("-")),
                terminal_line(&output::shorten(&p.text, 90))
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Exit status for an error: a closed pipe is a normal end, a usage error is
/// [`status::USAGE`], anything else [`status::ERROR`].
pub fn error_exit(e: &anyhow::Error) -> ExitCode {
    let mut code = status::ERROR;
    for cause in e.chain() {
        if let Some(io) = cause.downcast_ref::<io::Error>() {
            if io.kind() == io::ErrorKind::BrokenPipe {
                return ExitCode::from(status::OK);
            }
        }
        if let Some(se) = cause.downcast_ref::<seam::Error>() {
            if se.is_broken_pipe() {
                return ExitCode::from(status::OK);
            }
            if matches!(se, seam::Error::Usage(_)) {
                code = status::USAGE;
            }
        }
    }
    // The chain on one line, down to the first seam::Error: its message already names its
    // cause ("path: No such file ..."), which the chain would repeat.
    let mut message = String::new();
    for cause in e.chain() {
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&cause.to_string());
        if cause.is::<seam::Error>() {
            break;
        }
    }
    eprintln!("seam: {}", terminal_line(&message));
    ExitCode::from(code)
}
