#!/usr/bin/env bash
# Prints the path of a benchmark corpus, fetching it on first use into $AX_BENCH_CACHE
# (default ~/.cache/ax-bench). Corpora are real source trees from Debian packages, unpacked, never
# installed:
#   go      golang-1.19-src: the Go 1.19 standard library and toolchain (~9k files, Go + asm + C)
#   java    openjdk-17-source: the JDK class library sources (~15k .java files)
#   linux   linux-source-6.1: the Linux kernel (~75k files, C), for scale
#   mixed   >= 100k files: linux + go + java + rust-src (Rust's standard library) + Python 3.11's
#           standard library (libpython3.11-minimal, libpython3.11-stdlib), side by side
#   dart    the .dart files of real projects (~80): the Dart libraries, tests and examples in the
#           source packages of flatbuffers and thrift (`apt-get source`, through a deb-src list of
#           its own made from the machine's Debian sources) and the Dart code shipped in the npm
#           packages flutter-skill and agent-flutter; every archive pinned by its hash
#   elixir  the Elixir files (.ex .exs .eex mix.lock) of the Debian source packages elixir-lang 1.14.0
#           and rabbitmq-server 3.10.8 (its rabbitmq_cli and vendored libraries), pinned by sha256,
#           split once, before any measurement, into
#             tune/      elixir-lang lib/elixir and lib/mix: what extraction rules may be written from
#             held-out/  elixir-lang lib/ex_unit, lib/iex, lib/logger, lib/eex, and rabbitmq-server:
#                        only measured, never looked at to write a rule
#   scala   the .scala files of the Debian source package scala 2.11.12 (its sources, not its
#           compiler test cases, many invalid on purpose), pinned by sha256, split the same way
#           into tune/ (src/library and src/reflect) and held-out/ (every other folder of src/).
#           The other Scala source packages bookworm lists (scala-xml, scala-parser-combinators,
#           scala-pickling, sbt-serialization) are missing from the archive's pool (404).
set -euo pipefail
name=${1:-go}
cache=${AX_BENCH_CACHE:-$HOME/.cache/ax-bench}
mkdir -p "$cache"
case "$name" in
  go) package=golang-1.19-src ;;
  java) package=openjdk-17-source ;;
  linux) package=linux-source-6.1 ;;
  mixed) package="rust-src libpython3.11-minimal libpython3.11-stdlib" ;;
  dart | elixir | scala) package="" ;;
  *) echo "corpus.sh: unknown corpus '$name' (go, java, linux, mixed, dart, elixir, scala)" >&2; exit 2 ;;
esac
dir="$cache/$name"

# source_packages PACKAGE=VERSION...: downloads the source packages into $dir/src through a deb-src
# list of its own made from the machine's Debian sources (apt-get source, never built or installed);
# the caller checks their sha256 (the values of the packages' .dsc).
source_packages() {
  rm -rf "$dir" && mkdir -p "$dir/apt/sources.list.d" "$dir/apt/lists/partial" "$dir/apt/cache" "$dir/src" "$dir/tree"
  local debian_sources=/etc/apt/sources.list.d/debian.sources
  [[ -f "$debian_sources" ]] || { echo "corpus.sh: no $debian_sources to make a deb-src list from" >&2; exit 1; }
  sed 's/^Types: deb$/Types: deb-src/' "$debian_sources" >"$dir/apt/sources.list.d/debian.sources"
  local apt_options=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$dir/apt/sources.list.d"
    -o Dir::State::Lists="$dir/apt/lists" -o Dir::Cache="$dir/apt/cache" -o APT::Sandbox::User=root)
  apt-get "${apt_options[@]}" -qq update >/dev/null
  (cd "$dir/src" && apt-get "${apt_options[@]}" -qq source --download-only "$@" >/dev/null)
}

