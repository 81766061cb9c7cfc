#!/usr/bin/env python3
"""Lays out universal-ctags' parser test inputs for ctags_compare.py, split into tune and held-out.

    ctags_units.py TARBALL OUTDIR

TARBALL is universal-ctags' source tarball; its test cases are `Units/parser-<parser>.r/<case>.d/`,
each with an `input*` file (and ctags' expected tags for the case's own options, not used: the
comparison runs the installed ctags with ctags_compare.py's options, its defaults plus prototypes
for C and C++). For the parsers of the languages ax supports,
each case's input files are copied to OUTDIR/<language>/<half>/<case>--<file>, where <half> is
`tune` or `held-out` by a stable hash of the parser and case name (fixed before any result was
seen: rules may be written from the misses of tune cases only; held-out cases are only measured).
Cases that are deliberately broken inputs for ctags (named bug*, crash* or *crash*) and ctags' known
bugs (`<case>.b/`) stay in. OUTDIR/cases.txt says, per language and half, how many cases there are
and which are broken on purpose.
"""
import collections
import hashlib
import os
import re
import sys
import tarfile

# ctags' parser folder -> ax's language name in ctags_compare.py, and the input extensions taken.
PARSERS = {
    "c": ("c", (".c", ".h")),
    "cxx": ("cpp", (".cc", ".cpp", ".cxx", ".hh", ".hpp", ".hxx", ".h", ".C")),
    "python": ("python", (".py",)),
    "javascript": ("javascript", (".js", ".jsx", ".mjs", ".cjs")),
    "typescript": ("typescript", (".ts", ".tsx")),
    "go": ("go", (".go",)),
    "rust": ("rust", (".rs",)),
    "java": ("java", (".java",)),
    "elixir": ("elixir", (".ex", ".exs")),
}

# `<case>.b` folders are ctags' known bugs (its test run skips them), `<case>.d` the others.
CASE = re.compile(r"^[^/]+/Units/parser-([^/]+)\.r/([^/]+)\.([bd])/(input[^/]*)$")
BROKEN = re.compile(r"^bug|crash", re.I)


def half(parser, case):
    """`tune` or `held-out`: the low bit of the first byte of sha256("parser/case")."""
    return "tune" if hashlib.sha256(f"{parser}/{case}".encode()).digest()[0] % 2 == 0 else "held-out"


def main():
    if len(sys.argv) != 3:
        print("usage: ctags_units.py TARBALL OUTDIR", file=sys.stderr)
        return 2
    tarball, out = sys.argv[1:]
    cases = collections.Counter()
    broken = collections.defaultdict(list)
    seen = set()
    with tarfile.open(tarball) as archive:
        for member in archive:
            match = CASE.match(member.name)
            if not member.isfile() or not match or match.group(1) not in PARSERS:
                continue
            parser, case, suffix, name = match.groups()
            language, extensions = PARSERS[parser]
            if os.path.splitext(name)[1] not in extensions:
                continue
            part = half(parser, case)
            target = os.path.join(out, language, part)
            os.makedirs(target, exist_ok=True)
            with archive.extractfile(member) as source, open(os.path.join(target, f"{case}--{name}"), "wb") as sink:
                sink.write(source.read())
            if (language, part, case) not in seen:
                seen.add((language, part, case))
                cases[(language, part)] += 1
                if suffix == "b" or BROKEN.search(case):
                    broken[(language, part)].append(case)
    if not cases:
        print(f"ctags_units.py: no parser test inputs in {tarball}", file=sys.stderr)
        return 1
    with open(os.path.join(out, "cases.txt"), "w") as summary:
        for (language, part), count in sorted(cases.items()):
            names = broken.get((language, part), [])
            note = f" ({len(names)} broken on purpose: {', '.join(names)})" if names else ""
            summary.write(f"units {language:<11} {part:<8} {count:>4} cases{note}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
