use std::process::Command;

#[test]
fn exits_one_without_matches() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "nothing here\n").unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_rgl"))
        .args(["needle", dir.path().to_str().unwrap()])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
}