# unpack_sources: each downloaded source package's .orig archive into $dir/src/PACKAGE.
unpack_sources() {
  local archive package
  for archive in "$dir"/src/*.orig.tar.*; do
    package=$(basename "$archive") && package=${package%%_*}
    mkdir -p "$dir/src/$package" && tar -xaf "$archive" -C "$dir/src/$package" --strip-components=1
  done
}
# part PART PACKAGE FOLDER...: the package's source files (of the corpus's language) under those
# folders, into PART/PACKAGE.
part() {
  local part=$1 package=$2 && shift 2
  local folder
  local names=(-name '*.scala')
  [[ "$name" == elixir ]] && names=(-name '*.ex' -o -name '*.exs' -o -name '*.eex' -o -name mix.lock)
  mkdir -p "$dir/tree/$part/$package"
  for folder; do
    (cd "$dir/src/$package" && find "$folder" -type f \( "${names[@]}" \) -print0 |
      xargs -0 -r cp --parents -t "$dir/tree/$part/$package")
  done
}

# Debian has no Dart package: real Dart comes from source packages and from npm.
if [[ "$name" == dart && ! -f "$dir/.ready" ]]; then
  source_packages flatbuffers=2.0.8+dfsg1-2 thrift=0.17.0-2
  (cd "$dir/src" && sha256sum --quiet -c) <<'SUMS'
424b8c76568e718a1a05c3fbc6b2070c83b5e55d9b48568fa4f744e9bcd1163a  flatbuffers_2.0.8+dfsg1.orig.tar.xz
f5888bcd3b8de40c2c2ab86896867ad9b18510deb412cba3e5da76fb4c604c29  thrift_0.17.0.orig.tar.gz
SUMS
  for archive in "$dir"/src/*.orig.tar.*; do
    project=$(basename "$archive") && project=debian-${project%%_*}
    mkdir -p "$dir/tree/$project"
    tar -xaf "$archive" -C "$dir/tree/$project" --strip-components=1 --wildcards '*.dart'
  done
  while read -r spec integrity; do
    (cd "$dir/src" && npm pack --silent "$spec" >/dev/null 2>&1)
    tarball="$dir/src/$(printf '%s' "${spec%@*}" | sed 's|^@||; s|/|-|')-${spec##*@}.tgz"
    actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
    [[ "$actual" == "$integrity" ]] || { echo "corpus.sh: $spec: integrity $actual, expected $integrity" >&2; exit 1; }
    mkdir -p "$dir/tree/npm-${spec%@*}"
    tar -xzf "$tarball" -C "$dir/tree/npm-${spec%@*}" --strip-components=1 --wildcards '*.dart'
  done <<'NPM'
flutter-skill@0.9.36 sha512-L7a2WnfiP4npdSf+QWqNwZFS1efmHRax+YGxEiKqLUzBVtkPi0IliayG/7bLMzORmwDcYISLWpB7MysKoTbEHA==
agent-flutter@0.1.33 sha512-Ym6w3PrBTrUdGGV26xa+Rf23VItVIB+teO4C9qMbJnxxT57TxIx2cJq3v8ZVnPjmKfZzzi7ws/x8VynFoO5S7Q==
NPM
  rm -rf "$dir/apt" "$dir/src"
  touch "$dir/.ready"
fi
# Debian's elixir ships compiled .beam files only: real Elixir comes from source packages.
if [[ "$name" == elixir && ! -f "$dir/.ready" ]]; then
  source_packages elixir-lang=1.14.0.dfsg-2 rabbitmq-server=3.10.8-1.1+deb12u1
  (cd "$dir/src" && sha256sum --quiet -c) <<'SUMS'
3dfa724f36b90d1bc41b9626a8ea0c293255c3a21a4d608c576ce39e2a23e5c9  elixir-lang_1.14.0.dfsg.orig.tar.xz
903b761ee541c3cf3374506c0d71cd80254392f58c55e033ac8ce3ebcf8d3b29  rabbitmq-server_3.10.8.orig.tar.xz
SUMS
  unpack_sources
  # The split, fixed before any measurement: see the header.
  part tune elixir-lang lib/elixir lib/mix
  part held-out elixir-lang lib/ex_unit lib/iex lib/logger lib/eex
  part held-out rabbitmq-server .
  rm -rf "$dir/apt" "$dir/src"
  touch "$dir/.ready"
fi
if [[ "$name" == scala && ! -f "$dir/.ready" ]]; then
  source_packages scala=2.11.12-5
  (cd "$dir/src" && sha256sum --quiet -c) <<'SUMS'
b8db9faffd136d376a1885c04b2cced1b25fee5e61295c1c2a66bceaf99e7301  scala_2.11.12.orig.tar.xz
SUMS
  unpack_sources
  # The split, fixed before any measurement: see the header.
  part tune scala src/library src/reflect
  for folder in "$dir"/src/scala/src/*/; do
    folder=src/$(basename "$folder")
    [[ "$folder" == src/library || "$folder" == src/reflect ]] || part held-out scala "$folder"
  done
  rm -rf "$dir/apt" "$dir/src"
  touch "$dir/.ready"
fi
if [[ "$name" == mixed && ! -f "$dir/.ready" ]]; then
  parts=()
  for part in linux go java; do parts+=("$part=$("$0" "$part")"); done
fi
if [[ ! -f "$dir/.ready" ]]; then
  rm -rf "$dir" && mkdir -p "$dir/deb"
  # shellcheck disable=SC2086 # several packages for the mixed corpus
  (cd "$dir/deb" && apt-get download $package >/dev/null 2>&1) || {
    apt-get update -qq >/dev/null 2>&1 || true
    (cd "$dir/deb" && apt-get download $package >/dev/null)
  }
  for deb in "$dir"/deb/*.deb; do dpkg -x "$deb" "$dir/root"; done
  case "$name" in
    go) mv "$dir/root/usr/share/go-1.19" "$dir/tree" ;;
    java) mkdir -p "$dir/tree" && (cd "$dir/tree" && unzip -q "$dir"/root/usr/lib/jvm/openjdk-17/lib/src.zip) ;;
    linux)
      mkdir -p "$dir/tree" && tar -xf "$dir"/root/usr/src/linux-source-*.tar.* -C "$dir/tree" --strip-components=1
      # The packaging's .gitignore ends with "/*", ignoring every top-level entry: set it aside.
      [[ -f "$dir/tree/.gitignore" ]] && mv "$dir/tree/.gitignore" "$dir/gitignore.packaging"
      ;;
    mixed)
      mkdir -p "$dir/tree"
      # Hard links: the parts are unpacked once, in their own corpora.
      for part in "${parts[@]}"; do cp -al "${part#*=}" "$dir/tree/${part%%=*}"; done
      # rust-src ships usr/lib/rustlib/src/rust as a link to usr/src/rustc-VERSION: move what it names.
      mv "$(readlink -f "$dir/root/usr/lib/rustlib/src/rust")" "$dir/tree/rust"
      mv "$dir/root/usr/lib/python3.11" "$dir/tree/python"
      ;;
  esac
  rm -rf "$dir/root" "$dir/deb"
  touch "$dir/.ready"
fi
echo "$dir/tree"
