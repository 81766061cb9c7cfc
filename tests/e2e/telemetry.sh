# ax telemetry: consent (prompt on a terminal only), opt-outs and the source that decided, recording
# through the kernel hook and plugin events, reports, export, clear, a damaged or read-only store,
# and submit against a loopback OTLP/HTTP server (success, 429 + Retry-After, 503 twice, 400, down),
# with a check that no path, symbol name or query text leaves the machine.
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?}"
SUPPORT="$AX_SOURCE_DIR/tests/e2e/support"
unset DO_NOT_TRACK AX_TELEMETRY AX_TELEMETRY_DISABLED AX_TELEMETRY_DEBUG AX_TELEMETRY_ENDPOINT OTEL_EXPORTER_OTLP_ENDPOINT
STATE="$XDG_STATE_HOME/ax/telemetry"

REPO="$WORK/repo"
cp -r "$AX_SOURCE_DIR/tests/fixtures/mixed-repo" "$REPO"
cd "$REPO"

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)" <<<"$OUT"; }
event_count() {
  run "$AX" telemetry status --json
  json 'd["events"]'
}

# --- before consent: off, nothing written, no prompt without a terminal ---
run "$AX" index --quiet
expect_rc 0
[[ ! -e "$XDG_STATE_HOME/ax" ]] || fail "something was written before consent: $(find "$XDG_STATE_HOME")"
run "$AX" telemetry status
expect_rc 0
expect_out '^mode +off$'
expect_out '^decided +no consent given$'
expect_out '^consent +not asked yet; current text v1$'
expect_out '^stored +.*: nothing$'
[[ ! -e "$XDG_STATE_HOME/ax" ]] || fail "status wrote something"

# --- the consent prompt, on a terminal only ---
run python3 "$SUPPORT/pty_run.py" n "$AX" status
expect_rc 0 "answering no"
expect_out 'Keep anonymous usage statistics on this machine\? \[l\]ocal / \[n\]o'
expect_out 'Telemetry: off'
grep -q '^mode=off$' "$STATE/consent" || fail "a no was not recorded"
[[ ! -e "$STATE/store" ]] || fail "a no still created the store"
run python3 "$SUPPORT/pty_run.py" l "$AX" status
expect_rc 0
expect_no_out 'Keep anonymous'  # a no stands: not asked again
rm "$STATE/consent"
run python3 "$SUPPORT/pty_run.py" l "$AX" status
expect_rc 0 "answering local"
expect_out 'Telemetry: local'
grep -q '^mode=local$' "$STATE/consent" || fail "local consent not recorded"
grep -q '^consent_version=1$' "$STATE/consent" || fail "consent version not recorded"
[[ $(event_count) == 1 ]] || fail "the prompted command was not recorded: $OUT"
run python3 "$SUPPORT/pty_run.py" l "$AX" status
expect_no_out 'Keep anonymous'  # asked once only
# A consent given to an older text asks again.
sed -i 's/^consent_version=.*/consent_version=0/' "$STATE/consent"
run "$AX" telemetry status
expect_out '^mode +off$'
expect_out 'is older than the current consent text v1'
run python3 "$SUPPORT/pty_run.py" l "$AX" status
expect_out 'Keep anonymous usage statistics'
grep -q '^consent_version=1$' "$STATE/consent" || fail "re-consent not recorded"

# --- opt-outs, and status naming the source that decided ---
run "$AX" telemetry status
expect_out '^mode +local$'
expect_out "^decided +consent $STATE/consent \(v1, "
DO_NOT_TRACK=1 run "$AX" telemetry status
expect_out '^mode +off$'
expect_out '^decided +env DO_NOT_TRACK$'
DO_NOT_TRACK=0 run "$AX" telemetry status
expect_out '^mode +local$'
AX_TELEMETRY=off run "$AX" telemetry status
expect_out '^decided +env AX_TELEMETRY$'
run "$AX" --no-telemetry telemetry status
expect_out '^decided +flag --no-telemetry$'
before=$(event_count)
run "$AX" --no-telemetry status
expect_rc 0
DO_NOT_TRACK=1 run "$AX" status
AX_TELEMETRY=off run "$AX" find client
[[ $(event_count) == "$before" ]] || fail "an opted-out run was recorded"
touch -d '2000-01-01' "$STATE/store/data.mdb"
DO_NOT_TRACK=yes run "$AX" status
[[ $(stat -c %Y "$STATE/store/data.mdb") == $(date -d 2000-01-01 +%s) ]] || fail "DO_NOT_TRACK still wrote the store"

