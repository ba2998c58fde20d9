//! Which files a batch reads: the names given, with each directory replaced by the input files
//! under it. The walk is lazy (one directory listing in memory per level, never the whole file
//! list) and sorted by name, so the output order of a batch does not depend on the file system.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// File name endings a directory walk picks up, each also with `.gz` after it. Anything else
/// under a directory (`.labels`, `.csv`, `.json`, ...) is left alone, and counted for the
/// walk's [`Expand::skipped`] notice; a file named explicitly is read whatever its name.
pub const EXTENSIONS: [&str; 8] = [
    ".txt",
    ".md",
    ".markdown",
    ".jsonl",
    ".ndjson",
    ".html",
    ".htm",
    ".xhtml",
];

/// True when a directory walk reads this file.
pub fn is_input_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
    EXTENSIONS.iter().any(|e| lower.ends_with(e))
}

/// The inputs named by `names`, in order: `-` (stdin) and files as given, each directory as the
/// input files under it, recursively, by name. Hidden entries (`.name`) and symbolic links to
/// directories are skipped during a walk; a directory that cannot be listed is an `Err` item and
/// the walk goes on.
pub fn expand(names: &[String]) -> Expand<'_> {
    Expand {
        names: names.iter(),
        stack: Vec::new(),
        skipped: Skipped::default(),
    }
}

/// Total size in bytes of the files `names` stands for; `None` when stdin is among them (its
/// size is not known in advance). Files that cannot be read count as 0.
pub fn total_bytes(names: &[String]) -> Option<u64> {
    if names.iter().any(|n| n == "-") {
        return None;
    }
    Some(
        expand(names)
            .flatten()
            .filter_map(|n| std::fs::metadata(n).ok())
            .map(|m| m.len())
            .sum(),
    )
}

pub struct Expand<'a> {
    names: std::slice::Iter<'a, String>,
    /// One sorted listing per directory level being walked.
    stack: Vec<std::vec::IntoIter<PathBuf>>,
    skipped: Skipped,
}

/// What a walk left out, so that a folder of unread files is not a silent empty batch.
#[derive(Debug, Default)]
struct Skipped {
    /// Files by extension (`.csv`, or `(none)`).
    other: std::collections::BTreeMap<String, usize>,
    hidden: usize,
    dir_links: usize,
}

impl Expand<'_> {
    /// A one-line notice of what the walk skipped so far and why (call it once the walk is
    /// done); `None` when it skipped nothing.
    pub fn skipped(&self) -> Option<String> {
        let s = &self.skipped;
        let mut parts = Vec::new();
        let files: usize = s.other.values().sum();
        if files > 0 {
            let kinds: Vec<String> = s.other.iter().map(|(e, n)| format!("{n} {e}")).collect();
            parts.push(format!(
                "{files} file{} not named like an input ({}; name a file to read it whatever \
                 its name)",
                if files == 1 { "" } else { "s" },
                kinds.join(", ")
            ));
        }
        if s.hidden > 0 {
            parts.push(format!("{} hidden (name starting with '.')", s.hidden));
        }
        if s.dir_links > 0 {
            parts.push(format!(
                "{} link{} to a directory (not followed)",
                s.dir_links,
                if s.dir_links == 1 { "" } else { "s" }
            ));
        }
        (!parts.is_empty()).then(|| format!("directories: skipped {}", parts.join("; ")))
    }

    fn list(&mut self, dir: &Path) -> Result<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .and_then(|rd| rd.map(|e| e.map(|e| e.path())).collect())
            .map_err(|e| Error::io(dir, e))?;
        entries.sort();
        self.stack.push(entries.into_iter());
        Ok(())
    }
}

impl Iterator for Expand<'_> {
    type Item = Result<String>;

    fn next(&mut self) -> Option<Result<String>> {
        loop {
            if let Some(level) = self.stack.last_mut() {
                let Some(path) = level.next() else {
                    self.stack.pop();
                    continue;
                };
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default();
                if name.starts_with('.') {
                    self.skipped.hidden += 1;
                    continue;
                }
                // symlink_metadata: a link to a directory is not followed (no cycles); a link to
                // a file is read like the file, and a dangling one is kept so that its error is
                // reported rather than the file silently missing from the batch.
                let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
                if is_dir {
                    if let Err(e) = self.list(&path) {
                        return Some(Err(e));
                    }
                    continue;
                }
                let linked_dir = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
                if linked_dir {
                    self.skipped.dir_links += 1;
                } else if is_input_file(&name) {
                    return Some(Ok(path.to_string_lossy().into_owned()));
                } else {
                    let ext = match name.rfind('.') {
                        Some(i) if i > 0 => name[i..].to_ascii_lowercase(),
                        _ => "(no extension)".to_string(),
                    };
                    *self.skipped.other.entry(ext).or_default() += 1;
                }
                continue;
            }
            let name = self.names.next()?;
            if name != "-" && Path::new(name).is_dir() {
                if let Err(e) = self.list(Path::new(name)) {
                    return Some(Err(e));
                }
                continue;
            }
            return Some(Ok(name.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_directories_in_name_order_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("b/deeper")).unwrap();
        std::fs::create_dir_all(d.join(".hidden")).unwrap();
        for f in [
            "z.txt",
            "a.md",
            "b/x.jsonl.gz",
            "b/deeper/y.ndjson",
            "b/page.html",
            "notes.labels",
            ".hidden/h.txt",
        ] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let root = d.display().to_string();
        let names = vec!["-".to_string(), root.clone(), "missing.bin".to_string()];
        let mut walk = expand(&names);
        let got: Vec<String> = walk.by_ref().map(|r| r.unwrap()).collect();
        assert_eq!(
            walk.skipped().unwrap(),
            "directories: skipped 1 file not named like an input (1 .labels; name a file to \
             read it whatever its name); 1 hidden (name starting with '.')"
        );
        let rel: Vec<String> = got
            .iter()
            .map(|n| {
                n.strip_prefix(&root)
                    .map_or(n.clone(), |r| r.trim_start_matches('/').to_string())
            })
            .collect();
        assert_eq!(
            rel,
            [
                "-",
                "a.md",
                "b/deeper/y.ndjson",
                "b/page.html",
                "b/x.jsonl.gz",
                "z.txt",
                "missing.bin"
            ]
        );
        assert_eq!(total_bytes(&names), None);
        assert_eq!(total_bytes(&names[1..]), Some(5));
    }

    #[test]
    fn extensions_are_case_insensitive_and_saved_pages_are_read() {
        assert!(is_input_file("A.JSONL.GZ"));
        assert!(is_input_file("notes.Markdown"));
        assert!(is_input_file("page.html") && is_input_file("page.HTM.gz"));
        assert!(is_input_file("story.txt.gz"));
        assert!(!is_input_file("x.gz") && !is_input_file("data.csv"));
    }
}
