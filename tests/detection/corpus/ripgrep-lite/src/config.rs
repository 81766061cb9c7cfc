//! Settings read from `~/.config/rgl/config`.
use std::collections::HashMap;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Config {
    pub ignore_case: bool,
    pub colors: HashMap<String, String>,
}

impl Config {
    /// Parses `key = value` lines; unknown keys are ignored.
    pub fn parse(text: &str) -> Self {
        let mut config = Config::default();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            if let Some((key, value)) = line.split_once('=') {
                match key.trim() {
                    "ignore_case" => config.ignore_case = value.trim() == "true",
                    k if k.starts_with("color.") => {
                        config.colors.insert(k[6..].to_string(), value.trim().to_string());
                    }
                    _ => {}
                }
            }
        }
        config
    }
}
