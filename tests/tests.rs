//! Integration tests: the `seam` binary end to end. One test binary (ripgrep's layout).

mod util;

mod acceptance;
mod bad_input;
mod cli;
mod html;
mod properties;