# --- recording: commands, queries, errors, index performance, parsers ---
rm -rf .ax
run "$AX" index --quiet --threads 1
expect_rc 0
"$AX" find retry backoff >/dev/null
"$AX" find 'lang:python client' >/dev/null
"$AX" def RingBuffer >/dev/null
run "$AX" -C "$WORK" find anything
expect_rc 1
run "$AX" fnd x
expect_rc 2
AX_TELEMETRY_DEBUG=1 run "$AX" status
expect_rc 0
expect_err '^ax: telemetry debug: \{"command":"","count":0,"detail":"[0-9a-f]{32}","kind":"command","name":"status"'

run "$AX" telemetry stats
expect_rc 0
expect_out '^Usage [0-9-]{10} \.\. [0-9-]{10}$'
expect_out '^  find +3 '
expect_out '^  index +1 '
expect_out '█'
expect_out '^Queries: 3, average'
expect_out '^  python +[0-9]+ '
run "$AX" telemetry stats --json
expect_rc 0
[[ $(json 'd["queries"]["count"]') == 3 ]] || fail "queries: $OUT"
[[ $(json 'sorted(r["name"] for r in d["by_command"])') == "['def', 'find', 'index', 'status', 'unknown']" ]] ||
  fail "commands: $(json 'sorted(r["name"] for r in d["by_command"])')"
[[ $(json 'd["failed_commands"]') == 2 ]] || fail "failures: $OUT"
[[ $(json 'len(d["languages"]) >= 5') == True ]] || fail "languages: $OUT"
run "$AX" telemetry errors
expect_rc 0
expect_out '^  user +find +1 .*no index found in <path> or above; run <name> at the repository root first'
expect_out '^  usage +unknown +1 .*unknown command <name>; did you mean <name>\?'
run "$AX" telemetry errors --json
[[ $(json 'd["errors"]') == 2 ]] || fail "errors: $OUT"
run "$AX" telemetry performance
expect_rc 0
expect_out '^  index\.files_per_second +1 '
expect_out '^  index\.phase\.parse '
expect_out '^  index +1 '
run "$AX" telemetry performance --since 7d --json
[[ $(json 'len(d["parsers"]) >= 5') == True ]] || fail "parsers: $OUT"
run "$AX" telemetry stats --since 2000-01-01
expect_rc 0

# --- export: valid JSON and OTLP/HTTP JSON, with nothing private in either ---
run "$AX" telemetry export
expect_rc 0
[[ $(json 'd["format"]') == ax-telemetry ]] || fail "export: $OUT"
[[ $(json 'len(d["events"]) > 10') == True ]] || fail "export events: $OUT"
printf '%s\n' "$OUT" >"$WORK/export.json"
run "$AX" telemetry export --format otlp
expect_rc 0
[[ $(wc -l <<<"$OUT") == 2 ]] || fail "otlp export is not two lines"
python3 - "$OUT" <<'PY' || fail "otlp export has the wrong shape"
import json, sys
logs, metrics = (json.loads(line) for line in sys.argv[1].splitlines())
records = logs["resourceLogs"][0]["scopeLogs"][0]["logRecords"]
assert records and all(isinstance(r["timeUnixNano"], str) for r in records)
names = {m["name"] for m in metrics["resourceMetrics"][0]["scopeMetrics"][0]["metrics"]}
assert {"ax.command.duration", "ax.query.duration", "ax.parser.files", "ax.errors"} <= names, names
PY
printf '%s\n' "$OUT" >>"$WORK/export.json"
private_words=("$REPO" "$WORK" retry backoff client RingBuffer ring_buffer http_client mixed-repo anything fnd)
for word in "${private_words[@]}"; do
  ! grep -qiF -- "$word" "$WORK/export.json" || fail "the export contains '$word'"
done

