#!/usr/bin/env bash
# Resolution that depends on more than paths: a require() of a package whose `exports` maps `import`
# and `require` apart takes the `require` target (the import's kind reaches the resolver); and in
# languages that import by name (Elixir modules, Scala classes), editing a file that starts or stops
# defining a name re-resolves the files importing it, incrementally.
source "$(dirname "$0")/lib.sh"
FIXTURE="$(cd "$(dirname "$0")/../../plugins/languages/ecmascript_imports/fixtures/dual" && pwd)"
REPO="$WORK/repo"
mkdir -p "$REPO"
cp -r "$FIXTURE"/. "$REPO"
cd "$REPO" || exit 1
mkdir -p lib/app src/main/scala/acme
cat >lib/app/orders.ex <<'EX'
defmodule App.Orders do
  alias App.Billing
  def total(order), do: Billing.charge(order)
end
EX
cat >lib/billing_impl.ex <<'EX'
defmodule App.Billing do
  def charge(order), do: order
end
EX
cat >lib/other.ex <<'EX'
defmodule App.Other do
  def noop, do: :ok
end
EX
cat >src/main/scala/acme/Main.scala <<'SC'
package acme.app

import acme.model.User

object Main {
  def run(): User = new User()
}
SC
cat >src/main/scala/acme/Models.scala <<'SC'
package acme.model

class User
SC
cat >src/main/scala/acme/Extra.scala <<'SC'
package acme.model

class Account
SC

run "$AX" index --quiet
expect_rc 0

# The import's kind: require() takes `require`, an import `types` (TypeScript's rule), a type import too.
run "$AX" flow deps app/main.ts --json
expect_rc 0
expect_out '"to":"packages/dual/cjs/index\.cjs","kind":"require","line":3'
expect_out '"to":"packages/dual/cjs/feature\.cjs","kind":"require","line":4'
expect_out '"to":"packages/dual/esm/feature\.mjs","kind":"import","line":1'
expect_out '"to":"packages/dual/types/index\.d\.ts","kind":"type","line":2'
expect_out '"to":"packages/dual/esm/plain\.mjs","kind":"require","line":5'
expect_no_out '"to":"packages/dual/esm/index\.mjs"'

# Elixir: the module's file, by definition.
run "$AX" flow deps lib/app/orders.ex
expect_rc 0
expect_out '^ +1  lib/billing_impl\.ex +from lib/app/orders\.ex'
# The file stops defining App.Billing: the importer's edge goes (no module App here: external).
sed -i 's/defmodule App.Billing do/defmodule App.Payments do/' lib/billing_impl.ex
run "$AX" index --quiet
expect_rc 0
run "$AX" flow deps lib/app/orders.ex --json
expect_rc 0
expect_no_out 'lib/billing_impl\.ex'
expect_out '"specifier":"App\.Billing","kind":"[a-z]+","line":2,"resolution":"external"'
# Another file, edited, starts defining it: the importer's edge comes back, to that file.
printf 'defmodule App.Billing do\n  def charge(order), do: order\nend\n' >>lib/other.ex
run "$AX" index --quiet
expect_rc 0
run "$AX" flow deps lib/app/orders.ex
expect_rc 0
expect_out '^ +1  lib/other\.ex +from lib/app/orders\.ex'
run "$AX" flow dependents lib/other.ex
expect_rc 0
expect_out '^ +1  lib/app/orders\.ex +into lib/other\.ex'

# Scala: the class's file, by definition; a class moved between files moves the edge.
run "$AX" flow deps src/main/scala/acme/Main.scala
expect_rc 0
expect_out '^ +1  src/main/scala/acme/Models\.scala +from src/main/scala/acme/Main\.scala'
sed -i 's/^class User$/class Person/' src/main/scala/acme/Models.scala
printf '\nclass User\n' >>src/main/scala/acme/Extra.scala
run "$AX" index --quiet
expect_rc 0
run "$AX" flow deps src/main/scala/acme/Main.scala
expect_rc 0
expect_out '^ +1  src/main/scala/acme/Extra\.scala +from src/main/scala/acme/Main\.scala'
expect_no_out 'Models\.scala'

# An edit that defines nothing new leaves the importers' edges alone (and costs no re-resolution).
sed -i 's/def noop, do: :ok/def noop, do: :done/' lib/other.ex
run "$AX" index --quiet
expect_rc 0
run "$AX" flow deps lib/app/orders.ex
expect_out '^ +1  lib/other\.ex +from lib/app/orders\.ex'

done_testing
