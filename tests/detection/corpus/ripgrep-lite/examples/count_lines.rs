//! cargo run --example count_lines -- PATH
use std::env;
use std::fs;

fn main() -> std::io::Result<()> {
    let path = env::args().nth(1).expect("usage: count_lines PATH");
    let text = fs::read_to_string(&path)?;
    println!("{path}: {} lines", text.lines().count());
    Ok(())
}
