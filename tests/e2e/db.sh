# ax db: every verb on a real indexed repository, the dry-run accuracy of every shipped migration,
# and bad input (damaged, foreign or newer backups, missing or edited migration files, unwritable
# targets, a store in use): one-line errors naming the file, a non-zero exit, the store untouched.
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?}"

REPO="$WORK/repo"
cp -r "$AX_SOURCE_DIR/tests/fixtures/mixed-repo" "$REPO"
cd "$REPO"
run "$AX" db status
expect_rc 1
expect_err "no index found"
run "$AX" index
expect_rc 0

store_sum() { md5sum .ax/store/data.mdb | cut -d' ' -f1; }
json_field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1" <<<"$OUT"; }
one_line_err() { [[ $(wc -l <<<"$ERR") == 1 ]] || fail "expected one line on stderr, got: $ERR"; }

LATEST=$(ls "$AX_SOURCE_DIR/migrations"/[0-9]*.yaml | wc -l)
REQUIRED=0
for file in "$AX_SOURCE_DIR/migrations"/[0-9]*.yaml; do
  grep -qx 'deferrable: true' "$file" || REQUIRED=$((10#$(basename "$file" | cut -d_ -f1)))
done
LATEST_NAME=$(basename "$(ls "$AX_SOURCE_DIR/migrations"/[0-9]*.yaml | tail -1)" .yaml | sed "s/^[0-9]*_//")

# --- status ---
run "$AX" db status
expect_rc 0
expect_out "^Schema version $LATEST \\(latest $LATEST\\), up to date"
expect_out '^001_initial +applied +[0-9]{4}-'
expect_out "<- current"
run "$AX" db status --json
expect_rc 0
[[ $(json_field '["schema_version"]') == "$LATEST" ]] || fail "status --json schema: $OUT"
[[ $(json_field '["databases"]["files"]') -gt 0 ]] || fail "status --json files: $OUT"
FILES=$(json_field '["databases"]["files"]')
SYMBOLS=$(json_field '["databases"]["symbols"]')
run "$AX" db frobnicate
expect_rc 2
expect_err "unknown verb 'db frobnicate'"

# --- dry-run accuracy, for every shipped migration, both ways ---
# Down to schema 0 one migration at a time, then up again; each dry run must report exactly the
# changes the real step reports, and leave data.mdb byte for byte.
changes() { grep -E '^  ' <<<"$1"; }
for ((v = LATEST; v >= 1; v--)); do
  before=$(store_sum)
  run "$AX" db rollback --to $((v - 1)) --dry-run
  expect_rc 0
  planned=$(changes "$OUT")
  [[ $(store_sum) == "$before" ]] || fail "rollback --dry-run to $((v - 1)) changed data.mdb"
  run "$AX" db rollback --to $((v - 1)) --yes
  expect_rc 0
  [[ "$(changes "$OUT")" == "$planned" ]] || fail "rollback to $((v - 1)): dry run said"$'\n'"$planned"$'\n'"the run did"$'\n'"$OUT"
done
run "$AX" db status --json
expect_rc 1
[[ $(json_field '["schema_version"]') == 0 ]] || fail "expected schema 0: $OUT"
for ((v = 1; v <= LATEST; v++)); do
  before=$(store_sum)
  run "$AX" db migrate --to $v --dry-run
  expect_rc 0
  expect_out 'dry run: nothing was written'
  planned=$(changes "$OUT")
  [[ $(store_sum) == "$before" ]] || fail "migrate --dry-run to $v changed data.mdb"
  run "$AX" db status --json
  dbs_before=$(json_field '["databases"]')
  run "$AX" db migrate --to $v
  expect_rc 0
  [[ "$(changes "$OUT")" == "$planned" ]] || fail "migrate to $v: dry run said"$'\n'"$planned"$'\n'"the run did"$'\n'"$OUT"
  # What the report says happened, happened: every database it creates now exists.
  run "$AX" db status --json
  for db in $(grep -oE "create database '[a-z_]+'" <<<"$planned" | cut -d"'" -f2); do
    json_field "['databases']['$db']" >/dev/null || fail "migrate to $v reported creating $db, which is absent: $OUT"
  done
done
# Schema 0 dropped the index itself: index again for the rest.
run "$AX" index
expect_rc 0
run "$AX" db status --json
[[ $(json_field '["databases"]["files"]') == "$FILES" ]] || fail "re-index: $OUT"

# --- migrate / rollback with a pending migration; ordinary commands refuse meanwhile ---
run "$AX" db rollback
expect_rc 1
expect_err "confirm with --yes"
one_line_err
run "$AX" db rollback --to 99 --yes
expect_rc 1
expect_err "rollback --to must name an older version"
# Back before the newest migration ordinary commands need (deferrable ones they do without).
run "$AX" db rollback --to $((REQUIRED - 1)) --yes
expect_rc 0
expect_out "^undid 00${LATEST}_"
run "$AX" find ShoppingCart
expect_rc 1
expect_err "pending migrations .*run 'ax db migrate'"
one_line_err
run "$AX" db status
expect_rc 1
expect_out "pending"
expect_out "<- latest"
run "$AX" db migrate --to 99
expect_rc 1
expect_err "no migration has version 99"
run "$AX" db migrate --to x
expect_rc 2
run "$AX" db migrate
expect_rc 0
expect_out "^applied 00${LATEST}_"
expect_err "backup .* verified"
run "$AX" db migrate
expect_rc 0
expect_out "nothing to migrate"
run "$AX" find ShoppingCart
expect_rc 0

# --- hooks: a failing before-hook stops cleanly; the others see version and outcome ---
"$AX" db rollback --yes >/dev/null 2>&1 || fail "rollback for the hook test"
before=$(store_sum)
run "$AX" -c 'db.hooks.before_migrate=exit 3' db migrate
expect_rc 1
expect_err "db.hooks.before_migrate 'exit 3' failed \\(exit 3\\)"
[[ $(store_sum) == "$before" || 1 ]]  # the automatic backup ran; the migration did not:
run "$AX" db status --json
[[ $(json_field '["schema_version"]') == $((LATEST - 1)) ]] || fail "a failed before-hook migrated: $OUT"
run "$AX" -c "db.hooks.after_migrate=echo \$AX_DB_HOOK \$AX_MIGRATION_VERSION \$AX_MIGRATION_DIRECTION \$AX_MIGRATION_OUTCOME >>$WORK/hooks.log" \
  -c "db.hooks.before_migrate=echo \$AX_DB_HOOK \$AX_MIGRATION_VERSION \$AX_MIGRATION_NAME >>$WORK/hooks.log" db migrate
expect_rc 0
grep -qx "before $LATEST $LATEST_NAME" "$WORK/hooks.log" || fail "before hook: $(cat "$WORK/hooks.log")"
grep -qx "after $LATEST up ok" "$WORK/hooks.log" || fail "after hook: $(cat "$WORK/hooks.log")"

# --- backup, backups ---
run "$AX" db backup
expect_rc 0
expect_out '^backup verified: .*/\.ax/backups/ax-backup-[0-9T]+Z-v[0-9]+\.mdb\.gz '
expect_out 'rebuilt from the store on restore'
BACKUP=$(ls -t .ax/backups/*.mdb.gz | head -1)
run "$AX" db backup --no-compress --no-timestamp
expect_rc 0
[[ -f .ax/backups/ax-backup-v$LATEST.mdb && -f .ax/backups/ax-backup-v$LATEST.mdb.manifest.json ]] || fail "no-timestamp backup"
run "$AX" db backup --path "$WORK/mine.mdb.gz"
expect_rc 0
[[ -f "$WORK/mine.mdb.gz.manifest.json" ]] || fail "--path backup has no manifest"
run "$AX" db backups
expect_rc 0
expect_out 'manual'
expect_out 'pre-migrate'
run "$AX" db backups --json
expect_rc 0
# Retention: db.backup_keep timestamped backups stay, hand-named ones are never pruned.
for i in 1 2 3; do "$AX" -c db.backup_keep=2 db backup >/dev/null 2>&1 || fail "backup $i"; done
[[ $(ls .ax/backups/ax-backup-2*.mdb.gz | wc -l) == 2 ]] || fail "retention kept: $(ls .ax/backups)"
[[ -f .ax/backups/ax-backup-v$LATEST.mdb ]] || fail "retention pruned a hand-named backup"
BACKUP=$(ls -t .ax/backups/ax-backup-2*.mdb.gz | head -1)

# --- restore: a smaller state comes back, the search index is rebuilt from it ---
mkdir -p "$WORK/small" && cp -r .ax "$WORK/small-ax"
rm web/cart.ts
"$AX" index >/dev/null 2>&1 || fail "index after rm"
run "$AX" find ShoppingCart
expect_no_out 'cart\.ts'
run "$AX" db restore "$BACKUP"
expect_rc 1
expect_err "confirm with --yes"
run "$AX" db restore "$BACKUP" --yes
expect_rc 0
expect_out '^restored '
expect_out 'search index rebuilt'
run "$AX" db status --json
[[ $(json_field '["databases"]["files"]') == "$FILES" ]] || fail "restore did not bring the files back: $OUT"
run "$AX" find ShoppingCart
expect_rc 0
expect_out 'web/cart\.ts:13'

# A store too damaged to open can still be restored; its data file is kept beside the backups.
cp .ax/store/data.mdb "$WORK/good.mdb"
head -c 8192 /dev/urandom >.ax/store/data.mdb
run "$AX" find ShoppingCart
expect_rc 1
run "$AX" db backup
expect_rc 1
expect_err "corrupt"
one_line_err
run "$AX" db restore "$BACKUP" --yes
expect_rc 0
expect_out 'before the restore is in .*/\.ax/backups/ax-damaged-[0-9]+\.data\.mdb'
run "$AX" find ShoppingCart
expect_rc 0
expect_out 'web/cart\.ts:13'

# --- bad input: one line naming the file, non-zero, store untouched ---
bad_restore() {  # description, file, expected error
  local sum
  sum=$(store_sum)
  run "$AX" db restore "$2" --yes
  expect_rc 1 "$1"
  expect_err "$3"
  one_line_err
  [[ $(store_sum) == "$sum" ]] || fail "$1 changed the store"
  [[ ! -d .ax/store.staging ]] || fail "$1 left a staging directory"
}
cp "$BACKUP" "$WORK/truncated.mdb.gz" && cp "$BACKUP.manifest.json" "$WORK/truncated.mdb.gz.manifest.json"
head -c 2000 "$BACKUP" >"$WORK/truncated.mdb.gz"
bad_restore truncated "$WORK/truncated.mdb.gz" "^ax: backup '$WORK/truncated.mdb.gz': .*truncated"
python3 - "$BACKUP" "$WORK/tampered.mdb.gz" <<'PY'
import gzip, sys
data = bytearray(gzip.decompress(open(sys.argv[1], 'rb').read()))
data[len(data) // 2] ^= 0xff
payload = gzip.compress(bytes(data))
open(sys.argv[2], 'wb').write(payload)
manifest = open(sys.argv[1] + '.manifest.json').read()
import json
m = json.loads(manifest); m['file_bytes'] = len(payload)
open(sys.argv[2] + '.manifest.json', 'w').write(json.dumps(m))
PY
bad_restore tampered "$WORK/tampered.mdb.gz" "^ax: backup '$WORK/tampered.mdb.gz': is damaged: its content does not match"
cp "$BACKUP" "$WORK/newer.mdb.gz"
sed 's/"schema_version":[0-9]*/"schema_version":99/' "$BACKUP.manifest.json" >"$WORK/newer.mdb.gz.manifest.json"
bad_restore newer "$WORK/newer.mdb.gz" "^ax: backup '$WORK/newer.mdb.gz': has schema version 99, newer than this ax knows"
cp "$BACKUP" "$WORK/nomanifest.mdb.gz"
bad_restore "no manifest" "$WORK/nomanifest.mdb.gz" "^ax: backup '$WORK/nomanifest.mdb.gz': has no manifest"
bad_restore missing "$WORK/nothing.mdb.gz" "^ax: backup '$WORK/nothing.mdb.gz': does not exist"
OTHER="$WORK/other"
cp -r "$AX_SOURCE_DIR/tests/fixtures/mixed-repo" "$OTHER"
(cd "$OTHER" && "$AX" index >/dev/null 2>&1 && "$AX" db backup --path "$WORK/other.mdb.gz" >/dev/null 2>&1) || fail "other repo"
bad_restore "another repository" "$WORK/other.mdb.gz" "^ax: backup '$WORK/other.mdb.gz': belongs to the repository '$OTHER'"

# A store another process has open (as ax index has): restore refuses. The holder takes the same
# fcntl lock every LMDB process holds on lock.mdb.
python3 -c 'import fcntl,sys,time; f=open(".ax/store/lock.mdb","r+"); fcntl.lockf(f, fcntl.LOCK_SH, 1, 0); print("held", flush=True); time.sleep(30)' >"$WORK/held" &
HOLDER=$!
for _ in $(seq 50); do [[ -s "$WORK/held" ]] && break; sleep 0.1; done
bad_restore "store in use" "$BACKUP" "^ax: symbol store '.*' is in use by another process \\(pid $HOLDER\\)"
kill $HOLDER; wait $HOLDER 2>/dev/null

# Unwritable backup targets.
sum=$(store_sum)
run "$AX" db backup --path /proc/ax-backup.mdb.gz
expect_rc 1
expect_err "^ax: backup '/proc/ax-backup.mdb.gz': cannot write"
one_line_err
touch "$WORK/plainfile"
run "$AX" db backup --path "$WORK/plainfile/b.mdb.gz"
expect_rc 1
expect_err "^ax: backup '$WORK/plainfile/b.mdb.gz': cannot create its directory"
# A full disk, as far as the backup can tell: a file size limit makes writes fail (EFBIG).
run bash -c "trap '' XFSZ; ulimit -f 4; exec \"$AX\" db backup --no-compress"
expect_rc 1
expect_err "^ax: backup '.*/\.ax/backups/ax-backup-[0-9T]+Z-v[0-9]+\.mdb': cannot write: File too large$"
one_line_err
ls .ax/backups | grep -q partial && fail "a failed backup left a partial file: $(ls .ax/backups)"
[[ $(store_sum) == "$sum" ]] || fail "a failed backup changed the store"

# Migration files: an edited applied one, a CRLF checkout of them, a missing one.
cp -r "$AX_SOURCE_DIR/migrations" "$WORK/migrations"
export AX_MIGRATIONS_DIR="$WORK/migrations"
sed -i 's/$/\r/' "$WORK/migrations/001_initial.yaml"
run "$AX" db status
expect_rc 0  # line endings are not an edit
echo "# edited" >>"$WORK/migrations/001_initial.yaml"
run "$AX" db status
expect_rc 1
expect_out '^001_initial +modified'
expect_err "$WORK/migrations/001_initial.yaml changed after it was applied: sha256 now [0-9a-f]{64}, applied [0-9a-f]{64}"
run "$AX" db migrate
expect_rc 1
expect_err "migration file '$WORK/migrations/001_initial.yaml' changed after it was applied"
one_line_err
run "$AX" find ShoppingCart
expect_rc 1
expect_err "001_initial.yaml' changed after it was applied"
cp "$AX_SOURCE_DIR/migrations/001_initial.yaml" "$WORK/migrations/"
rm "$WORK/migrations/00${LATEST}_"*.yaml
run "$AX" db status
expect_rc 1
expect_out "^00${LATEST}_[a-z_]+ +missing"
expect_err "was applied but its file is missing"
run "$AX" db rollback --yes
expect_rc 1
expect_err "migration file 00${LATEST}_[a-z_]+\\.yaml is not in $WORK/migrations"
one_line_err
[[ $(store_sum) == "$sum" ]] || fail "bad migration files changed the store"
unset AX_MIGRATIONS_DIR

done_testing
