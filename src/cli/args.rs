//! Every flag, defined once. `seam --help` and `seam SUBCOMMAND --help` come from here.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "seam",
    version,
    about = "Find the paragraphs that do not belong in a document."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Score every paragraph; flag those over the threshold, with reasons.
    Score(ScoreArgs),
    /// Write the input without its flagged paragraphs.
    Clean(CleanArgs),
    /// Score a batch into a self-contained HTML report for moderators, with CSV/JSONL exports.
    Report(ReportArgs),
    /// Fit a model on labelled paragraphs and report cross-validated metrics.
    Train(TrainArgs),
    /// Evaluate a model on labelled paragraphs: P/R/F1/AUC, per kind, worst errors.
    Eval(EvalArgs),
    /// Label the blocks of web pages against their human-cleaned main text (training data).
    Label(LabelArgs),
}

#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// Input files and directories; `-` or none reads stdin. Directories are searched
    /// recursively for .txt .md .markdown .jsonl .ndjson .html .htm (each also .gz); gzip is
    /// decompressed wherever it is found.
    pub inputs: Vec<String>,
    /// Force the input format instead of guessing from the extension.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// JSONL field holding the document text.
    #[arg(long, default_value = "text")]
    pub text_key: String,
    /// JSONL field holding the document id.
    #[arg(long, default_value = "id")]
    pub id_key: String,
    /// JSONL field holding an HTML page (segmented into blocks like an .html file).
    #[arg(long, default_value = "html")]
    pub html_key: String,
    /// One model file (JSON) for every input. Without it, the input picks the embedded model:
    /// the text model, or for HTML pages the HTML model with the text model's check.
    #[arg(long, conflicts_with_all = ["text_model", "html_model"])]
    pub model: Option<PathBuf>,
    /// Model file for text, Markdown and JSONL text, and for the text check of HTML blocks,
    /// instead of the embedded text model.
    #[arg(long)]
    pub text_model: Option<PathBuf>,
    /// Model file for HTML pages instead of the embedded HTML model.
    #[arg(long)]
    pub html_model: Option<PathBuf>,
    /// Score HTML pages with the HTML model alone, without the text model's check of the
    /// blocks it keeps (which catches ads and spam spliced into the story).
    #[arg(long)]
    pub no_text_check: bool,
    /// Keep readers' comments below a web page's story: score them like any block instead of
    /// flagging them ("a reader's comment below the main text"). Forum threads and reviews
    /// under a short post are kept either way.
    #[arg(long)]
    pub keep_comments: bool,
    /// Flag paragraphs scoring at or above this instead of the model's threshold.
    #[arg(long, value_parser = parse_probability, allow_negative_numbers = true)]
    pub threshold: Option<f32>,
    /// Worker threads, 1 to 256 (default: all cores); output stays in input order.
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..=MAX_JOBS), allow_negative_numbers = true)]
    pub jobs: Option<u16>,
    /// Largest document read, in bytes (suffixes K, M, G: KiB, MiB, GiB), after
    /// decompression; a larger file or JSONL line fails with a message and the batch goes on.
    #[arg(long, default_value = "64M", value_parser = parse_size, value_name = "SIZE")]
    pub max_doc_bytes: u64,
    /// Exit with status 3 when any paragraph was flagged.
    #[arg(long)]
    pub fail_on_flag: bool,
    /// Print no warnings and no progress bar (errors are still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
    /// Reasons given per flagged paragraph.
    #[arg(long, default_value_t = 3, allow_negative_numbers = true)]
    pub reasons: usize,
    /// Colour the text output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
}

