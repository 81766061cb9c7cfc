#![forbid(unsafe_code)]
#![warn(missing_docs)]
//! Library half of `rgl`: reusable matching and walking.

pub mod config;

/// The crate version, as Cargo knows it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
