#!/usr/bin/env python3
"""Definition recall and precision of `ax symbols` against universal-ctags, per language.

    ctags_compare.py --ax AX --ctags CTAGS LANGUAGE=DIR... [--missed N] [--json]

For each LANGUAGE=DIR, every file of that language under DIR (by extension) is tagged by ctags and
outlined by `ax symbols --parse`. Only definitions count: the ctags kinds mapped below (locals,
parameters, imports, prototypes and other references have no mapping and are left out), and the ax
symbols whose kind is one a mapped ctags kind corresponds to. Definitions are matched by file and
name (a multiset: two `get` in one file need two), so recall = matched / ctags definitions and
precision = matched / ax definitions. --missed N prints N examples of each side's unmatched names.
C and C++ include guards (`#ifndef X` directly followed by `#define X`), which ctags tags as macros
and ax leaves out by design (they name no definition anyone looks up), are not counted.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

# Per language: file extensions, ctags' language name, and ctags kind -> the ax kinds it corresponds to.
LANGUAGES = {
    # ctags' classes include enums and protocols, its variables type variables, aliases and enum members.
    "python": ([".py"], "Python", {
        "class": {"class", "enum", "interface"}, "function": {"function", "method"},
        "member": {"method", "function", "getter", "setter", "property", "constructor"},
        "variable": {"variable", "constant", "field", "type", "enum_member"},
    }),
    "javascript": ([".js", ".jsx", ".mjs", ".cjs"], "JavaScript", {
        "class": {"class"}, "function": {"function"}, "generator": {"function"}, "method": {"method", "constructor"},
        "getter": {"getter"}, "setter": {"setter"}, "property": {"property", "field"}, "field": {"field", "property"},
        "constant": {"constant", "variable"}, "variable": {"variable", "constant"},
    }),
    # ctags' TypeScript parser has no accessor kinds: `get value()` is a method to it.
    "typescript": ([".ts", ".tsx"], "TypeScript", {
        "class": {"class"}, "function": {"function"}, "generator": {"function"},
        "method": {"method", "constructor", "getter", "setter"},
        "property": {"property", "field"}, "constant": {"constant", "variable"}, "variable": {"variable", "constant"},
        "interface": {"interface"}, "enum": {"enum"}, "enumerator": {"enum_member"}, "alias": {"type"},
        "namespace": {"namespace", "module"},
    }),
    "go": ([".go"], "Go", {
        "func": {"function", "method"}, "const": {"constant"}, "var": {"variable"}, "struct": {"struct"},
        "interface": {"interface"}, "type": {"type"}, "talias": {"type"}, "member": {"field"},
        "methodSpec": {"method"}, "package": {"namespace", "module"},
    }),
    "rust": ([".rs"], "Rust", {
        "function": {"function"}, "method": {"method", "function"}, "struct": {"struct"}, "enum": {"enum"},
        "enumerator": {"enum_member"}, "interface": {"trait"}, "implementation": {"impl"}, "field": {"field"},
        "typedef": {"type"}, "variable": {"variable"}, "macro": {"macro"}, "module": {"module"},
    }),
    "java": ([".java"], "Java", {
        "class": {"class"}, "interface": {"interface"}, "enum": {"enum"}, "enumConstant": {"enum_member"},
        "annotation": {"interface"}, "method": {"method", "constructor"}, "field": {"field", "constant"},
        "package": {"namespace"},
    }),
    "c": ([".c", ".h"], "C", {
        "function": {"function"}, "prototype": {"function"}, "macro": {"macro", "constant"}, "struct": {"struct"},
        "union": {"union"},
        "enum": {"enum"}, "enumerator": {"enum_member"}, "typedef": {"type"}, "member": {"field"},
        "variable": {"variable", "constant"},
    }),
    "cpp": ([".cc", ".cpp", ".cxx", ".hh", ".hpp", ".hxx", ".h"], "C++", {
        "function": {"function", "method", "constructor"}, "prototype": {"function", "method", "constructor"},
        "macro": {"macro", "constant"}, "class": {"class"},
        "struct": {"struct"}, "union": {"union"}, "enum": {"enum"}, "enumerator": {"enum_member"},
        "typedef": {"type"}, "member": {"field", "method", "constructor"}, "variable": {"variable", "constant"},
        "namespace": {"namespace"},
    }),
    "elixir": ([".ex", ".exs"], "Elixir", {
        "module": {"module"}, "function": {"function"}, "macro": {"macro"}, "operator": {"function", "macro"},
        "delegate": {"function"}, "guard": {"macro", "function"}, "implementation": {"impl"},
        "protocol": {"interface", "module"}, "callback": {"function"}, "exception": {"struct", "module"},
        "record": {"struct", "macro"}, "test": {"function"}, "type": {"type"},
    }),
}

# Names ctags gives to things that have none (anonymous structs, enums, functions).
ANONYMOUS = re.compile(r"^(__anon|anon(Function|Class|Object|Struct|Enum|Union)?|Anonymous(Function|Class|Object)?)[0-9a-f]")

# Variables and constants inside these are locals (ctags' JavaScript and TypeScript parsers tag
# them with the function as their scope instead of leaving them out as `local`).
BINDING_KINDS = {"variable", "constant", "var", "const"}
FUNCTION_KINDS = {"function", "method", "generator", "getter", "setter", "func", "member"}

FUNCTION_LIKE = {"function", "method", "constructor", "getter", "setter"}
ECMASCRIPT = {"JavaScript", "TypeScript"}

# ax definitions that ctags' parser for the language never tags, whatever the code: left out of the
# comparison as definitions ctags has no kind for are. Rust: fields of struct-like enum variants
# (`V { x: u32 }` gives no tag for x). Python: annotations without a value (`x: int` in a class body
# gives no tag; `y: int = 1` does).
UNTAGGED = {
    "rust": lambda symbol, parent: symbol["kind"] == "field" and parent is not None and
    parent["kind"] == "enum_member",
    "python": lambda symbol, parent: symbol["kind"] in ("field", "variable", "constant") and
    "=" not in symbol["signature"],
}

# ctags options per language: C and C++ prototypes (member declarations in a class, functions a
# header declares) are what ax lists for a header, so ctags is asked for them too.
CTAGS_OPTIONS = {"C": ["--kinds-C=+p"], "C++": ["--kinds-C++=+p"]}


def normalized(name):
    # `operator ==` and `operator==` are one name; ctags and ax space operators differently.
    return re.sub(r"\s+", "", name) if "operator" in name else name


def files_of(directory, extensions):
    out = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.endswith(".d.ts"):
                continue  # declarations only: no definitions to compare
            if os.path.splitext(name)[1] in extensions:
                out.append(os.path.join(root, name))
    return out


INCLUDE_GUARD = re.compile(r"^[ \t]*#[ \t]*ifndef[ \t]+(\w+)[ \t]*\r?\n[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]*\r?$", re.M)


def include_guards(path):
    """The include guard macro of a C or C++ file: the first #ifndef X directly followed by #define X."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            match = INCLUDE_GUARD.search(handle.read())
    except OSError:
        return set()
    return {match.group(1)} if match and match.group(1) == match.group(2) else set()