#[derive(Args, Debug)]
pub struct CleanArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format: `text` (the cleaned text) or `jsonl` (one record per document with `id`,
    /// the cleaned `text`, `removed`, and the other fields). Default: `jsonl` for JSONL input,
    /// `text` otherwise.
    #[arg(long, value_enum)]
    pub format: Option<CleanFormat>,
    /// Write here (atomically) instead of stdout.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Where to write the HTML report (atomically).
    #[arg(long, short = 'o', required = true)]
    pub output: PathBuf,
    /// Also write the flagged paragraphs as CSV: doc_id,index,start,end,score,reasons,text.
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Also write the flagged paragraphs as JSONL, one object per paragraph, same fields.
    #[arg(long)]
    pub jsonl: Option<PathBuf>,
    /// Title shown on the report (default: the inputs' names).
    #[arg(long)]
    pub title: Option<String>,
    /// Reasons given per flagged paragraph.
    #[arg(long, default_value_t = 3, allow_negative_numbers = true)]
    pub reasons: usize,
    /// What the report carries: `flags`, each flagged paragraph with `--context` paragraphs
    /// around it; `documents`, every paragraph of each document with a flag; `all`, every
    /// document whole. The documents left out are still listed with their counts.
    #[arg(long, value_enum, default_value = "flags")]
    pub embed: EmbedArg,
    /// Paragraphs kept on either side of a flag (`--embed flags`).
    #[arg(long, default_value_t = 2)]
    pub context: usize,
    /// Also embed paragraphs scoring at least this, flagged or not (near misses to review).
    #[arg(long, value_parser = parse_probability)]
    pub embed_min_score: Option<f32>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmbedArg {
    Flags,
    Documents,
    All,
}

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Labelled data: CSV `doc_id,index,text,label[,kind]` or JSONL with labelled paragraphs.
    #[arg(required = true)]
    pub data: Vec<PathBuf>,
    /// Where to write the model (atomically).
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Document-grouped cross-validation folds (also used for out-of-fold estimates inside).
    #[arg(long, default_value_t = 5, allow_negative_numbers = true)]
    pub cv: usize,
    /// L2 penalty (> 0) on standardized weights; the loss is summed over paragraphs.
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    pub alpha: f64,
    /// Choose the threshold for the highest recall at this precision instead of max F1.
    #[arg(long, value_parser = parse_probability, allow_negative_numbers = true)]
    pub min_precision: Option<f32>,
    /// Choose the threshold for the highest kept-text F1 (words of the content kept by
    /// `clean`, mean per document) instead of max F1: for web pages, where most blocks are
    /// furniture and max F1 would trade long content blocks for many short ones.
    #[arg(long, conflicts_with = "min_precision")]
    pub kept_text: bool,
    /// Then raise the threshold, where needed, until at most this share of the training
    /// documents without an inserted paragraph get a flag out of fold (e.g. 0.12).
    #[arg(long, value_parser = parse_probability, allow_negative_numbers = true)]
    pub max_clean_share: Option<f32>,
    /// Seed of the fold assignment.
    #[arg(long, default_value_t = 8)]
    pub seed: u64,
    /// Knots of each feature's shape function in the first stage: a line and up to this many
    /// hinges at quantiles of the training data (0: straight lines).
    #[arg(long, default_value_t = 8)]
    pub knots: usize,
    /// Knots of each input's shape function in the second stage.
    #[arg(long, default_value_t = 4)]
    pub stage2_knots: usize,
    /// Write the out-of-fold score of every paragraph here (CSV: doc_id,index,label,kind,score,text).
    #[arg(long)]
    pub oof: Option<PathBuf>,
    /// Name stored in the model file and shown in outputs.
    #[arg(long, default_value = "custom")]
    pub name: String,
    /// The inputs a report was written from: decided documents the report showed in part
    /// (exported from `seam report --embed flags`) are read whole from them, each decision on
    /// its paragraph.
    #[arg(long, num_args = 1.., value_name = "INPUT")]
    pub documents_from: Vec<String>,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Labelled data, as for `train`.
    #[arg(required = true)]
    pub data: Vec<PathBuf>,
    #[arg(long)]
    pub model: Option<PathBuf>,
    #[arg(long, value_parser = parse_probability, allow_negative_numbers = true)]
    pub threshold: Option<f32>,
    /// How many of the worst false positives and false negatives to list.
    #[arg(long, default_value_t = 10, allow_negative_numbers = true)]
    pub worst: usize,
    /// As for `score`: score readers' comments below a page's story like any block.
    #[arg(long)]
    pub keep_comments: bool,
    /// As for `train`: read decided documents a report showed in part whole from its inputs.
    #[arg(long, num_args = 1.., value_name = "INPUT")]
    pub documents_from: Vec<String>,
}