# --- usage errors ---
run "$AX" telemetry
expect_rc 2
run "$AX" telemetry frobnicate
expect_rc 2
expect_err "^ax: unknown telemetry action 'frobnicate'"
run "$AX" telemetry stats --since tomorrow
expect_rc 2
expect_err '^ax: --since takes a number of days like 7d'
run "$AX" telemetry export --format xml
expect_rc 2
expect_err '^ax: --format takes json or otlp'
run "$AX" telemetry status --since 7d
expect_rc 2
run "$AX" telemetry enable sometimes
expect_rc 2
run "$AX" telemetry enable remote
expect_rc 1
expect_err '^ax: remote mode needs an explicit yes'

# --- submit ---
run "$AX" telemetry submit
expect_rc 1
expect_err '^ax: submit sends nothing in local mode'
run "$AX" telemetry enable remote --yes
expect_rc 0
run "$AX" telemetry status
expect_out '^mode +remote$'
OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9 run "$AX" telemetry submit
expect_rc 1
expect_err '^ax: no telemetry endpoint configured'
run "$AX" telemetry submit
[[ $(wc -l <<<"$ERR") == 1 ]] || fail "not one line: $ERR"

SERVER="$WORK/server"
mkdir -p "$SERVER"
python3 "$SUPPORT/otlp_server.py" "$SERVER" &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do [[ -s "$SERVER/port" ]] && break; sleep 0.05; done
[[ -s "$SERVER/port" ]] || fail "the test server did not start"
export AX_TELEMETRY_ENDPOINT="http://127.0.0.1:$(cat "$SERVER/port")"
requests() { find "$SERVER" -name 'request-*.json' | wc -l; }

# Debug: prints what would be sent, sends nothing.
AX_TELEMETRY_DEBUG=1 run "$AX" telemetry submit
expect_rc 0
expect_err "^ax: telemetry debug: would POST $AX_TELEMETRY_ENDPOINT/v1/logs \{\"resourceLogs\""
expect_out 'nothing sent; 2 payloads stay queued'
[[ $(requests) == 0 ]] || fail "debug mode sent something"

# Success: both signals, as OTLP/HTTP JSON.
run "$AX" telemetry submit
expect_rc 0
expect_out "^sent 2 payloads to $AX_TELEMETRY_ENDPOINT$"
[[ $(requests) == 2 ]] || fail "expected 2 requests, got $(requests)"
grep -q '^/v1/logs application/json$' "$SERVER/request-0.path" || fail "first request: $(cat "$SERVER/request-0.path")"
grep -q '^/v1/metrics application/json$' "$SERVER/request-1.path" || fail "second request: $(cat "$SERVER/request-1.path")"
python3 -c "import json,sys; json.load(open(sys.argv[1]))['resourceLogs']; json.load(open(sys.argv[2]))['resourceMetrics']" \
  "$SERVER/request-0.json" "$SERVER/request-1.json" || fail "payloads are not OTLP JSON"
run "$AX" telemetry submit
expect_out '^sent 0 payloads'  # nothing new: `ax telemetry` itself is not recorded

# 429 with Retry-After: 1 is honoured, then sent.
"$AX" status >/dev/null
echo "429 1" >"$SERVER/answers"
started=$(date +%s%N)
run "$AX" telemetry submit
expect_rc 0
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
((elapsed_ms >= 1000)) || fail "Retry-After: 1 not honoured (${elapsed_ms} ms)"
[[ $(requests) == 5 ]] || fail "429: expected 5 requests in all, got $(requests)"

# 503 twice, then 200: retried with backoff.
"$AX" status >/dev/null
printf '503\n503\n' >"$SERVER/answers"
AX_TELEMETRY_BACKOFF_SCALE=0.01 run "$AX" telemetry submit
expect_rc 0
expect_out '^sent 2 payloads'
[[ $(requests) == 9 ]] || fail "503: expected 9 requests in all, got $(requests)"

# 400: dropped, not retried.
"$AX" status >/dev/null
printf '400\n400\n' >"$SERVER/answers"
run "$AX" telemetry submit
expect_rc 1
expect_err '^ax: warning: the endpoint rejected a batch \(HTTP 400\); it was dropped, not retried$'
[[ $(requests) == 11 ]] || fail "400: expected 11 requests in all, got $(requests)"
run "$AX" telemetry status --json
[[ $(json 'd["queued_payloads"]') == 0 ]] || fail "a rejected batch stayed queued"

