"""The benchmark's corpora: real code bases in three languages that a fresh Debian machine can get
through apt-get and npm, copied with their doc comments blanked (line numbers kept), and the
documented definitions found on the way.

  py   Python's standard library (/usr/lib/python3.11; apt-get install libpython3.11-stdlib)
  go   Go's standard library (/usr/share/go-1.19/src; apt-get install golang-1.19-src)
  js   lodash 4.17.21 as npm ships it (one CommonJS module per function, JSDoc on each)

Each corpus is capped (a fixed, sorted subset of its files) so that indexing and querying take a
few minutes on two cores. A definition is (path, name, kind, first line, last line, doc text).
"""
import ast
import hashlib
import os
import re
import shutil
import subprocess
import sys

PY_SOURCE = "/usr/lib/python3.11"
GO_SOURCE = "/usr/share/go-1.19/src"
LODASH = "lodash@4.17.21"
LODASH_INTEGRITY = "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg=="

# Python: whole packages a reader knows, plus every third top-level module.
PY_PACKAGES = ["json", "urllib", "email", "http", "logging", "html", "xml/dom", "importlib", "concurrent"]
# Go: packages of the standard library, tests and testdata included (they are part of a real tree).
GO_PACKAGES = ["strings", "bytes", "strconv", "sort", "path", "path/filepath", "bufio", "encoding/json",
               "encoding/base64", "encoding/csv", "encoding/hex", "net/url", "unicode/utf8", "container/list",
               "container/heap", "text/tabwriter", "html", "regexp", "regexp/syntax", "time", "io", "errors",
               "math/bits", "hash/crc32", "compress/gzip", "archive/tar"]


class Definition:
    __slots__ = ("path", "name", "kind", "first", "last", "doc")

    def __init__(self, path, name, kind, first, last, doc):
        self.path, self.name, self.kind, self.first, self.last, self.doc = path, name, kind, first, last, doc


def ensure_sources(work):
    """Installs what is missing (needs root for apt-get) and returns {corpus: source directory}."""
    missing = [p for p, d in (("libpython3.11-stdlib", PY_SOURCE), ("golang-1.19-src", GO_SOURCE))
               if not os.path.isdir(d)]
    if missing:
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *missing], check=True)
    npm_root = os.path.join(work, "npm")
    lodash = os.path.join(npm_root, "node_modules", "lodash")
    if not os.path.isfile(os.path.join(lodash, "package.json")):
        os.makedirs(npm_root, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--ignore-scripts",
                        "--prefix", npm_root, LODASH], check=True, stdout=subprocess.DEVNULL)
        lock = open(os.path.join(npm_root, "package-lock.json"), encoding="utf-8").read()
        if LODASH_INTEGRITY not in lock:
            sys.exit("relevance: the installed lodash does not have the pinned integrity")
    return {"py": PY_SOURCE, "go": GO_SOURCE, "js": lodash}


def _write(destination, relative, text):
    target = os.path.join(destination, relative)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as f:
        f.write(text)


# --- Python ---------------------------------------------------------------------------------------

def _blank_python(text):
    """The module with every docstring replaced by "" (line count unchanged), and its documented
    definitions as (name, kind, first line incl. decorators, last line, docstring)."""
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
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            definitions.append((node.name, kind, first, node.end_lineno, doc.value))
    for first, col, last, end_col in sorted(spans, reverse=True):
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


def _python(source, destination, blank):
    modules = []
    for d, dirs, files in os.walk(source):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".py"):
                modules.append(os.path.relpath(os.path.join(d, f), source))
    chosen = []
    top_level = [m for m in modules if "/" not in m]
    chosen += top_level[::3]
    for package in PY_PACKAGES:
        chosen += [m for m in modules if m.startswith(package + "/") and "/test" not in "/" + m]
    definitions = []
    for module in sorted(set(chosen)):
        try:
            with open(os.path.join(source, module), encoding="utf-8") as f:
                text = f.read()
            blanked, found = _blank_python(text)
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        _write(destination, module, blanked if blank else text)
        definitions += [Definition(module, *d) for d in found]
    return definitions


# --- Comment-preceded definitions (Go, JavaScript) -----------------------------------------------

