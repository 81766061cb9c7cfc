# A third-party plugin built against the installed SDK only, and the same plugin built against an
# SDK with another major version, which must be refused with a clear message.
source "$(dirname "$0")/lib.sh"
: "${AX_BUILD_DIR:?}" "${AX_SOURCE_DIR:?}"
cmake=${CMAKE_COMMAND:-cmake}

"$cmake" --install "$AX_BUILD_DIR" --component sdk --prefix "$WORK/prefix" >/dev/null || fail "SDK install failed"
[[ -f "$WORK/prefix/include/ax/sdk/sdk.hpp" ]] || fail "SDK headers not installed"

build_example() {  # $1: build directory
  # Only the installed prefix is visible: no source tree include paths.
  "$cmake" -S "$AX_SOURCE_DIR/sdk/examples/hello-command" -B "$1" -DCMAKE_PREFIX_PATH="$WORK/prefix" \
    -DCMAKE_BUILD_TYPE=Release >"$WORK/cmake.log" 2>&1 || { cat "$WORK/cmake.log"; fail "configure failed"; }
  "$cmake" --build "$1" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; fail "build failed"; }
}

build_example "$WORK/hello-build"
mkdir -p "$WORK/plugins"
cp "$WORK/hello-build/hello.so" "$WORK/plugins/"
AX_PLUGIN_PATH="$WORK/plugins" run "$AX" hello world --shout
expect_rc 0
expect_out '^HELLO, WORLD! \(plugin built with ax SDK 1\.1; find\.limit is 20\)$'
AX_PLUGIN_PATH="$WORK/plugins" run "$AX" --help
expect_out '^  hello +greet'

# Fake an incompatible SDK: the same installed SDK with another major version.
sed -i 's/#define AX_SDK_VERSION_MAJOR [0-9]*/#define AX_SDK_VERSION_MAJOR 2/' "$WORK/prefix/include/ax/sdk/version.hpp"
build_example "$WORK/hello-v2"
cp "$WORK/hello-v2/hello.so" "$WORK/plugins/hello.so"
AX_PLUGIN_PATH="$WORK/plugins" run "$AX" hello world
expect_rc 2
expect_err '^ax: warning: hello.so was built for ax SDK 2\.[0-9]+, this ax has SDK 1\.1 \(major versions differ\); rebuild the plugin against SDK 1\.x$'
expect_err "^ax: unknown command 'hello'"
AX_PLUGIN_PATH="$WORK/plugins" run "$AX" plugins list
expect_rc 0
expect_out '^hello .*2\.[0-9]+ +hello.so was built for ax SDK 2\.[0-9]+'

done_testing
