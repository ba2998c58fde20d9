//! The `seam` binary: a thin shell over the library (see `cli`).

mod cli;

use std::process::ExitCode;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(e) => cli::error_exit(&e),
    }
}
