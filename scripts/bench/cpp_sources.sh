#!/usr/bin/env bash
# C and C++ syntax-error rate on real, current applications and libraries: the upstream sources of
# Debian 12 source packages, in sets fixed before any of their errors was looked at (issue 12):
#   tune      the packages whose first errors the C/C++ rewrites were written from
#   held-out  other packages, only ever measured (never read to write a rule)
#   tune2     a second tune set of template-heavy modern C++ libraries (added with held-out2, both
#             fixed before any of their errors was looked at)
#   held-out2 its held-out counterpart, only ever measured
#   held-out-c  C-heavy packages, only ever measured, fixed with the C-heavy tune packages (the last
#             tune rows) before the C rewrites were written
#   held-out3 C and C++ libraries whose headers are full of the project's own macros (export,
#             inline, attribute macros), fixed before the project-macro blanking was written and
#             only ever measured
# Each package's .orig tarball is fetched from deb.debian.org, checked against the sha256 of its
# Sources entry (pinned below with the version) and cached under $AX_BENCH_CACHE (~/.cache/ax-bench).
# Files are classified with `ax detect`; each package's C++ and C files are indexed on their own with
# `ax index --json`, whose "parsed", "syntax_errors" and "symbols" are printed per package and pooled
# per set.
#   scripts/bench/cpp_sources.sh [--set tune|held-out|tune2|held-out2|held-out-c|held-out3]... [--per-package N] [--ax AX]... [--list]
# --ax may be given twice (e.g. --ax /work/final2/ax --ax build/ax) to print the builds side by side;
# the default is this worktree's build/ax. --per-package keeps at most N files of each language per
# package, picked by a hash of the path (stable, spread over the tree); default 400.
# --list prints PACKAGE <TAB> LANGUAGE <TAB> PATH of the files measured and stops (for
# build/bench-first-errors).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

