# The command line: help, version, errors and exit codes, configuration.
source "$(dirname "$0")/lib.sh"

run "$AX" --help
expect_rc 0
for c in index find def status plugins config help; do expect_out "^  $c "; done

run "$AX" --version
expect_rc 0
expect_out '^ax [0-9]+\.[0-9]+\.[0-9]+ \(plugin SDK 1\.[0-9]+\)$'

run "$AX" fnd foo
expect_rc 2
expect_err "^ax: unknown command 'fnd'; did you mean 'find'\?"
[[ $(wc -l <<<"$ERR") == 1 ]] || fail "error is not one line: $ERR"

run "$AX" help find
expect_rc 0
expect_out '^Usage: ax find'

run "$AX" find --frobnicate x
expect_rc 2
expect_err '^ax: unknown flag --frobnicate$'

run "$AX" find --limit many x
expect_rc 2
expect_err "--limit takes a whole number, not 'many'"

# Configuration layering, with the source of each value.
mkdir -p "$WORK/repo/.ax" "$XDG_CONFIG_HOME/ax"
printf 'find:\n  limit: 7\nindex:\n  threads: 3\n' >"$XDG_CONFIG_HOME/ax/config.yaml"
printf 'index:\n  threads: 5\n' >"$WORK/repo/.ax/config.yaml"
cd "$WORK/repo"
run "$AX" config list
expect_rc 0
expect_out "^find\.limit +7 +$XDG_CONFIG_HOME/ax/config.yaml$"
expect_out "^index\.threads +5 +$WORK/repo/.ax/config.yaml$"
expect_out '^index\.max_file_size +2MiB +default$'
AX_INDEX_THREADS=9 run "$AX" config get index.threads
expect_out '^9$'
run "$AX" -c index.threads=11 config get index.threads
expect_out '^11$'
run "$AX" config set index.batch_size 64
expect_rc 0
run "$AX" config get index.batch_size
expect_out '^64$'
grep -q 'batch_size: 64' "$WORK/repo/.ax/config.yaml" || fail "config set did not write the repository file"
# config set edits the file in place: the user's comments and layout survive byte for byte.
printf '# tuned for CI\nindex:\n  threads: 5   # keep low\n\n# output\noutput:\n  color: never\n' >"$WORK/repo/.ax/config.yaml"
run "$AX" config set index.threads 6
expect_rc 0
[[ "$(cat "$WORK/repo/.ax/config.yaml")" == $'# tuned for CI\nindex:\n  threads: 6   # keep low\n\n# output\noutput:\n  color: never' ]] ||
  fail "config set changed more than the value: $(cat "$WORK/repo/.ax/config.yaml")"
run "$AX" config set index.batch_size 64
expect_rc 0
[[ "$(cat "$WORK/repo/.ax/config.yaml")" == $'# tuned for CI\nindex:\n  threads: 6   # keep low\n  batch_size: 64\n\n# output\noutput:\n  color: never' ]] ||
  fail "config set did not add the key in its section: $(cat "$WORK/repo/.ax/config.yaml")"
run "$AX" config set index.batch_size lots
expect_rc 1
expect_err "index.batch_size expects a non-negative whole number, not 'lots'"
run "$AX" config list --json
expect_out '"key":"find.limit","value":"7","source":"'

# Broken configuration names the file, line and key.
printf 'index:\n  threads: [1, 2\n' >"$WORK/repo/.ax/config.yaml"
run "$AX" config list
expect_rc 1
expect_err "^ax: $WORK/repo/.ax/config.yaml:[0-9]+: invalid YAML"
printf 'index:\n  follow_symlinks: perhaps\n' >"$WORK/repo/.ax/config.yaml"
run "$AX" config list
expect_rc 1
expect_err "^ax: $WORK/repo/.ax/config.yaml:2: index.follow_symlinks expects true or false, not 'perhaps'$"

done_testing