def ctags_definitions(ctags, language, files, mapping, local_spans):
    defs = collections.Counter()
    kinds = {}
    seen = set()
    guards = {}
    for start in range(0, len(files), 500):
        batch = files[start:start + 500]
        result = subprocess.run([ctags, "--output-format=json", "--fields=+nK", f"--languages={language}",
                                 f"--language-force={language}", *CTAGS_OPTIONS.get(language, []), "-f", "-"] + batch,
                                capture_output=True, text=True, errors="surrogateescape")
        for line in result.stdout.splitlines():
            tag = json.loads(line)
            if tag.get("_type") != "tag" or tag.get("kind") not in mapping or ANONYMOUS.match(tag["name"]):
                continue
            if tag["kind"] in BINDING_KINDS and tag.get("scopeKind") in FUNCTION_KINDS:
                continue  # a function's variable is a local, though some ctags parsers tag it
            if language in ECMASCRIPT and (is_require_binding(tag) or
                                           is_ecmascript_local(tag, local_spans.get(tag["path"], ()))):
                continue
            if language in ("C", "C++") and tag["kind"] == "macro":
                if tag["path"] not in guards:
                    guards[tag["path"]] = include_guards(tag["path"])
                if tag["name"] in guards[tag["path"]]:
                    continue
            key = (tag["path"], normalized(tag["name"]))
            # One definition per name and line: ctags tags `res.json = function json()` twice (the
            # property and the function expression's own name).
            if (key, tag.get("line")) in seen:
                continue
            seen.add((key, tag.get("line")))
            defs[key] += 1
            kinds.setdefault(key, tag["kind"])
    return defs, kinds


def is_require_binding(tag):
    """`var Layer = require('./layer')`: CommonJS's import, which ax lists as an import (ctags tags
    no ES `import` either)."""
    if tag["kind"] not in BINDING_KINDS:
        return False
    return re.search(r"\b" + re.escape(tag["name"]) + r"\s*=\s*require\s*\(", tag.get("pattern", "")) is not None


