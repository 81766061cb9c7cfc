#!/usr/bin/env bash
# Semantic search stays current under `ax watch` and `ax serve`: after an update the vectors are made
# again with the model `ax index` trained (no warning), so a definition added since is
# found through its vector by `ax find`, locally and through the server.
source "$(dirname "$0")/lib.sh"

# vectors_of N: local find (no server) opens vectors of N symbols.
vectors_of() { AX_NO_SERVER=1 "$AX" find -v send over the network 2>&1 >/dev/null | grep -q "semantic vectors of $1 symbols opened"; }
# by_vector NAME: NAME is among find's answers through its vector only (the text index lacks it), and
# find does not warn.
by_vector() {
  local out err
  err=$("$AX" find send over the network --limit 40 --json 2>&1 >"$WORK/find.json") || return 1
  [[ "$err" != *warning* ]] || return 1
  python3 - "$WORK/find.json" "$1" <<'PY'
import json, sys
hits = {h["name"]: h for h in json.load(open(sys.argv[1]))}
semantic = hits[sys.argv[2]]["semantic"]
assert semantic["ax_rank"] == 0 and semantic["semantic_rank"] >= 1 and semantic["cosine"] > 0.2, semantic
PY
}
found_by_vector() {
  by_vector "$1" || fail "$1 not found through its vector: $(cat "$WORK/find.json")"
  TESTS_RUN=$((TESTS_RUN + 1))
}

REPO="$WORK/repo"
mkdir -p "$REPO/net" "$REPO/disk"
cd "$REPO" || exit 1
git init -q .
# "network" never appears in the socket_* functions' text, but beside "socket" everywhere else.
for i in $(seq 1 20); do
  printf 'def network_socket_%s(data):\n    """Send the bytes over the network socket."""\n    return data\n\n' "$i"
done >net/send.py
for i in $(seq 1 20); do
  printf 'def read_file_%s(path):\n    """Read the text of a file on disk."""\n    return path\n\n' "$i"
done >disk/read.py
printf 'def socket_tunnel(sock):\n    return sock\n' >net/tunnel.py
run "$AX" index --quiet
expect_rc 0
run "$AX" config set semantic.enabled true
expect_rc 0
run "$AX" index --quiet
expect_rc 0
vectors_of 41 || fail "no vectors of 41 symbols after ax index"

# ax watch: a new definition gets its vector with the update.
"$AX" watch --debounce 100 >"$WORK/watch.out" 2>"$WORK/watch.err" &
WATCH=$!
trap 'kill -INT "$WATCH" 2>/dev/null; [[ -n "${SERVER_PID:-}" ]] && kill -INT "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
wait_for "the watch is ready" grep -q '^Watching ' "$WORK/watch.out"
printf 'def socket_relay(sock):\n    return sock\n' >net/relay.py
wait_for "the watch refreshes the vectors" vectors_of 42
found_by_vector socket_relay
found_by_vector socket_tunnel
# An edit replaces the file's definitions: the new one has a vector, the old one's is gone.
printf 'def socket_forwarder(sock):\n    return sock\n' >net/relay.py
wait_for "an edited file's definition gets a vector" by_vector socket_forwarder
vectors_of 42 || fail "the replaced definition kept its vector"
kill -INT "$WATCH"
wait "$WATCH"
[[ $? == 130 ]] || fail "watch did not stop on Ctrl-C"
grep -q "semantic" "$WORK/watch.err" && fail "watch warned about semantic search: $(cat "$WORK/watch.err")"

# ax serve: the same through the server's updater; find through the server sees the new vector.
unset AX_NO_SERVER XDG_RUNTIME_DIR
"$AX" serve >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER_PID=$!
wait_for "the server listens" grep -q "^serving " "$WORK/serve.err"
run "$AX" find send over the network --limit 40 --json  # cached before the change
printf 'def socket_bridge(sock):\n    return sock\n' >net/bridge.py
wait_for "the server refreshes the vectors" vectors_of 43
wait_for "find through the server sees the new vector" by_vector socket_bridge
kill -INT "$SERVER_PID"
wait "$SERVER_PID"
SERVER_PID=

# Off: updates leave the vectors alone.
run "$AX" config set semantic.enabled false
before=$(stat -c %Y.%s .ax/semantic/vectors.bin)
printf 'def socket_spare(sock):\n    return sock\n' >net/spare.py
"$AX" watch --debounce 100 >"$WORK/watch2.out" 2>"$WORK/watch2.err" &
WATCH=$!
wait_for "the second watch indexes the new file" sh -c "AX_NO_SERVER=1 '$AX' def socket_spare | grep -q net/spare.py"
kill -INT "$WATCH"
wait "$WATCH"
[[ $(stat -c %Y.%s .ax/semantic/vectors.bin) == "$before" ]] || fail "vectors made while semantic search is off"

done_testing
