//! Integration tests: the `seam` binary end to end. One test binary (ripgrep's layout).

mod cdp;
mod util;

mod acceptance;
mod bad_input;
mod batch;
mod cli;
mod dolma;
mod hostile;
mod html;
mod layers;
mod library;
mod properties;
mod report;
mod report_browser;