GO_DEFINITION = re.compile(r"^(?:func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)|type\s+([A-Za-z_]\w*)\s+(struct|interface))")


def _go_file(text):
    lines = text.split("\n")
    definitions = []
    for i, line in enumerate(lines):
        m = GO_DEFINITION.match(line)
        if not m:
            continue
        j = i
        while j > 0 and lines[j - 1].startswith("//") and not lines[j - 1].startswith("//go:"):
            j -= 1
        if j == i:
            continue
        doc = " ".join(l[2:].strip() for l in lines[j:i])
        for k in range(j, i):
            lines[k] = ""
        last = i
        if line.rstrip().endswith("{"):
            last = next((k for k in range(i + 1, len(lines)) if lines[k].startswith("}")), i)
        name = m.group(1) or m.group(2)
        kind = "function" if m.group(1) else m.group(3)
        definitions.append((name, kind, i + 1, last + 1, doc))
    return "\n".join(lines), definitions


def _go(source, destination, blank):
    definitions = []
    for package in GO_PACKAGES:
        directory = os.path.join(source, package)
        for f in sorted(os.listdir(directory)):
            path = os.path.join(directory, f)
            if not os.path.isfile(path):
                continue
            relative = os.path.join(package, f)
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
            if not f.endswith(".go"):
                _write(destination, relative, text)
                continue
            blanked, found = _go_file(text)
            _write(destination, relative, blanked if blank else text)
            if not f.endswith("_test.go"):
                definitions += [Definition(relative, *d) for d in found]
    return definitions


JS_FUNCTION = re.compile(r"^(?:function\s+([A-Za-z_$][\w$]*)|var\s+([A-Za-z_$][\w$]*)\s*=\s*(?:function|\w+\())")


def _js_file(text):
    lines = text.split("\n")
    definitions = []
    i = 0
    while i < len(lines):
        if lines[i].strip() != "/**":
            i += 1
            continue
        end = next((k for k in range(i, len(lines)) if lines[k].strip().endswith("*/")), None)
        if end is None or end + 1 >= len(lines):
            break
        m = JS_FUNCTION.match(lines[end + 1])
        if m:
            body = [l.strip().lstrip("*").strip() for l in lines[i + 1:end]]
            doc = " ".join(l for l in body if l and not l.startswith("@"))
            doc = doc.split(" @", 1)[0]
            for k in range(i, end + 1):
                lines[k] = ""
            name = m.group(1) or m.group(2)
            start = end + 1
            last = next((k for k in range(start, len(lines)) if lines[k].startswith("}")), start)
            definitions.append((name, "function", start + 1, last + 1, doc))
        i = end + 1
    return "\n".join(lines), definitions


def _javascript(source, destination, blank):
    definitions = []
    for f in sorted(os.listdir(source)):
        # The bundles (lodash.js, core.js, fp/) repeat every function and its doc: they would leak.
        if not f.endswith(".js") or f in ("lodash.js", "core.js", "fp.js") or f.endswith(".min.js"):
            continue
        with open(os.path.join(source, f), encoding="utf-8") as handle:
            text = handle.read()
        blanked, found = _js_file(text)
        _write(destination, f, blanked if blank else text)
        definitions += [Definition(f, *d) for d in found]
    _write(destination, "package.json", open(os.path.join(source, "package.json"), encoding="utf-8").read())
    return definitions


BUILDERS = {"py": _python, "go": _go, "js": _javascript}


def prepare(sources, destination, blank=True):
    """Copies each corpus under destination/<corpus>, its doc comments blanked unless `blank` is
    false; returns ({corpus: [Definition]}, a fingerprint of the definitions) so that a changed
    package is noticed."""
    definitions, digest = {}, hashlib.sha1()
    for corpus, build in BUILDERS.items():
        target = os.path.join(destination, corpus)
        shutil.rmtree(target, ignore_errors=True)
        definitions[corpus] = build(sources[corpus], target, blank)
        for d in definitions[corpus]:
            digest.update(f"{corpus}\t{d.path}\t{d.name}\t{d.first}\n".encode())
    return definitions, digest.hexdigest()[:16]
