use anyhow::Result;
use clap::Parser;

mod search;

/// Search files under PATH for lines matching PATTERN.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    pattern: String,
    #[arg(default_value = ".")]
    path: std::path::PathBuf,
    /// Case-insensitive matching.
    #[arg(short, long)]
    ignore_case: bool,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let matcher = search::Matcher::new(&args.pattern, args.ignore_case)?;
    let hits = search::walk(&args.path, &matcher)?;
    std::process::exit(if hits > 0 { 0 } else { 1 });
}
