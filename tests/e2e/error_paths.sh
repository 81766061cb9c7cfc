# Every command's error paths: bad flags, missing index, missing files, read-only store, corrupt
# store. Each must end in exactly one "ax: " line on stderr, nothing on stdout, the documented exit
# code (1 user error, 2 usage error, 70 internal error) and never a signal (exit >= 128).
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?}"

mkdir -p "$WORK/empty"
cd "$WORK/empty"

# --- the command line itself, help and unknown commands ---
expect_error 2 "unknown command 'nosuch'" "$AX" nosuch
expect_error 2 "unknown command 'stats'; did you mean 'status'" "$AX" stats
expect_error 2 "unknown option --bogus" "$AX" --bogus
expect_error 2 "-C needs a value" "$AX" -C
expect_error 1 "-C /nonexistent: no such directory" "$AX" -C /nonexistent status
expect_error 2 "-c takes KEY=VALUE" "$AX" -c novalue status
expect_error 2 "unknown configuration key 'nosuch'" "$AX" -c nosuch=1 status
expect_error 2 "-c index.threads: expects a non-negative whole number" "$AX" -c index.threads=x status
expect_error 2 "unknown command 'nosuch'" "$AX" help nosuch
expect_error 2 "help takes one command name" "$AX" help find def
expect_error 2 "^ax: unknown flag --bogus for ax help$" "$AX" help --bogus

# --- no index here ---
expect_error 1 "^ax: no index found in $WORK/empty or above; run 'ax index'" "$AX" status
expect_error 1 "no index found" "$AX" find foo
expect_error 1 "no index found" "$AX" def foo

# --- bad flags and arguments, for every command ---
expect_error 2 "^ax: unknown flag --bogus$" "$AX" status --bogus
expect_error 2 "^ax: unknown flag -x$" "$AX" status -x
expect_error 2 "^ax: unknown flag --jsn; did you mean --json\?$" "$AX" status --jsn
expect_error 2 "takes no arguments" "$AX" status extra
expect_error 2 "flag --json takes no value" "$AX" status --json=yes
expect_error 2 "usage: ax find" "$AX" find
expect_error 2 "--limit needs a value" "$AX" find foo --limit
expect_error 2 "--limit takes a whole number, not 'x'" "$AX" find foo --limit x
expect_error 2 "^ax: unknown flag --lmit; did you mean --limit\?$" "$AX" find foo --lmit 3
expect_error 2 "^ax: unknown flag -n; did you mean -v\\?$" "$AX" find foo -n 5
expect_error 2 "^ax: unknown flag -q$" "$AX" def foo -q
expect_error 2 "unterminated quote" "$AX" find '"foo'
expect_error 2 "usage: ax def" "$AX" def
expect_error 2 "usage: ax def" "$AX" def one two
expect_error 2 "--kind needs a value" "$AX" def foo --kind
expect_error 2 "^ax: unknown flag --knd; did you mean --kind\?$" "$AX" def foo --knd function
expect_error 2 "--threads takes a whole number, not '-1'" "$AX" index --threads -1
expect_error 2 "^ax: unknown flag --quite; did you mean --quiet\?$" "$AX" index --quite
expect_error 2 "^ax: unknown flag -q$" "$AX" index -q
expect_error 2 "at most one PATH" "$AX" index a b
expect_error 2 "usage: ax detect" "$AX" detect
expect_error 2 "^ax: unknown flag -x$" "$AX" detect -x
expect_error 2 "^ax: unknown flag --jsn; did you mean --json\?$" "$AX" detect . --jsn
expect_error 2 "usage: ax plugins" "$AX" plugins
expect_error 2 "usage: ax plugins" "$AX" plugins frob
expect_error 2 "^ax: unknown flag --bogus$" "$AX" plugins list --bogus
expect_error 2 "usage: ax plugins" "$AX" plugins trust
expect_error 2 "usage: ax config" "$AX" config
expect_error 2 "usage: ax config" "$AX" config get
expect_error 2 "usage: ax config" "$AX" config frob
expect_error 2 "^ax: unknown flag --jon; did you mean --json\?$" "$AX" config list --jon