def is_ecmascript_local(tag, spans):
    """A binding, object-literal key or class field inside a function body. ctags' JavaScript and
    TypeScript parsers scope those to the function only sometimes (never in arrow functions) and
    report no end lines, so the functions' extents come from ax's outline; named functions and
    classes declared inside stay definitions. An object literal is a `class` to ctags' JavaScript
    parser (`const response = { data, status }` in a function is a class with two properties)."""
    kind = tag["kind"]
    declares = re.search(r"\b(class|function)\b", tag.get("pattern", "")) is not None
    if kind not in BINDING_KINDS and kind not in ("property", "field") and not (kind in ("class", "method") and
                                                                              not declares):
        return False
    line = tag.get("line", 0)
    return any(start < line <= end for start, end in spans)


def ax_outlines(ax, files):
    """Each file's outline; a batch that fails (one unreadable file) is retried file by file."""
    out = []
    for start in range(0, len(files), 200):
        batch = files[start:start + 200]
        result = subprocess.run([ax, "symbols", "--json", "--parse"] + batch, capture_output=True, text=True,
                                errors="surrogateescape")
        if result.returncode == 0:
            out.extend(json.loads(result.stdout))
            continue
        for file in batch:
            single = subprocess.run([ax, "symbols", "--json", "--parse", file], capture_output=True, text=True,
                                    errors="surrogateescape")
            if single.returncode == 0:
                out.extend(json.loads(single.stdout))
            else:
                print(f"ax symbols {file}: {single.stderr.strip()}", file=sys.stderr)
    return out


def ax_definitions(ax, files, ax_kinds, untagged=None):
    """ax's definitions, and per file the extents of its functions (see is_ecmascript_local)."""
    defs = collections.Counter()
    kinds = {}
    seen = set()
    function_spans = collections.defaultdict(list)

    def visit(path, symbols, parent):
        for symbol in symbols:
            if symbol["kind"] in FUNCTION_LIKE:
                function_spans[path].append((symbol["start_line"], symbol["end_line"]))
            key = (path, normalized(symbol["name"]))
            if (symbol["kind"] in ax_kinds and not (untagged and untagged(symbol, parent)) and
                    (key, symbol["start_line"]) not in seen):
                seen.add((key, symbol["start_line"]))
                defs[key] += 1
                kinds.setdefault(key, symbol["kind"])
            visit(path, symbol["children"], symbol)

    for outline in ax_outlines(ax, files):
        visit(outline["path"], outline["symbols"], None)
    return defs, kinds, function_spans


def compare(args, language, directory):
    extensions, ctags_language, mapping = LANGUAGES[language]
    files = files_of(directory, extensions)
    if not files:
        return None
    ax_kinds = set().union(*mapping.values())
    found, found_kinds, function_spans = ax_definitions(args.ax, files, ax_kinds, UNTAGGED.get(language))
    expected, expected_kinds = ctags_definitions(args.ctags, ctags_language, files, mapping, function_spans)
    matched = sum((expected & found).values())
    row = {
        "language": language, "files": len(files), "ctags": sum(expected.values()), "ax": sum(found.values()),
        "matched": matched,
        "recall": matched / max(1, sum(expected.values())), "precision": matched / max(1, sum(found.values())),
    }
    if args.missed:
        missed = list((expected - found).items())[:args.missed]
        extra = list((found - expected).items())[:args.missed]
        row["missed"] = [f"{os.path.relpath(p, directory)}: {n} ({expected_kinds[(p, n)]})" for (p, n), _ in missed]
        row["extra"] = [f"{os.path.relpath(p, directory)}: {n} ({found_kinds[(p, n)]})" for (p, n), _ in extra]
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ax", required=True)
    parser.add_argument("--ctags", default="ctags")
    parser.add_argument("--missed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("corpora", nargs="+", metavar="LANGUAGE=DIR")
    args = parser.parse_args()
    rows = []
    for corpus in args.corpora:
        language, _, directory = corpus.partition("=")
        if language not in LANGUAGES or not os.path.isdir(directory):
            parser.error(f"'{corpus}': expected LANGUAGE=DIR with LANGUAGE one of {', '.join(LANGUAGES)}")
        row = compare(args, language, directory)
        if row is None:
            print(f"{language}: no files under {directory}", file=sys.stderr)
            continue
        rows.append(row)
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        print()
        return
    print(f"{'language':<12} {'files':>6} {'ctags':>7} {'ax':>7} {'matched':>8} {'recall':>7} {'precision':>9}")
    for r in rows:
        print(f"{r['language']:<12} {r['files']:>6} {r['ctags']:>7} {r['ax']:>7} {r['matched']:>8} "
              f"{r['recall']:>7.3f} {r['precision']:>9.3f}")
        for title in ("missed", "extra"):
            for example in r.get(title, []):
                print(f"    {title}: {example}")


if __name__ == "__main__":
    main()
