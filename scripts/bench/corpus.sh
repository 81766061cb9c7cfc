#!/usr/bin/env bash
# Prints the path of a benchmark corpus, fetching it on first use into $AX_BENCH_CACHE
# (default ~/.cache/ax-bench). Corpora are real source trees from Debian packages, unpacked, never
# installed:
#   go      golang-1.19-src: the Go 1.19 standard library and toolchain (~9k files, Go + asm + C)
#   java    openjdk-17-source: the JDK class library sources (~15k .java files)
#   linux   linux-source-6.1: the Linux kernel (~75k files, C), for scale
set -euo pipefail
name=${1:-go}
cache=${AX_BENCH_CACHE:-$HOME/.cache/ax-bench}
mkdir -p "$cache"
case "$name" in
  go) package=golang-1.19-src ;;
  java) package=openjdk-17-source ;;
  linux) package=linux-source-6.1 ;;
  *) echo "corpus.sh: unknown corpus '$name' (go, java, linux)" >&2; exit 2 ;;
esac
dir="$cache/$name"
if [[ ! -f "$dir/.ready" ]]; then
  rm -rf "$dir" && mkdir -p "$dir/deb"
  (cd "$dir/deb" && apt-get download "$package" >/dev/null 2>&1) || {
    apt-get update -qq >/dev/null 2>&1 || true
    (cd "$dir/deb" && apt-get download "$package" >/dev/null)
  }
  dpkg -x "$dir"/deb/*.deb "$dir/root"
  case "$name" in
    go) mv "$dir/root/usr/share/go-1.19" "$dir/tree" ;;
    java) mkdir -p "$dir/tree" && (cd "$dir/tree" && unzip -q "$dir"/root/usr/lib/jvm/openjdk-17/lib/src.zip) ;;
    linux) mkdir -p "$dir/tree" && tar -xf "$dir"/root/usr/src/linux-source-*.tar.* -C "$dir/tree" --strip-components=1 ;;
  esac
  rm -rf "$dir/root" "$dir/deb"
  touch "$dir/.ready"
fi
echo "$dir/tree"