# SET PACKAGE VERSION ORIG-TARBALL SHA256 (from bookworm's Sources).
PACKAGES='
tune     fmtlib            9.1.0+ds1-2           fmtlib_9.1.0+ds1.orig.tar.gz          84ce1c2d0be3a9863935137969dcec6970125caac032f82474640bfc81463583
tune     spdlog            1:1.10.0+ds-0.4       spdlog_1.10.0+ds.orig.tar.xz          620ca6842b5c21014470bd42eb4716024674214fb973b5ffa3aaea33310ad327
tune     leveldb           1.23-4                leveldb_1.23.orig.tar.gz              9a37f8a6174f09bd622bc723b55881dc541cd50747cbd08831c2a82d620f6d76
tune     ninja-build       1.11.1-2~deb12u1      ninja-build_1.11.1.orig.tar.gz        31747ae633213f1eda3842686f83c2aa1412e0f5691d1c14dbbcc67fe7400cea
tune     re2               20220601+dfsg-1       re2_20220601+dfsg.orig.tar.xz         3bc61251da3b0b97be40a8a127818c517c62516e4eda11fc901d29496663df54
tune     snappy            1.1.9-3               snappy_1.1.9.orig.tar.gz              75c1fbb3d618dd3a0483bff0e26d0a92b495bbe5059c8b4f1c962b478b6e06e7
tune     yaml-cpp          0.7.0+dfsg-8          yaml-cpp_0.7.0+dfsg.orig.tar.xz       dc63708605404e0b963e0ca3a9619d1c8270eda2839603e6fa0384e5e51e5312
tune     qbittorrent       4.5.2-3+deb12u1       qbittorrent_4.5.2.orig.tar.xz         109ecff22cb80f1e3ee5b7d3d2d34537839c15f75030632ef131d92b047f4e05
tune     tinyxml2          9.0.0+dfsg-3.1        tinyxml2_9.0.0+dfsg.orig.tar.xz       96510f47a5db537f70dff3e83dd71fd2180cbba4aa76c589a549467e7f34bc9b
tune     cppcheck          2.10-2                cppcheck_2.10.orig.tar.gz             785dcbf711048dfe43ae920b6eff2eeebb4a096e88188a40e173ca4c030f57c3
held-out protobuf          3.21.12-3+deb12u1     protobuf_3.21.12.orig.tar.gz          930c2c3b5ecc6c9c12615cf5ad93f1cd6e12d0aba862b572e076259970ac3a53
held-out cmake             3.25.1-1              cmake_3.25.1.orig.tar.gz              1c511d09516af493694ed9baf13c55947a36389674d657a2d5e0ccedc6b291d8
held-out konsole           4:22.12.3-1+deb12u1   konsole_22.12.3.orig.tar.xz           59a9bc95446ecaeba20c04b324ce55934e9ea042ab9dbe75eb76d02b6cabf86f
held-out rocksdb           7.8.3-2               rocksdb_7.8.3.orig.tar.gz             b85408a374770897332bf15e51620a5f35720dd416a4749e3899057f9cfaf84d
held-out abseil            20220623.1-1+deb12u2  abseil_20220623.1.orig.tar.gz         abfe2897f3a30edaa74bc34365afe3c2a3cd012091a97dc7e008f7016adcd5fe
held-out googletest        1.12.1-0.2            googletest_1.12.1.orig.tar.gz         81964fe578e9bd7c94dfdb09c8e4d6e6759e19967e397dbea48d1c10e45d0df2
held-out pugixml           1.13-0.2              pugixml_1.13.orig.tar.gz              5c5ad5d7caeb791420408042a7d88c2c6180781bf218feca259fd9d840a888e1
held-out google-glog       0.6.0-2               google-glog_0.6.0.orig.tar.gz         8a83bf982f37bb70825df71a9709fa90ea9f4447fb3c099e1d720a439d88bad6
held-out zeromq3           4.3.4-6               zeromq3_4.3.4.orig.tar.gz             0ff5a531c9ffaf0dfdc7dc78d13d1383088f454896d252934c429b2554d10559
held-out poco              1.11.0-3+deb12u1      poco_1.11.0.orig.tar.bz2              b08cf73926fa92a6c8f3c712e8fb217d5d0c2fa5248ec0281f251fe1e925d2f1
tune2    nlohmann-json3    3.11.2-2              nlohmann-json3_3.11.2.orig.tar.gz     d69f9deb6a75e2580465c6c4c5111b89c4dc2fa94e3a85fcd2ffcd9a143d9273
tune2    catch2            2.13.10-1             catch2_2.13.10.orig.tar.gz            2f4fe284449cf17394350e027ae21958973a61b9161197d416e2dfca16167686
tune2    benchmark         1.7.1-1               benchmark_1.7.1.orig.tar.gz           6430e4092653380d9dc4ccb45a1e2dc9259d581f4866dc0759713126056bc1d7
tune2    cli11             2.1.2+ds-1            cli11_2.1.2+ds.orig.tar.xz            8143d20b688e98ccce8e24562d3b68e5f47c12e896c42c7ca8553dbde5bed55d
tune2    flatbuffers       2.0.8+dfsg1-2         flatbuffers_2.0.8+dfsg1.orig.tar.xz   424b8c76568e718a1a05c3fbc6b2070c83b5e55d9b48568fa4f744e9bcd1163a
tune2    range-v3          0.12.0-1              range-v3_0.12.0.orig.tar.gz           015adb2300a98edfceaf0725beec3337f542af4915cec4d0b89fa0886f4ba9cb
tune2    cpprest           2.10.18-1             cpprest_2.10.18.orig.tar.gz           6bd74a637ff182144b6a4271227ea8b6b3ea92389f88b25b215e6f94fd4d41cb
tune2    xapian-core       1.4.22-1              xapian-core_1.4.22.orig.tar.xz        05884af00b06702ce486057d62a3bfbe6606cf965ada0f5ea570b328a2fa1ea8
tune2    grpc              1.51.1-3              grpc_1.51.1.orig.tar.gz               b55696fb249669744de3e71acc54a9382bea0dce7cd5ba379b356b12b82d4229
tune2    eigen3            3.4.0-4               eigen3_3.4.0.orig.tar.bz2             b4c198460eba6f28d34894e3a5710998818515104d6e74e5cc331ce31e46e626
held-out2 pybind11         2.10.3-1              pybind11_2.10.3.orig.tar.gz           5d8c4c5dda428d3a944ba3d2a5212cb988c2fae4670d58075a5a49075a6ca315
held-out2 capnproto        0.9.2-2               capnproto_0.9.2.orig.tar.gz           4031e9c9158fce1979baf3c5234315c1be74b273c0be9f6c4aaf4d0dfda52542
held-out2 libcereal        1.3.2+dfsg-4          libcereal_1.3.2+dfsg.orig.tar.xz      387053deac860f685c58041f220e062ac12cb53dd2eef23af883f3f50a148e9c
held-out2 simdjson         3.0.1-1               simdjson_3.0.1.orig.tar.gz            156b1bc5eb0561b2bd166b46d191fd3d95a3e709cc63761477d3b7aec2b6e9ed
held-out2 poppler          22.12.0-2+deb12u2     poppler_22.12.0.orig.tar.xz           d9aa9cacdfbd0f8e98fc2b3bb008e645597ed480685757c3e7bc74b4278d15c0
held-out2 highway          1.0.3-3+deb12u1       highway_1.0.3.orig.tar.gz             566fc77315878473d9a6bd815f7de78c73734acdcb745c3dde8579560ac5440e
tune       curl              7.88.1-10+deb12u15    curl_7.88.1.orig.tar.gz               cdb38b72e36bc5d33d5b8810f8018ece1baa29a8f215b4495e495ded82bbf3c7
tune       redis             5:7.0.15-1~deb12u7    redis_7.0.15.orig.tar.gz              4b1dc4ee6d622a09fff9c6777191209750fb5e5a725ef78ea012d6eef4c22982
tune       tmux              3.3a-3                tmux_3.3a.orig.tar.gz                 e4fd347843bd0772c4f48d6dde625b0b109b7a380ff15db21e97c11a4dcdf93f
tune       libuv1            1.44.2-1+deb12u1      libuv1_1.44.2.orig.tar.gz             d79b4b06ef04be85fb890bf39d55942cc64c2e15fd14eaa32dae5dce94485484
tune       lz4               1.9.4-1               lz4_1.9.4.orig.tar.gz                 0b0e3aa07c8c063ddf40b082bdf7e37a1562bda40a0ff5272957f3e987e0e54b
tune       expat             2.5.0-1+deb12u2       expat_2.5.0.orig.tar.gz               ab00ee05c7067fd10a35c5d2a4922ebba746ddd50ff83b79c828da17bbdf1757
tune       libxml2           2.9.14+dfsg-1.3~deb12u6 libxml2_2.9.14+dfsg.orig.tar.xz       4fe913dec8b1ab89d13b489b419a8203176ea39e931eaa0d25b17eafb9c279e9
tune       openssh           1:9.2p1-2+deb12u10    openssh_9.2p1.orig.tar.gz             3f66dbf1655fb45f50e1c56da62ab01218c228807b21338d634ebcdf9d71cf46
tune       jq                1.6-2.1+deb12u2       jq_1.6.orig.tar.gz                    3ba940b97571c866923f0409678033d33b5a98758dfc174fad8397ed908bc4d9
tune       nginx             1.22.1-9+deb12u9      nginx_1.22.1.orig.tar.gz              9ebb333a9e82b952acd3e2b4aeb1d4ff6406f72491bab6cd9fe69f0dea737f31
held-out-c git               1:2.39.5-0+deb12u3    git_2.39.5.orig.tar.xz                c58da92c378df4a986ca33266897a7397e86c22ee266a284d8c2432c39066b59
held-out-c sqlite3           3.40.1-2+deb12u2      sqlite3_3.40.1.orig.tar.xz            aaa776260ab4dc976db34aa7891819484c8676b5b2783123ebc6301e2ca5d655
held-out-c vim               2:9.0.1378-2+deb12u2  vim_9.0.1378.orig.tar.xz              6f20c108c0fe5dbcb00a00080b3607feb024a499de2c4d004de9c3bd74516523
held-out-c busybox           1:1.35.0-4+deb12u1    busybox_1.35.0.orig.tar.bz2           faeeb244c35a348a334f4a59e44626ee870fb07b6884d68c10ae8bc19f83a694
held-out-c mutt              2.2.12-0.1~deb12u1    mutt_2.2.12.orig.tar.gz               043af312f64b8e56f7fd0bf77f84a205d4c498030bd9586457665c47bb18ce38
held-out-c libpng1.6         1.6.39-2+deb12u5      libpng1.6_1.6.39.orig.tar.gz          a00e9d2f2f664186e4202db9299397f851aea71b36a35e74910b8820e380d441
held-out-c libevent          2.1.12-stable-8       libevent_2.1.12-stable.orig.tar.gz    92e6de1be9ec176428fd2367677e61ceffc2ee1cb119035037a27d346b0403bb
held-out-c libzstd           1.5.4+dfsg2-5         libzstd_1.5.4+dfsg2.orig.tar.xz       8cf4bbb65e77ec348d052c8d6230eba66d435bddf64c8b5be2fcb16880c19953
held-out3  pcre2             10.42-1               pcre2_10.42.orig.tar.gz               c33b418e3b936ee3153de2c61cc638e7e4fe3156022a5c77d0711bcbb9d64f1f
held-out3  libsodium         1.0.18-1+deb12u1      libsodium_1.0.18.orig.tar.gz          d59323c6b712a1519a5daf710b68f5e7fde57040845ffec53850911f10a5d4f4
held-out3  lua5.4            5.4.4-3+deb12u1       lua5.4_5.4.4.orig.tar.gz              164c7849653b80ae67bec4b7473b884bf5cc8d2dca05653475ec2ed27b9ebf61
held-out3  mbedtls           2.28.3-1              mbedtls_2.28.3.orig.tar.gz            3b4953aa55a681e084d31892d9904cc5328d6b4958ea57b90ae4b4f94ae69a8d
held-out3  freetype          2.12.1+dfsg-5+deb12u4 freetype_2.12.1+dfsg.orig.tar.xz      7dedb6b9adf331559daea614a83b8de42a753e685ec8e1c4bdb4529eb880b0d1
held-out3  libgit2           1.5.1+ds-1+deb12u1    libgit2_1.5.1+ds.orig.tar.xz          96369433500bb528f036c16be9921bd437c098b745f1aaeccb91290815518970
held-out3  harfbuzz          6.0.0+dfsg-3          harfbuzz_6.0.0+dfsg.orig.tar.xz       89266cb363e49b6aa999eda04ca25b0d234a69ad9304679631371f4697652368
held-out3  libcrypto++       8.7.0+git220824-1     libcrypto++_8.7.0+git220824.orig.tar.gz 6aa99cbacf4d30eb21f0b8fc08f6244e81b024b04a7863032a1133797aa4e8fd
held-out3  taglib            1.13-2+deb12u1        taglib_1.13.orig.tar.gz               58f08b4db3dc31ed152c04896ee9172d22052bc7ef12888028c01d8b1d60ade0
held-out3  openexr           3.1.5-5               openexr_3.1.5.orig.tar.gz             93925805c1fc4f8162b35f0ae109c4a75344e6decae5a240afdfce25f8a433ec
'

