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
expect_out '"name":"python","kind":"language","version":"[0-9.]+","sdk_version":"1\.1"'

# Broken plugins on AX_PLUGIN_PATH are reported one line each; ax keeps working with the rest.
mkdir -p "$WORK/plugins"
cp "$AX_TEST_PLUGIN_DIR"/*.so "$WORK/plugins/"
head -c 4096 "$AX_BUILD_DIR/plugins/cmd-config.so" >"$WORK/plugins/truncated.so"
echo "not elf" >"$WORK/plugins/garbage.so"
export AX_PLUGIN_PATH="$WORK/plugins"

run "$AX" plugins list
expect_rc 0
expect_err 'testplugin-newer_minor.so needs ax SDK 1\.999, newer than this ax.s SDK 1\.1; upgrade ax'
expect_err 'testplugin-not_a_plugin.so is not an ax plugin'
expect_err 'truncated.so cannot be loaded: truncated'
expect_err 'garbage.so cannot be loaded: not an ELF shared object'
expect_out '^testplugin-newer_minor .*needs ax SDK 1\.999'

run "$AX" explode
expect_rc 1
expect_err "command 'explode' is unavailable"

# The override on AX_PLUGIN_PATH comes before the built-in directory and wins `status`.
run "$AX" status
expect_rc 0
expect_out '^status from the override plugin$'
expect_err "command 'status' of cmd-status.so is shadowed by testplugin-duplicate_status.so"

# A repository's own .ax/plugins comes first of all.
unset AX_PLUGIN_PATH
mkdir -p "$WORK/repo/.ax/plugins"
cp "$AX_TEST_PLUGIN_DIR/testplugin-duplicate_status.so" "$WORK/repo/.ax/plugins/"
cd "$WORK/repo"
run "$AX" status
expect_out '^status from the override plugin$'

done_testing
