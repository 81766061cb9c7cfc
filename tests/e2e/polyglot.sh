# Scala, Elixir, Dart and configuration files (YAML, JSON, TOML) end to end: well-known files give
# jobs, services, resources, scripts and dependencies that find and def reach by kind and path.
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?}"

REPO="$WORK/repo"
cp -r "$AX_SOURCE_DIR/tests/fixtures/polyglot-repo" "$REPO"
cd "$REPO"

run "$AX" index
expect_rc 0
expect_out "^Indexed $REPO: 9 parsed, 0 unchanged, 0 removed"

run "$AX" find "kind:job build"
expect_line 1 '^\.github/workflows/ci\.yml:9 +job +jobs\.build '
run "$AX" find "kind:step unit"
expect_line 1 '^\.github/workflows/ci\.yml:15 +step +jobs\.build\.steps\.unit '
run "$AX" def services.web
expect_line 1 '^compose\.yaml:2 +service +services\.web +image: nginx:1\.25$'
run "$AX" find "kind:resource web"
expect_out '^deploy/web\.yaml:1 +resource +Deployment/web '
expect_out '^deploy/web\.yaml:13 +resource +Service/web '
run "$AX" find "kind:script test"
expect_line 1 '^package\.json:6 +script +scripts\.test +vitest run$'
run "$AX" find "kind:dependency tokio"
expect_line 1 '^Cargo\.toml:9 +dependency +dependencies\.tokio +1\.37$'
run "$AX" def compilerOptions.strict
expect_line 1 '^tsconfig\.json:4 +key +compilerOptions\.strict '

run "$AX" def register_user
expect_line 1 '^server/lib/accounts\.ex:6 +function +Server\.Accounts\.register_user +def register_user\(email\)$'
run "$AX" def Pipeline.deduplicate
expect_line 1 '^analytics/src/Pipeline\.scala:13 +method +Pipeline\.deduplicate '
run "$AX" def CartWidget --kind class
expect_line 1 '^app/lib/cart_widget\.dart:4 +class +CartWidget +class CartWidget extends StatelessWidget$'
run "$AX" find widget lang:dart
expect_line 1 '^app/lib/cart_widget\.dart:4 +class +CartWidget'

run "$AX" status
for language in dart elixir json scala toml yaml; do expect_out "^$language +[0-9]+ +[0-9]+ "; done

run "$AX" plugins list
for language in scala elixir dart yaml json toml; do expect_out "^$language +language +"; done

done_testing
