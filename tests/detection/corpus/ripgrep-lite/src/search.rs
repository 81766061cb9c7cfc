use std::fs;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use regex::{Regex, RegexBuilder};
use walkdir::WalkDir;

pub struct Matcher {
    regex: Regex,
}

impl Matcher {
    pub fn new(pattern: &str, ignore_case: bool) -> Result<Self, regex::Error> {
        let regex = RegexBuilder::new(pattern).case_insensitive(ignore_case).build()?;
        Ok(Self { regex })
    }

    pub fn is_match(&self, line: &str) -> bool {
        self.regex.is_match(line)
    }
}

pub fn walk(root: &Path, matcher: &Matcher) -> io::Result<usize> {
    let mut hits = 0;
    for entry in WalkDir::new(root).into_iter().filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let reader = BufReader::new(fs::File::open(entry.path())?);
        for (number, line) in reader.lines().map_while(Result::ok).enumerate() {
            if matcher.is_match(&line) {
                println!("{}:{}:{}", entry.path().display(), number + 1, line);
                hits += 1;
            }
        }
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_insensitive() {
        assert!(Matcher::new("hello", true).unwrap().is_match("HeLLo world"));
    }
}
