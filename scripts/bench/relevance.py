#!/usr/bin/env python3
"""MRR@10 of `ax find` on a judged query set generated from a real Python code base.

    scripts/bench/relevance.py [--source DIR] [--modules N] [--queries N] LABEL=AX_BINARY...

The code base is Python's standard library as Debian ships it (/usr/lib/python3.11, from the
libpython3.11-minimal and libpython3.11-stdlib packages). Every N-th module (sorted by path) is copied;
in the copy every docstring is blanked (line numbers kept), so that a docstring query can only be
answered from names, signatures and code. Two kinds of judged queries, one relevant answer each (the
definition's file and line):
  name        the function or class name                           -> its definition
  docstring   the first sentence of its docstring (words only)     -> its definition
Each ax build indexes the same copy from scratch; MRR@10 counts a hit when a result (not a text chunk)
is the definition itself. Prints MRR@10 and hits@10 per kind and build.
"""
import argparse
import ast
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
STOP = {"the", "a", "an", "of", "to", "and", "or", "is", "be", "in", "for", "this", "that", "it", "if",
        "return", "returns", "with", "as", "by", "on", "from", "are", "not", "any", "all"}


def blank_docstrings(text):
    """The module's text with every docstring replaced by "" (line count unchanged), and the
    documented definitions: (name, kind, line, docstring)."""
    tree = ast.parse(text)
    lines = text.split("\n")
    definitions, spans = [], []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)):
            continue
        body = node.body
        if not body or not isinstance(body[0], ast.Expr) or not isinstance(body[0].value, ast.Constant) \
                or not isinstance(body[0].value.value, str):
            continue
        doc = body[0].value
        spans.append((doc.lineno, doc.col_offset, doc.end_lineno, doc.end_col_offset))
        if not isinstance(node, ast.Module):
            kind = "class" if isinstance(node, ast.ClassDef) else "function"
            definitions.append((node.name, kind, node.lineno, doc.value))
    for first, col, last, end_col in sorted(spans, reverse=True):
        # Byte offsets from ast are UTF-8; the lines are str: convert through bytes.
        head = lines[first - 1].encode()[:col].decode(errors="ignore")
        tail = lines[last - 1].encode()[end_col:].decode(errors="ignore")
        if first == last:
            lines[first - 1] = head + '""' + tail
        else:
            lines[first - 1] = head + '""'
            for i in range(first, last - 1):
                lines[i] = ""
            lines[last - 1] = tail
    return "\n".join(lines), definitions


def first_sentence_words(doc, limit=10):
    sentence = re.split(r"\.\s|\n\s*\n", doc.strip(), maxsplit=1)[0]
    words = [w for w in WORD.findall(sentence) if w.lower() not in STOP]
    return words[:limit]


def build_corpus(source, every, destination):
    modules = sorted(os.path.relpath(os.path.join(d, f), source)
                     for d, dirs, files in os.walk(source)
                     for f in files if f.endswith(".py"))
    modules = [m for m in modules if "/test" not in "/" + m and "site-packages" not in m
               and "dist-packages" not in m][::every]
    judged = []
    for module in modules:
        try:
            with open(os.path.join(source, module), encoding="utf-8") as f:
                text = f.read()
            blanked, definitions = blank_docstrings(text)
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        target = os.path.join(destination, module)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(blanked)
        for name, kind, line, doc in definitions:
            judged.append((module, name, kind, line, doc))
    return len(modules), judged


def queries(judged, count, seed=8):
    rng = random.Random(seed)
    picked = rng.sample(judged, min(count, len(judged)))
    result = []
    for module, name, kind, line, doc in picked:
        if not name.startswith("_"):
            result.append(("name", name, module, line))
        words = first_sentence_words(doc)
        if len(words) >= 3:
            result.append(("docstring", " ".join(words), module, line))
    return result


def rank(ax, tree, text, module, line):
    out = subprocess.run([ax, "find", "--json", "--limit", "10", *text.split()], cwd=tree,
                         capture_output=True, text=True)
    hits = json.loads(out.stdout) if out.stdout.strip() else []
    for i, hit in enumerate(hits[:10], start=1):
        if hit["kind"] != "chunk" and hit["path"] == module and hit["line"] == line:
            return i
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default="/usr/lib/python3.11")
    parser.add_argument("--every", type=int, default=3, help="take every N-th module")
    parser.add_argument("--queries", type=int, default=300, help="definitions sampled")
    parser.add_argument("--show", action="store_true", help="print each query and its ranks")
    parser.add_argument("builds", nargs="+", help="LABEL=AX_BINARY")
    args = parser.parse_args()
    if not os.path.isdir(args.source):
        sys.exit(f"relevance.py: {args.source} is not a directory (apt-get install libpython3.11-stdlib)")
    work = tempfile.mkdtemp()
    try:
        tree = os.path.join(work, "tree")
        modules, judged = build_corpus(args.source, args.every, tree)
        qs = queries(judged, args.queries)
        kinds = sorted({q[0] for q in qs})
        print(f"corpus: {modules} modules of {args.source} (every {args.every}), docstrings blanked; "
              + ", ".join(f"{sum(1 for q in qs if q[0] == k)} {k} queries" for k in kinds))
        ranks = {}
        for build in args.builds:
            label, ax = build.split("=", 1)
            ax = os.path.abspath(ax)
            shutil.rmtree(os.path.join(tree, ".ax"), ignore_errors=True)
            subprocess.run([ax, "index", "--quiet", tree], check=True)
            ranks[label] = [rank(ax, tree, text, module, line) for _, text, module, line in qs]
        for kind in kinds:
            for label in ranks:
                rs = [r for q, r in zip(qs, ranks[label]) if q[0] == kind]
                mrr = sum(1 / r for r in rs if r) / len(rs)
                hits = sum(1 for r in rs if r)
                print(f"{kind:10} {label:8} MRR@10 {mrr:.3f}  hits@10 {hits}/{len(rs)}")
        if args.show:
            for i, q in enumerate(qs):
                print(q[0], repr(q[1]), q[2], q[3], *(f"{label}={ranks[label][i]}" for label in ranks))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
