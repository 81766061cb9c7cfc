# Plugin discovery, refusal of broken or incompatible plugins, precedence.
source "$(dirname "$0")/lib.sh"

run "$AX" plugins list
expect_rc 0
expect_out '^index +command .* ok '
expect_out '^lmdb +storage '
expect_out '^xapian +storage '
expect_out '^python +language '

run "$AX" plugins list --json
expect_rc 0
expect_out '"name":"python","kind":"language","version":"[0-9.]+","sdk_version":"1\.[0-9]+"'

# The real status outside any index: its error, not a crash (the override below hid this path).
mkdir -p "$WORK/empty"
cd "$WORK/empty"
run "$AX" status
expect_rc 1
expect_err "^ax: no index found in $WORK/empty or above; run 'ax index' at the repository root first$"
[[ -z "$OUT" && $(wc -l <<<"$ERR") == 1 ]] || fail "status error is not one line on stderr only: $OUT / $ERR"
cd "$WORK"

# Broken plugins on AX_PLUGIN_PATH are reported one line each; ax keeps working with the rest.
mkdir -p "$WORK/plugins"
cp "$AX_TEST_PLUGIN_DIR"/*.so "$WORK/plugins/"
head -c 4096 "$AX_BUILD_DIR/plugins/cmd-config.so" >"$WORK/plugins/truncated.so"
echo "not elf" >"$WORK/plugins/garbage.so"
export AX_PLUGIN_PATH="$WORK/plugins"

run "$AX" plugins list
expect_rc 0
expect_err 'testplugin-newer_minor.so needs ax SDK 1\.999, newer than this ax.s SDK 1\.[0-9]+; upgrade ax'
expect_err 'testplugin-not_a_plugin.so is not an ax plugin'
expect_err 'truncated.so cannot be loaded: truncated'
expect_err 'garbage.so cannot be loaded: not an ELF shared object'
expect_out '^testplugin-newer_minor .*needs ax SDK 1\.999'
# A descriptor whose commands pointer leads outside the library is refused, not read.
expect_err '^ax: warning: testplugin-bad_descriptor.so has a bad descriptor: its command list points outside the library$'
expect_out '^testplugin-bad_descriptor .*has a bad descriptor'

# A thousand junk files: the first few refusals, then a count; each run reads them from the cache.
mkdir -p "$WORK/junk"
for i in $(seq 1000 1999); do echo "junk $i" >"$WORK/junk/junk$i.so"; done
for attempt in first cached; do
  AX_PLUGIN_PATH="$WORK/junk" run "$AX" --help
  expect_rc 0
  [[ $(wc -l <<<"$ERR") == 6 ]] || fail "$attempt run: expected 5 refusals and a count, got $(wc -l <<<"$ERR") lines"
  expect_err '^ax: warning: junk1000.so cannot be loaded: not an ELF shared object$'
  expect_err '^ax: warning: \.\.\. and 995 more plugin files refused; see ax plugins list$'
done
grep -q "junk1999.so" "$XDG_CACHE_HOME/ax/plugin-manifest" || fail "refusals are not cached in the manifest"

run "$AX" explode
expect_rc 1
expect_err "command 'explode' is unavailable"

# Exceptions thrown by plugin code become one line and an exit code, never a signal: the message is
# copied out before the plugin that owns the exception's code is unloaded.
run "$AX" throw-user
expect_rc 1
expect_err '^ax: the plugin refused$'
run "$AX" throw-local
expect_rc 70
expect_err '^ax: internal error: plugin-local failure$'
run "$AX" throw-int
expect_rc 70
expect_err "^ax: internal error: command 'throw-int' \(plugin throwing-commands, .*testplugin-throwing_commands.so\) threw a non-standard exception$"
# An exception escaping a plugin's own thread ends in std::terminate: one line, exit 70, no abort.
run "$AX" throw-in-thread
expect_rc 70
expect_err '^ax: internal error: uncaught exception: worker thread failed$'
# Native crashes (a library following a garbage pointer, a stack overflow) are one line and exit 70 too.
run "$AX" crash
expect_rc 70
expect_err '^ax: internal error: segmentation fault$'
run "$AX" overflow-stack
expect_rc 70
expect_err '^ax: internal error: segmentation fault$'

# The override on AX_PLUGIN_PATH comes before the built-in directory and wins `status`.
run "$AX" status
expect_rc 0
expect_out '^status from the override plugin$'
expect_err "command 'status' of cmd-status.so is shadowed by testplugin-duplicate_status.so"

# A repository's own .ax/plugins came with the repository: nothing in it is loaded, not even its
# descriptor, until the user trusts the file; then it may add commands but never replace one.
unset AX_PLUGIN_PATH
mkdir -p "$WORK/repo/.ax/plugins"
cp "$AX_TEST_PLUGIN_DIR/testplugin-duplicate_status.so" "$AX_TEST_PLUGIN_DIR/testplugin-throwing_commands.so" \
  "$WORK/repo/.ax/plugins/"
cd "$WORK/repo"
run env LD_DEBUG=files "$AX" status
grep -q 'file=.*/cmd-status\.so' <<<"$ERR" || fail "LD_DEBUG=files shows no loading at all: $ERR"
grep -q 'file=.*testplugin-' <<<"$ERR" && fail "an untrusted repository plugin was loaded: $(grep 'file=.*testplugin-' <<<"$ERR")"
run "$AX" status
expect_rc 1
expect_err "^ax: warning: 2 untrusted repository plugins not loaded \(testplugin-duplicate_status.so, testplugin-throwing_commands.so in $WORK/repo/.ax/plugins\); see ax plugins list, and trust one with ax plugins trust FILE$"
expect_err "^ax: no index found in $WORK/repo"
[[ $(wc -l <<<"$ERR") == 2 ]] || fail "expected one warning and one error, got: $ERR"
run "$AX" throw-user
expect_rc 2
expect_err "unknown command 'throw-user'"
run "$AX" plugins list
expect_rc 0
expect_out "^testplugin-throwing_commands .*untrusted repository plugin; to load it: ax plugins trust $WORK/repo/.ax/plugins/testplugin-throwing_commands.so"

