//! One error type for the library. Each variant names what broke and where, so the binary can
//! print it on one line and the tests can match on the variant.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{source_name}:{line}: {message}")]
    Record {
        source_name: String,
        line: usize,
        message: String,
    },
    #[error("{source_name}: {message}")]
    Input {
        source_name: String,
        message: String,
    },
    #[error("model {origin}: {message}")]
    Model { origin: String, message: String },
    #[error(
        "model {origin}: feature mismatch: the model has {model_count} features ({model_first_diff}) \
         where this build of seam has {code_count} ({code_first_diff}); retrain it with this build"
    )]
    FeatureMismatch {
        origin: String,
        model_count: usize,
        code_count: usize,
        model_first_diff: String,
        code_first_diff: String,
    },
    #[error(
        "model {origin}: format version {found} is not supported (this build reads {supported})"
    )]
    ModelVersion {
        origin: String,
        found: u32,
        supported: u32,
    },
    #[error("training: {0}")]
    Training(String),
    #[error("{0}")]
    Usage(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// True when the error is a closed downstream pipe, which a command-line tool treats as a
    /// normal end of output rather than a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}