# --- missing files, unknown keys, bad values ---
expect_error 1 "/nonexistent is not a directory" "$AX" index /nonexistent
expect_error 1 "/nonexistent: no such file or directory" "$AX" detect /nonexistent
expect_error 1 "missing.py: no such file or directory" "$AX" detect missing.py
# A FIFO (or socket, device) is reported, never opened for a blocking read (it used to hang forever).
mkfifo "$WORK/pipe"
run timeout 10 "$AX" detect "$WORK/pipe"
expect_rc 0 "detect on a FIFO"
expect_out 'pipe	- \(not a regular file\)$'
run timeout 10 "$AX" detect --json "$WORK/pipe"
expect_rc 0 "detect --json on a FIFO"
expect_out '"language":"not a regular file"'
expect_error 1 "no such plugin file" "$AX" plugins trust /nonexistent.so
expect_error 1 "is not a trusted plugin" "$AX" plugins untrust /nonexistent.so
expect_error 1 "unknown configuration key 'nosuch'" "$AX" config get nosuch
expect_error 1 "unknown configuration key 'nosuch'" "$AX" config set nosuch 1
expect_error 1 "index.threads expects a non-negative whole number, not 'lots'" "$AX" config set index.threads lots
expect_error 1 "not inside an indexed repository" "$AX" config set index.threads 2

# --- an indexed repository ---
REPO="$WORK/repo"
cp -r "$AX_SOURCE_DIR/tests/fixtures/mixed-repo" "$REPO"
cd "$REPO"
run "$AX" index --quiet
expect_rc 0
expect_error 1 "no such file or directory" "$AX" detect does/not/exist.py
expect_error 1 "is not a directory" "$AX" index does-not-exist
printf 'index:\n  threads: [1, 2\n' >"$WORK/broken.yaml"
cp "$WORK/broken.yaml" .ax/config.yaml
for command in status "find foo" "def foo" "config list" "index" "detect ."; do
  # shellcheck disable=SC2086
  expect_error 1 "config.yaml:[0-9]+: invalid YAML" "$AX" $command
done
rm .ax/config.yaml

# --- read-only store ---
# We run as root, which ignores file modes; the unprivileged user "nobody" (65534) does not. The
# copy stays owned by root, readable by all and writable by root only.
if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null; then
  chmod 755 "$WORK"
  cp -r "$REPO" "$WORK/readonly"
  chmod -R a+rX,go-w "$WORK/readonly"
  mkdir -p "$WORK/nobody-home" && chmod 777 "$WORK/nobody-home"
  as_nobody() {
    setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$WORK/nobody-home" \
      XDG_CONFIG_HOME="$WORK/nobody-home/config" XDG_DATA_HOME="$WORK/nobody-home/data" \
      XDG_CACHE_HOME="$WORK/nobody-home/cache" "$@"
  }
  cd "$WORK/readonly"
  touch -d '2000-01-01' "$WORK/readonly"/*  # files look changed: index would write
  for command in index status "find ShoppingCart" "def ShoppingCart" "config set index.threads 2"; do
    # shellcheck disable=SC2086
    run as_nobody "$AX" $command
    ((RC < 128)) || fail "'$command' on a read-only store died of signal $((RC - 128)); stderr: $ERR"
    if [[ "$RC" != 0 ]]; then
      # shellcheck disable=SC2086
      expect_error 1 "." as_nobody "$AX" $command
    fi
  done
  # Writing is the one thing it cannot do.
  expect_error 1 "." as_nobody "$AX" index
  expect_error 1 "cannot write .*config.yaml" as_nobody "$AX" config set index.threads 2
else
  echo "skipping the read-only store checks: needs root and setpriv" >&2
fi

# --- corrupt store: garbage, then truncated ---
for damage in garbage truncated; do
  rm -rf "$WORK/corrupt"
  cp -r "$REPO" "$WORK/corrupt"
  cd "$WORK/corrupt"
  if [[ $damage == garbage ]]; then
    head -c 65536 /dev/urandom >.ax/store/data.mdb
  else
    truncate -s 4096 .ax/store/data.mdb
  fi
  for command in "find ShoppingCart" "def ShoppingCart" index status; do
    # shellcheck disable=SC2086
    expect_error 1 "^ax: symbol store '$WORK/corrupt/.ax/store' is corrupt: " "$AX" $command
  done
done

done_testing