#[derive(Args, Debug)]
pub struct LabelArgs {
    /// An HTML page (prints its blocks as JSONL with label 0, 1 or null).
    #[arg(requires = "truth", conflicts_with = "wcxb")]
    pub page: Option<PathBuf>,
    /// The page's main text: plain text (paragraphs separated by blank lines) or a WCXB
    /// ground-truth `.json`.
    pub truth: Option<PathBuf>,
    /// A folder in WCXB layout (`html/NNNN.html.gz`, `ground-truth/NNNN.json`): write one
    /// labelled document per page, `{"id", "group", "page_type", "url", "paragraphs"}`.
    #[arg(long, required_unless_present = "page")]
    pub wcxb: Option<PathBuf>,
    /// Splice benchmark JSONL (`splice.jsonl`): also write each page again with that
    /// document's ad, spam and off-topic paragraphs spliced into its body as `<p>` elements.
    /// A page that has no such paragraphs of its own borrows those of another page of the
    /// same run (chosen by `--seed`), so with `--id-parity` the two halves share no insert.
    #[arg(long, requires = "wcxb")]
    pub splice: Option<PathBuf>,
    /// Only pages whose numeric file id is even (or odd): a fixed split of the folder.
    #[arg(long, value_enum, requires = "wcxb")]
    pub id_parity: Option<Parity>,
    /// Also write the pages themselves as JSONL, `{"id", "page_type", "html", "truth",
    /// "inserted": [{"text", "kind"}]}` (decoded HTML, spliced where spliced).
    #[arg(long, requires = "wcxb")]
    pub pages_out: Option<PathBuf>,
    /// Seed of the splice positions.
    #[arg(long, default_value_t = 8)]
    pub seed: u64,
    /// Write here (atomically) instead of stdout.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parity {
    Even,
    Odd,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    Text,
    Markdown,
    Jsonl,
    Html,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CleanFormat {
    Text,
    Jsonl,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// For people: each paragraph shortened, its score, FLAG and reasons.
    Text,
    /// One JSON array of documents.
    Json,
    /// One JSON object per document, per line.
    Jsonl,
    /// One row per paragraph.
    Csv,
    /// Dolma attribute records: {"id", "attributes": {"seam__MODEL__offtopic": [[start, end, score], ...]}}.
    Dolma,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Most worker threads `-j` takes: past a few per core threads only cost memory (`-j 10000`
/// took 1.6 GB and 48 s on a 3 KB file).
const MAX_JOBS: i64 = 256;

/// A size in bytes: a whole number, optionally with K, M or G (powers of 1024; `KiB`, `MB`
/// and lower case are read the same).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let unit = t[digits..].trim().to_ascii_lowercase();
    let shift = match unit.trim_end_matches('b').trim_end_matches('i') {
        "" => 0,
        "k" => 10,
        "m" => 20,
        "g" => 30,
        _ => {
            return Err(format!(
                "\"{s}\" is not a size (a number, optionally with K, M or G)"
            ))
        }
    };
    let n: u64 = t[..digits]
        .parse()
        .map_err(|_| format!("\"{s}\" is not a size (a number, optionally with K, M or G)"))?;
    match n.checked_mul(1 << shift) {
        Some(0) | None => Err(format!("\"{s}\" must be between 1 byte and 16 EiB")),
        Some(v) => Ok(v),
    }
}

fn parse_probability(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("\"{s}\" is not a number between 0 and 1")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn flags_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn threshold_must_be_a_probability() {
        assert!(Cli::try_parse_from(["seam", "score", "--threshold", "1.5", "x"]).is_err());
        let c = Cli::try_parse_from(["seam", "score", "--threshold", "0.3", "x"]).unwrap();
        let Command::Score(s) = c.command else {
            panic!()
        };
        assert_eq!(s.input.threshold, Some(0.3));
        // A negative number is a value out of range, not an unknown flag.
        let e = Cli::try_parse_from(["seam", "score", "--threshold", "-1", "x"]).unwrap_err();
        assert!(
            e.to_string()
                .contains("\"-1\" is not a number between 0 and 1"),
            "{e}"
        );
    }

    #[test]
    fn jobs_are_bounded() {
        for bad in ["0", "257", "10000", "-1"] {
            let e = Cli::try_parse_from(["seam", "score", "-j", bad, "x"]).unwrap_err();
            assert!(e.to_string().contains("1..=256"), "{bad}: {e}");
        }
        assert!(Cli::try_parse_from(["seam", "score", "-j", "256", "x"]).is_ok());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("10kib"), Ok(10 << 10));
        assert_eq!(parse_size("2 GB"), Ok(2 << 30));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("0").is_err() && parse_size("1T").is_err() && parse_size("x").is_err());
        assert!(parse_size("99999999999999G").is_err());
    }
}
