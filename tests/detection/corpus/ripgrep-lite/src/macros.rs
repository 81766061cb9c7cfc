/// Prints to stderr with the program name in front, like `eprintln!`.
#[macro_export]
macro_rules! warn {
    ($($arg:tt)*) => {{
        eprint!("rgl: ");
        eprintln!($($arg)*);
    }};
}

/// Builds a `Vec<String>` from string-like items.
#[macro_export]
macro_rules! strings {
    ($($s:expr),* $(,)?) => { vec![$(String::from($s)),*] };
}
