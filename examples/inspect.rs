//! Why did a paragraph get its score? Prints every second-stage input of one paragraph with its
//! value and its contribution to the logit, most negative and most positive first.
//!
//! cargo run --release --example inspect -- FILE INDEX [MODEL.json]

use seam::document::{Document, Format};
use seam::model::Model;
use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(file), Some(index)) = (args.first(), args.get(1)) else {
        eprintln!("usage: inspect FILE INDEX [MODEL.json]");
        std::process::exit(2);
    };
    let model = match args.get(2) {
        Some(p) => Model::load(p.as_ref())?,
        None => Model::embedded(),
    };
    let text = std::fs::read_to_string(file)?;
    // An HTML file is a page of blocks, as `seam score` reads it; anything else is text.
    let doc = match Format::from_path(file) {
        Format::Html => Document::from_html(file.clone(), &text),
        format => Document::from_text(file.clone(), text, format),
    };
    let i: usize = index.parse()?;
    let (_, scores) = seam::pipeline::score_with(&model, &doc);
    if i >= scores.scores.len() {
        return Err(format!("{file} has {} paragraphs", scores.scores.len()).into());
    }
    let x = scores.stage2_row(i);
    let contrib = model.stage2.contributions(x);
    let mut rows: Vec<(usize, f32)> = contrib.iter().copied().enumerate().collect();
    rows.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut out = std::io::stdout().lock();
    let printed = (|| -> std::io::Result<()> {
        writeln!(
            out,
            "paragraph {i}: score {:.3}, first stage {:.3}",
            scores.scores[i], scores.stage1[i]
        )?;
        writeln!(out, "{}", doc.paragraphs[i].text)?;
        for (j, c) in rows {
            writeln!(
                out,
                "{:>8.3}  {:<34} {:.3}",
                c,
                model.stage2.features()[j],
                x[j]
            )?;
        }
        Ok(())
    })();
    match printed {
        // Piped into `head`: stop quietly, as seam itself does.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
