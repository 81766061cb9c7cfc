#!/usr/bin/env bash
# Prints the path of a benchmark corpus, fetching it on first use into $AX_BENCH_CACHE
# (default ~/.cache/ax-bench). Corpora are real source trees from Debian packages, unpacked, never
# installed:
#   go      golang-1.19-src: the Go 1.19 standard library and toolchain (~9k files, Go + asm + C)
#   java    openjdk-17-source: the JDK class library sources (~15k .java files)
#   linux   linux-source-6.1: the Linux kernel (~75k files, C), for scale
#   mixed   >= 100k files: linux + go + java + rust-src (Rust's standard library) + Python 3.11's
#           standard library (libpython3.11-minimal, libpython3.11-stdlib), side by side
set -euo pipefail
name=${1:-go}
cache=${AX_BENCH_CACHE:-$HOME/.cache/ax-bench}
mkdir -p "$cache"
case "$name" in
  go) package=golang-1.19-src ;;
  java) package=openjdk-17-source ;;
  linux) package=linux-source-6.1 ;;
  mixed) package="rust-src libpython3.11-minimal libpython3.11-stdlib" ;;
  *) echo "corpus.sh: unknown corpus '$name' (go, java, linux, mixed)" >&2; exit 2 ;;
esac
dir="$cache/$name"
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