# The payloads carry no path, symbol name or query text.
for word in "${private_words[@]}"; do
  ! grep -qiF -- "$word" "$SERVER"/request-*.json || fail "a payload contains '$word'"
done

# Server down: queued, and commands are not slowed.
kill $SERVER_PID
wait $SERVER_PID 2>/dev/null
"$AX" status >/dev/null
AX_TELEMETRY_BACKOFF_SCALE=0.01 run "$AX" telemetry submit
expect_rc 1
expect_err '^ax: telemetry endpoint unavailable \(network error: .* after 5 attempts\); 2 payloads stay queued for the next submit$'
run "$AX" telemetry status --json
[[ $(json 'd["queued_payloads"]') == 2 ]] || fail "not queued: $OUT"
started=$(date +%s%N)
run "$AX" status
expect_rc 0
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
((elapsed_ms < 2000)) || fail "a command took ${elapsed_ms} ms with the endpoint down"
[[ -z "$ERR" ]] || fail "a command complained about the endpoint: $ERR"
# Back up: the queue drains.
rm -f "$SERVER/port"
python3 "$SUPPORT/otlp_server.py" "$SERVER" &
SERVER_PID=$!
for _ in $(seq 100); do [[ -s "$SERVER/port" ]] && break; sleep 0.05; done
export AX_TELEMETRY_ENDPOINT="http://127.0.0.1:$(cat "$SERVER/port")"
run "$AX" telemetry submit
expect_rc 0
expect_out '^sent 4 payloads'
# The generic OTEL variable only with --use-otel-env.
"$AX" status >/dev/null
run env -u AX_TELEMETRY_ENDPOINT OTEL_EXPORTER_OTLP_ENDPOINT="$AX_TELEMETRY_ENDPOINT" "$AX" telemetry submit --use-otel-env
expect_rc 0
expect_out '^sent 2 payloads'
unset AX_TELEMETRY_ENDPOINT

# --- clear: everything gone, a new anonymous id ---
run "$AX" telemetry status --json
old_id=$(json 'd["install_id"]')
run "$AX" telemetry clear
expect_rc 0
expect_out '^telemetry cleared; new anonymous id [0-9a-f]{32}$'
run "$AX" telemetry status --json
[[ $(json 'd["events"]') == 0 ]] || fail "clear left events"
[[ $(json 'd["install_id"]') != "$old_id" ]] || fail "clear kept the install id"
run "$AX" telemetry disable
expect_out '^telemetry: off'
run "$AX" telemetry status
expect_out '^mode +off$'
run "$AX" telemetry enable
expect_out '^telemetry: local'

# --- a damaged store is set aside with one warning; the command is unaffected ---
head -c 20000 /dev/urandom >"$STATE/store/data.mdb"
run "$AX" status
expect_rc 0
expect_err "^ax: warning: the telemetry store $STATE/store was damaged \(.*\); moved it to $STATE/store\.corrupt-[0-9TZ]+ and started a new one$"
[[ $(wc -l <<<"$ERR") == 1 ]] || fail "more than one line: $ERR"
[[ $(event_count) == 1 ]] || fail "the new store did not record the run"

# --- a state directory that cannot be written: off for the run, one warning ---
rm -rf "$STATE/store"
: >"$STATE/store"  # a file where the store's directory should be
run "$AX" status
expect_rc 0
expect_err "^ax: warning: telemetry is off for this run: $STATE/store is not writable"
[[ $(wc -l <<<"$ERR") == 1 ]] || fail "more than one line: $ERR"
rm -f "$STATE/store"
if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null; then
  chmod 755 "$WORK" "$XDG_STATE_HOME" "$XDG_STATE_HOME/ax" "$STATE"
  run setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$WORK" XDG_STATE_HOME="$XDG_STATE_HOME" \
    AX_TELEMETRY=local "$AX" -C / help
  expect_rc 0
  expect_err "^ax: warning: telemetry is off for this run: $STATE/store is not writable"
fi

done_testing