# Trusted by path and SHA-256, in the user's configuration directory (sha256sum's format).
run "$AX" plugins trust .ax/plugins/testplugin-throwing_commands.so
expect_rc 0
expect_out "^trusted \.ax/plugins/testplugin-throwing_commands.so \(sha256 [0-9a-f]{64}\)$"
(cd / && sha256sum --check --status "$XDG_CONFIG_HOME/ax/trusted-plugins") || fail "trust list does not verify"
run "$AX" throw-user
expect_rc 1
expect_err '^ax: the plugin refused$'
expect_err '^ax: warning: 1 untrusted repository plugin not loaded \(testplugin-duplicate_status.so in'
# A trusted repository plugin still cannot replace a built-in command: refused in one line.
run "$AX" plugins trust "$WORK/repo/.ax/plugins/testplugin-duplicate_status.so"
expect_rc 0
run "$AX" status
expect_rc 1
expect_err "^ax: warning: repository plugin $WORK/repo/.ax/plugins/testplugin-duplicate_status.so may not replace command 'status' of cmd-status.so; its 'status' is ignored$"
expect_err "^ax: no index found in $WORK/repo"
[[ $(wc -l <<<"$ERR") == 2 ]] || fail "expected one warning and one error, got: $ERR"
# A changed file is no longer trusted.
printf 'x' >>.ax/plugins/testplugin-throwing_commands.so
run "$AX" throw-user
expect_rc 2
expect_err "1 untrusted repository plugin not loaded \(testplugin-throwing_commands.so"
run "$AX" plugins list
expect_out "^testplugin-throwing_commands .*changed since you trusted it; to load it: ax plugins trust $WORK/repo/.ax/plugins/testplugin-throwing_commands.so"
run "$AX" plugins untrust .ax/plugins/testplugin-throwing_commands.so
expect_rc 0
expect_out '^no longer trusted: '
run "$AX" plugins untrust .ax/plugins/testplugin-throwing_commands.so
expect_rc 1
expect_err '^ax: \.ax/plugins/testplugin-throwing_commands.so is not a trusted plugin$'

done_testing