sets=() axes=() per_package=400 list_only=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --set) sets+=("${2:?--set needs tune, held-out, tune2, held-out2, held-out-c or held-out3}"); shift 2 ;;
    --per-package) per_package=${2:?--per-package needs a number}; shift 2 ;;
    --ax) axes+=("$(realpath "${2:?--ax needs the path of an ax binary}")"); shift 2 ;;
    --list) list_only=true; shift ;;
    *) echo "cpp_sources.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[[ ${#sets[@]} -gt 0 ]] || sets=(tune held-out tune2 held-out2 held-out-c held-out3)
for set in "${sets[@]}"; do
  [[ "$set" =~ ^(tune|held-out|tune2|held-out2|held-out-c|held-out3)$ ]] || { echo "cpp_sources.sh: unknown set '$set'" >&2; exit 2; }
done
if [[ ${#axes[@]} -eq 0 ]]; then
  cmake --build build --target ax >/dev/null
  axes=("$repo/build/ax")
fi

cache=${AX_BENCH_CACHE:-$HOME/.cache/ax-bench}/cpp-sources
mkdir -p "$cache/archives" "$cache/trees"

# Fetches and unpacks one package's upstream tarball (its C and C++ files only), once.
fetch() {
  local package=$1 tarball=$2 sha=$3
  local tree="$cache/trees/$package"
  [[ -f "$tree/.ready" ]] && return 0
  local prefix=${package:0:1}
  [[ "$package" == lib* ]] && prefix=${package:0:4}
  local archive="$cache/archives/$tarball"
  if [[ ! -f "$archive" ]] || ! sha256sum --quiet -c <<<"$sha  $archive" >/dev/null 2>&1; then
    curl -fsSL -o "$archive.part" "http://deb.debian.org/debian/pool/main/$prefix/$package/$tarball"
    sha256sum --quiet -c <<<"$sha  $archive.part" >/dev/null ||
      { echo "cpp_sources.sh: $tarball does not match its sha256 $sha" >&2; rm -f "$archive.part"; exit 1; }
    mv "$archive.part" "$archive"
  fi
  rm -rf "$tree" && mkdir -p "$tree"
  tar -xaf "$archive" -C "$tree" --no-same-owner --wildcards \
    '*.c' '*.h' '*.cc' '*.cpp' '*.cxx' '*.c++' '*.hpp' '*.hh' '*.hxx' '*.h++' '*.ipp' '*.tcc' '*.inl' 2>/dev/null || true
  touch "$tree/.ready"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
listing="$work/files.tsv"
: >"$listing"
while read -r set package version tarball sha; do
  [[ -n "$set" && " ${sets[*]} " == *" $set "* ]] || continue
  fetch "$package" "$tarball" "$sha"
  # PACKAGE <TAB> SET <TAB> LANGUAGE <TAB> PATH, C and C++ only, at most per_package per language.
  "${axes[0]}" detect --json "$cache/trees/$package" | python3 -c '
import hashlib, json, sys
package, set_name, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
chosen = {}
for entry in json.load(sys.stdin):
    if entry["language"] in ("c", "cpp"):
        chosen.setdefault(entry["language"], []).append(entry["path"])
for language, paths in sorted(chosen.items()):
    paths.sort(key=lambda p: hashlib.sha1(p.encode()).hexdigest())
    for path in sorted(paths[:limit]):
        print(package, set_name, language, path, sep="\t")' "$package" "$set" "$per_package" >>"$listing"
  : "$version"  # pinned for the record: the tarball and its hash identify it
done <<<"$PACKAGES"

if $list_only; then
  awk -F'\t' '{ print $1 "\t" $3 "\t" $4 }' "$listing"
  exit 0
fi

# Every build indexes its own copy (hard links) of each package's files of one language.
for index in "${!axes[@]}"; do
  ax=${axes[$index]}
  python3 - "$listing" "$work/$index" "$cache/trees" <<'PY'
import os, shutil, sys
listing, root, trees = sys.argv[1:]
for line in open(listing, encoding="utf-8"):
    package, _, language, path = line.rstrip("\n").split("\t")
    target = os.path.join(root, language, package, os.path.relpath(path, os.path.join(trees, package)))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(path, target)
    except OSError:
        shutil.copyfile(path, target)
PY
  for dir in "$work/$index"/*/*/; do
    (cd "$dir" && "$ax" index --json . >"$dir/../$(basename "$dir").json" 2>/dev/null) ||
      echo "{}" >"$dir/../$(basename "$dir").json"
  done
done

python3 - "$work" "$listing" "${axes[@]}" <<'PY'
import collections, json, os, sys
work, listing, axes = sys.argv[1], sys.argv[2], sys.argv[3:]
packages = {}  # package -> set, in listing order
for line in open(listing, encoding="utf-8"):
    package, set_name, _, _ = line.rstrip("\n").split("\t")
    packages.setdefault(package, set_name)
labels = [os.path.relpath(ax) if len(axes) > 1 else "ax" for ax in axes]

def counts(index, language, package):
    try:
        report = json.load(open(os.path.join(work, str(index), language, package + ".json")))
        return report["parsed"], report["syntax_errors"], report["symbols"]
    except (OSError, ValueError, KeyError):
        return None

for language, title in (("cpp", "C++"), ("c", "C")):
    print(f"{title}: files, files with syntax errors, share, symbols — per package, then pooled per set")
    header = f"  {'set':<10} {'package':<18}" + "".join(f" {label[-30:]:>30}" for label in labels)
    print(header)
    for set_name in ("tune", "held-out", "tune2", "held-out2", "held-out-c", "held-out3"):
        pooled = [[0, 0, 0] for _ in axes]
        rows = 0
        for package, package_set in packages.items():
            if package_set != set_name:
                continue
            cells = []
            for index in range(len(axes)):
                result = counts(index, language, package)
                if result is None:
                    cells.append(f"{'-':>30}")
                    continue
                parsed, errors, symbols = result
                pooled[index][0] += parsed
                pooled[index][1] += errors
                pooled[index][2] += symbols
                share = 100.0 * errors / parsed if parsed else 0.0
                cells.append(f" {parsed:>5} {errors:>5} {share:>7.2f}% {symbols:>7}")
            if any(cell.strip() != "-" for cell in cells):
                rows += 1
                print(f"  {set_name:<10} {package:<18}" + "".join(f" {cell:>30}" for cell in cells))
        if rows:
            cells = [f" {p:>5} {e:>5} {100.0 * e / p if p else 0.0:>7.2f}% {y:>7}" for p, e, y in pooled]
            print(f"  {set_name:<10} {'POOLED':<18}" + "".join(f" {cell:>30}" for cell in cells))
    print()
PY
