use std::fmt;
use std::io::{self, Write};

/// How a match is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Plain,
    Json,
}

pub struct Match<'a> {
    pub path: &'a str,
    pub line: usize,
    pub text: &'a str,
}

impl fmt::Display for Match<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.text)
    }
}

pub fn write_match<W: Write>(out: &mut W, m: &Match<'_>, format: Format) -> io::Result<()> {
    match format {
        Format::Plain => writeln!(out, "{m}"),
        Format::Json => writeln!(
            out,
            r#"{{"path":{:?},"line":{},"text":{:?}}}"#,
            m.path, m.line, m.text
        ),
    }
}
