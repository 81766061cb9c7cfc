use std::env;
use std::process::{exit, Command};

fn main() {
    let task = env::args().nth(1).unwrap_or_default();
    let status = match task.as_str() {
        "dist" => Command::new("cargo").args(["build", "--release"]).status(),
        "fmt" => Command::new("cargo").args(["fmt", "--all"]).status(),
        _ => {
            eprintln!("usage: cargo xtask <dist|fmt>");
            exit(2);
        }
    };
    exit(status.map(|s| s.code().unwrap_or(1)).unwrap_or(1));
}
