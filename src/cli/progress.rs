//! The progress bar of a batch, on stderr: bytes read and MB/s, an ETA when the total input size
//! is known (files and directories; not stdin), documents and flagged paragraphs so far. Drawn
//! only when stderr is a terminal and `--quiet` is off; otherwise only messages are printed.

use indicatif::{ProgressBar, ProgressStyle};
use seam::document::inputs;
use std::io::{self, IsTerminal};
use std::time::Duration;

pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    pub fn start(quiet: bool, names: &[String]) -> Progress {
        if quiet || !io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = match inputs::total_bytes(names) {
            Some(total) => ProgressBar::new(total).with_style(style(
                "{spinner} [{bar:20}] {percent:>3}% {decimal_bytes_per_sec} ETA {eta} | {msg}",
            )),
            None => ProgressBar::new_spinner().with_style(style(
                "{spinner} {elapsed} {decimal_bytes} {decimal_bytes_per_sec} | {msg}",
            )),
        };
        bar.enable_steady_tick(Duration::from_millis(150));
        Progress { bar: Some(bar) }
    }

    /// `bytes`: input behind the documents done so far (compressed bytes for gzip).
    pub fn update(&self, documents: usize, flagged: usize, failed: usize, bytes: u64) {
        let Some(bar) = &self.bar else { return };
        bar.set_position(bytes);
        // The message is only formatted now and then: a batch reports thousands of documents a
        // second and the bar redraws a few times a second.
        if documents % 64 == 1 {
            let failed = if failed > 0 {
                format!(", {failed} failed")
            } else {
                String::new()
            };
            bar.set_message(format!("{documents} docs, {flagged} flagged{failed}"));
        }
    }

    /// Print a line on stderr without tearing the bar.
    /// Print a message line on stderr, its control characters escaped: messages carry file
    /// names and record contents.
    pub fn eprintln(&self, line: &str) {
        let line = seam::output::text::terminal_safe(line);
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .expect("valid template")
        .progress_chars("=> ")
}
