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
import tempfile

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

# ax kinds of the symbols that hold an object literal's keys.
OBJECT_HOLDERS = {"constant", "variable", "property"}

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

# TypeScript: ctags 5.9's TypeScript parser tags no key of an object literal as its member (`const
# o = { f: 1 }` gives `o` alone, while its JavaScript parser tags them all; after a type annotation
# it may tag a key as a top-level constant), no member of an object type
# (`type P = { a: T }` gives `P` alone), and nothing declared in a function body, however deep
# (`function outer() { function inner() {} class Local { m() {} } }` gives `outer` alone, while its
# JavaScript parser tags inner).
# Nor any member with a computed name (`readonly [TypeId]: T` in an interface, `[Symbol.iterator]()`
# in a class), which its JavaScript parser tags as `[Symbol.iterator]`.
# JavaScript: the ax side of is_ecmascript_local, the same rule on both sides: in a function body, a
# binding, an object literal's key or a field is a local, and so is a class or method whose line
# does not say `class` or `function` (the methods of an object built in a function, `var self = {
# add: function () {…} }`, count; its holder and plain keys do not).
DECLARES = re.compile(r"\b(class|function)\b")
UNTAGGED["javascript"] = lambda symbol, parent: symbol["inside_function"] and (
    symbol["kind"] in ("variable", "constant", "property", "field") or
    (symbol["kind"] in ("class", "method") and not DECLARES.search(symbol["signature"])))

UNTAGGED["typescript"] = lambda symbol, parent: parent is not None and (
    parent["kind"] in OBJECT_HOLDERS or parent["kind"] == "type" or symbol["inside_function"] or
    symbol["name"].startswith("["))

# Definitions ctags 5.9 skips though it tags their like, each a pattern on ax's signature with an
# example whose definition it does not tag (checked at run time, so a ctags that tags them counts
# them). JavaScript: a binding whose value starts with `Object` (`var objectProto =
# Object.prototype`), and a prototype member named get or set (`Hash.prototype.get = hashGet`: read
# as accessors). Elixir: an ExUnit test unless its name starts with a lower-case letter or `_` and
# holds only letters, digits, `_?!` and spaces, and `do` follows the name (`test "to_string/1"
# do`, `test "Unicode" do` and `test "x", %{conn: conn} do` give no tag); a guard whose name does
# not start with `is_` (`defguard positive(x) when x > 0`); `@macrocallback`; a record defined with
# `defrecord` imported, or whose name is not on the line of `Record.defrecord(`; a module defined
# with parentheses (`defmodule(Name, do: …)`); a macro named by a unary operator (`defmacro !value`).
CTAGS_BLIND = {
    "javascript": [
        (re.compile(r"^(?:var|let|const) [\w$]+ = Object\b"), "var C = Object.prototype;\n"),
        (re.compile(r"\.prototype\.(?:get|set) = "), "function C() {}\nC.prototype.get = f;\nC.prototype.x = f;\n"),
    ],
    "elixir": [
        (re.compile(r'^test[ \t(]+"(?![a-z_][A-Za-z0-9_?! ]*"[ \t)]*$)'), 'test "c/1" do\nend\ntest "C" do\nend\n'),
        (re.compile(r'^test[ \t(]+"[^"]*",'), 'test "c", context do\nend\n'),
        (re.compile(r"^defguardp?[ \t]+(?!is_)"), "defguard c(x) when x\n"),
        (re.compile(r"^@macrocallback\b"), "@macrocallback c(term) :: term\n"),
        (re.compile(r"^defrecordp?\b"), "defrecord :c, [:a]\n"),
        (re.compile(r"^Record\.defrecordp?\([ \t]*$"), "Record.defrecord(\n  :c,\n  a: 1\n)\n"),
        (re.compile(r"^(?:defmodule|defprotocol|defimpl)\("), "defmodule(C, do: nil)\n"),
        (re.compile(r"^defmacrop?[ \t]*[^\w \t(]"), "defmacro !c do\nend\n"),
    ],
}
# Per language: the example file's suffix, and whether a tag of an example is its definition (the
# JavaScript prototype example's `C` is a function, and `get` must be the untagged member).
BLIND_PROBES = {
    "javascript": (".js", lambda tag: tag.get("name") in ("C", "get") and
                   tag.get("kind") in ("variable", "method", "property")),
    "elixir": (".exs", lambda tag: True),  # each example holds nothing else
}


# Functions nested in a function body that ctags 5.9's JavaScript parser never tags, though it tags
# their like: a binding whose value is an arrow function (`const next = () => …` in a function
# gives nothing, `var next = function () {…}` a function scoped to it). Pattern on ax's signature,
# with an example whose `C` it does not tag (checked at run time).
CTAGS_BLIND_NESTED = {
    "javascript": [
        (re.compile(r"^(?:var|let|const) [\w$]+ = (?:async\s*)?(?:\([^)]*\)|[\w$]+)\s*=>"),
         "function outer() {\n  const C = () => 1;\n  return C;\n}\n"),
    ],
}


def ctags_tags_name(ctags, ctags_language, example, name):
    """Whether ctags tags `name` (any kind) in the source `example`."""
    with tempfile.NamedTemporaryFile("w", suffix=".js") as handle:
        handle.write(example)
        handle.flush()
        result = subprocess.run([ctags, "--output-format=json", f"--language-force={ctags_language}", "-f", "-",
                                 handle.name], capture_output=True, text=True)
    return any(json.loads(line).get("name") == name for line in result.stdout.split("\n") if line)


def untagged_rule(ctags, language, ctags_language):
    """The predicate of the ax symbols ctags leaves untagged: UNTAGGED's, and the CTAGS_BLIND and
    CTAGS_BLIND_NESTED patterns this ctags confirms."""
    nested = [pattern for pattern, example in CTAGS_BLIND_NESTED.get(language, [])
              if not ctags_tags_name(ctags, ctags_language, example, "C")]
    patterns = []
    suffix, is_definition = BLIND_PROBES.get(language, (None, None))
    for pattern, example in CTAGS_BLIND.get(language, []):
        with tempfile.NamedTemporaryFile("w", suffix=suffix) as handle:
            handle.write(example)
            handle.flush()
            result = subprocess.run([ctags, "--output-format=json", f"--language-force={ctags_language}", "-f", "-",
                                     handle.name], capture_output=True, text=True)
        tags = [json.loads(line) for line in result.stdout.split("\n") if line]
        if not any(is_definition(tag) for tag in tags):
            patterns.append(pattern)
    fixed = UNTAGGED.get(language)
    if not patterns and not nested:
        return fixed
    return lambda symbol, parent: ((fixed is not None and fixed(symbol, parent)) or
                                   any(pattern.search(symbol["signature"]) for pattern in patterns) or
                                   (symbol["inside_function"] and
                                    any(pattern.search(symbol["signature"]) for pattern in nested)))


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


# A test macro's invocation with its body (`TEST(suite, name) {` or `TEST_XML(name, "<x/>")` then `{`
# on the next line, the body closed by a `}` at column 0): its statements are a function body's.
# ctags' C++ parser reads few of them as functions (`TEST`), and tags the locals of the others as
# variables and their calls (`doc.append_child(x);`) as prototypes; ax reads the invocation as a
# function named after the macro at most. Neither side's tags from the invocation's line to the
# closing brace count.
TEST_MACRO_BODY = re.compile(r"^[A-Z][A-Z0-9_]*[ \t]*\(.*\)[ \t]*(?:\{[ \t]*)?\n(?:\{[ \t]*\n)?(?:.*\n)*?\}", re.M)


def test_macro_bodies(path):
    """The (first, last) line spans of the test macro bodies in a C or C++ file."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return []
    spans = []
    for match in TEST_MACRO_BODY.finditer(text):
        head = match.group(0).split("\n", 2)
        if not (head[0].rstrip().endswith("{") or (len(head) > 1 and head[1].strip() == "{")):
            continue
        first = text.count("\n", 0, match.start()) + 1
        spans.append((first, first + match.group(0).count("\n")))
    return spans


def ctags_definitions(ctags, language, files, mapping, local_spans, container_tags, excluded=None):
    """ctags' definitions; container_tags gets (line, key) of the members it tags per (path, class
    or object literal name)."""
    defs = collections.Counter()
    kinds = {}
    seen = set()
    guards = {}
    heredocs = {}
    for start in range(0, len(files), 500):
        batch = files[start:start + 500]
        result = subprocess.run([ctags, "--output-format=json", "--fields=+nK", f"--languages={language}",
                                 f"--language-force={language}", *CTAGS_OPTIONS.get(language, []), "-f", "-"] + batch,
                                capture_output=True, text=True, errors="surrogateescape")
        # One tag per "\n"-ended line: splitlines() would also split at a U+2028 inside a pattern.
        tags = [json.loads(line) for line in result.stdout.split("\n") if line]
        aggregates = {(tag["path"], f'{tag["kind"]}:{tag["name"]}') for tag in tags
                      if tag.get("_type") == "tag" and tag.get("kind") in ("struct", "union", "enum")}
        # A prototype of a function the same file defines (`static lu_mem atomic (lua_State *L);` before
        # its definition) announces that definition, which ax lists instead (queries/tags.scm of C; in
        # C++ a class lists its members' declarations, and ax too).
        defined = {(tag["path"], tag.get("scope"), tag["name"]) for tag in tags
                   if tag.get("_type") == "tag" and tag.get("kind") == "function"}
        for tag in tags:
            if language in ("C", "C++") and tag.get("kind") == "typedef" and is_own_tag_typedef(tag, aggregates):
                continue
            if excluded and excluded(tag["path"], tag.get("line", 0)):
                continue
            if language == "C" and tag.get("kind") == "prototype" and (tag["path"], tag.get("scope"), tag["name"]) in defined:
                continue
            if tag.get("_type") != "tag" or tag.get("kind") not in mapping or ANONYMOUS.match(tag["name"]):
                continue
            if tag["kind"] in BINDING_KINDS and tag.get("scopeKind") in FUNCTION_KINDS:
                continue  # a function's variable is a local, though some ctags parsers tag it
            if language == "TypeScript" and tag["kind"] == "alias" and not declares_alias(tag):
                continue
            if language == "TypeScript" and tag["kind"] in BINDING_KINDS and not declares_binding(tag):
                continue
            if language == "JavaScript" and restates_definition(tag):
                continue
            if language in ECMASCRIPT and (is_require_binding(tag) or
                                           is_ecmascript_local(tag, local_spans.get(tag["path"], ()))):
                continue
            if language == "Elixir" and not elixir_definition(tag, heredocs):
                continue
            if language in ("C", "C++") and tag["kind"] == "macro":
                if tag["path"] not in guards:
                    guards[tag["path"]] = include_guards(tag["path"])
                if tag["name"] in guards[tag["path"]]:
                    continue
            name = string_key_name(tag) if language in ECMASCRIPT else tag["name"]
            if language == "Elixir" and tag["kind"] in ("module", "protocol", "implementation"):
                name = name.rsplit(".", 1)[-1]
            key = (tag["path"], normalized(name))
            # One definition per name and line: ctags tags `res.json = function json()` twice (the
            # property and the function expression's own name).
            if (key, tag.get("line")) in seen:
                continue
            seen.add((key, tag.get("line")))
            defs[key] += 1
            kinds.setdefault(key, tag["kind"])
            if tag.get("scopeKind") == "class":  # object literals too, to ctags' JavaScript parser
                container_tags[(tag["path"], tag["scope"].rsplit(".", 1)[-1])].append((tag.get("line", 0), key))
    return defs, kinds


def is_own_tag_typedef(tag, aggregates):
    """`typedef struct TValue { … } TValue;`: ctags tags the struct and, on the closing line, the
    typedef naming it again (typeref `struct:TValue`); it is one definition, which ax lists once, as
    the struct. A typedef of a tag written apart from its body (`typedef struct lua_State
    lua_State;`), which ax lists as a type, stays."""
    return tag.get("typeref") == f'{tag.get("typeref", "").split(":", 1)[0]}:{tag["name"]}' and \
        (tag["path"], tag.get("typeref")) in aggregates and re.match(r"/\^\s*}", tag.get("pattern", "")) is not None


HEREDOC_OPEN = re.compile(r"(\"\"\"|\'\'\')\s*$")


def heredoc_lines(path):
    """The numbers of the lines inside an Elixir heredoc (`@doc \"\"\"` … `\"\"\"`, `~S\'\'\'` …):
    the opening quotes end a line, the closing ones start one."""
    inside, delimiter, lines = False, "", set()
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if inside:
                if line.lstrip().startswith(delimiter):
                    inside = False
                else:
                    lines.add(number)
            elif match := HEREDOC_OPEN.search(line):
                inside, delimiter = True, match.group(1)
    return lines


def elixir_definition(tag, heredocs):
    """Whether an Elixir tag of ctags' (a regex parser, blind to strings) is a definition: not one
    on a line of a heredoc (the code examples of documentation, the sources a test compiles), not a
    name built at compile time (`def unquote(name)(…)` gives `unquote`), and for a test its whole
    name (`test "with do-end blocks" do` gives `with`)."""
    if tag["path"] not in heredocs:
        heredocs[tag["path"]] = heredoc_lines(tag["path"])
    if tag.get("line") in heredocs[tag["path"]] or tag["name"] == "unquote":
        return False
    if tag["kind"] == "test":
        return re.search(r'\btest[ \t(]+"' + re.escape(tag["name"]) + '"', tag.get("pattern", "")) is not None
    return True


# A quoted string in a ctags pattern (whose own backslashes and slashes ctags escapes).
QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'" + r'|"((?:[^"\\]|\\.)*)"')
UNICODE_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})")
OTHER_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|\r\n|.)", re.S)
SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def utf16_joined(text):
    """Surrogate pairs (from \\uD83D\\uDE00) as the one character they encode."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def ctags_string_name(raw):
    """The name ctags 5.9 gives a key written as the string `raw`: \\u escapes decoded, any other
    escaped character kept without its backslash (`'\\xc0'` is `xc0`, `'c\\nd'` is `cnd`)."""
    text = UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), raw)
    return utf16_joined(re.sub(r"\\(.)", r"\1", text, flags=re.S))


def js_string_value(raw):
    """The value of the JavaScript string `raw` (what ax names a key written as a string)."""
    text = UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), raw)

    def other(match):
        escape = match.group(1)
        if escape[0] == "x" and len(escape) == 3:
            return chr(int(escape[1:], 16))
        if escape in ("\n", "\r", "\r\n", "\u2028", "\u2029"):
            return ""  # a line continuation
        return SIMPLE_ESCAPES.get(escape, escape)
    return utf16_joined(OTHER_ESCAPE.sub(other, text))


def string_key_name(tag):
    """The name of a tag for a key written as a string with escapes (`'\\xc0': 'A'`), as JavaScript
    reads it (`À`): ctags drops the backslash of every escape but \\u, a name no one looks up."""
    pattern = tag.get("pattern", "").replace("\\/", "/").replace("\\\\", "\\")
    if "\\" not in pattern:
        return tag["name"]
    for match in QUOTED.finditer(pattern):
        raw = match.group(1) if match.group(1) is not None else match.group(2)
        if "\\" in raw and ctags_string_name(raw) == tag["name"]:
            return js_string_value(raw)
    return tag["name"]


def declares_binding(tag):
    """Whether a TypeScript constant or variable tag's line declares it: `const x`, `let x: T`, a
    later declarator (`, y = 2`, or `  y = 2` on a line of its own), a name in a destructuring
    pattern. ctags 5.9's TypeScript parser also tags, as constants, the tail of a hexadecimal
    number (`const MASK = 0xff` gives `xff`), the type after `unique` (`const T: unique symbol`
    gives `symbol`), type parameters and types in a call signature (`<A, B>(f: (a: A) => B) =>
    STM.STM<B>` gives `A`, `B`, `STM`), the name after `as const,` in an array and a method after a
    computed one (`[Symbol.iterator]() {}` / `pipe() {`): names no line declares."""
    pattern = tag.get("pattern", "")
    name = re.escape(tag["name"])
    return re.search(r"(?:\b(?:const|let|var|using)\s+|,\s*|^/\^\s*)" + name + r"\s*(?:[=,;:!]|\$/$)", pattern) is not None or \
        re.search(r"\b(?:const|let|var|using)\s+[{\[][^=]*\b" + name + r"\b", pattern) is not None


def restates_definition(tag):
    """A JavaScript tag that names again what another line (or another tag of the line) defines:
    the class ctags 5.9 infers from an assignment to its prototype other than an object literal
    (`Context.prototype.run = function` and `moment.prototype = fn` each give a class `Context` /
    `moment`, the function or class declared elsewhere, if anywhere), and `exports` for
    `module.exports = function lookupFiles(…)` or `= class Application`, which it also tags by the
    value's own name (`module.exports = function () {}` gives neither)."""
    name = re.escape(tag["name"])
    pattern = tag.get("pattern", "")
    if tag["kind"] == "class" and re.match(r"/\^\s*" + name + r"\.prototype\b(?!\s*=\s*\{)", pattern):
        return True
    return tag["name"] == "exports" and re.match(
        r"/\^\s*module\.exports\s*=\s*(?:async\s+)?(?:function\b\s*\*?|class\s)\s*[\w$]", pattern) is not None


def declares_alias(tag):
    """Whether a TypeScript `alias` tag's line declares it (`type Id = string`, `type Box<T> =`):
    ctags 5.9 also reads `type X` in import and export lists (`import { type X, y }`) and the
    operator `satisfies` as aliases."""
    return re.search(r"\btype\s+" + re.escape(tag["name"]) + r"\s*(?:[<=]|\$/$)", tag.get("pattern", "")) is not None


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
    # Nor do they scope one in an anonymous function (`describe("x", () => { const client = … })`),
    # which no outline lists. A binding ctags leaves unscoped is module-level only when its
    # declaration starts the line: module-level code begins at column 0, block and function bodies
    # are indented (namespace members, the other indented definitions, are scoped by ctags). The
    # later names of one declaration (`var a = 1,\n    b = 2`) are indented wherever it stands.
    # A key of an object literal after a type annotation (`const config: Config = {` /
    # `  onError: null,`) is a constant to ctags' TypeScript parser: the line is no declaration.
    if kind in BINDING_KINDS and re.match(r"/\^[ \t]+" + re.escape(tag["name"]) + r"[ \t]*:", tag.get("pattern", "")):
        return True
    # A loop's binding (`for (const item of items)`) is a local wherever the loop stands.
    if (kind in BINDING_KINDS and "scope" not in tag and
            re.match(r"/\^(?:[ \t]+(?:const|let|var)\b|[ \t]*for[ \t]*\()", tag.get("pattern", ""))):
        return True
    line = tag.get("line", 0)
    return any(start < line <= end for start, end in spans)


# Constructs after which ctags 5.9's TypeScript or JavaScript parser tags nothing more of the class
# or object literal it is in (the container and its earlier members stay tagged), each with an
# example showing it. In a class: an optional or definite field (`x?: T`, `x!: T`), an empty-object
# constructor parameter default (`constructor(o = {})`), a field holding an arrow function
# (`f = () => …`), a member with a computed name (`[Symbol.iterator]() {}`), a method named
# `default`, `get` or `set`. In an object literal: a shorthand key (`{ a, b }` tags `a` only, with
# "ignoring null tag" warnings for the rest), any key of one assigned in a chain (`const proto
# = module.exports = { … }`), and a key named `get` or `set` (`set: function (owner, data) {…}`),
# in an object literal bound to a name or assigned to a prototype (a class to ax) alike.
MODIFIERS = r"(?:(?:public|private|protected|static|readonly|declare|override|abstract|accessor|async)\s+)*"
SHORTHAND_KEY = re.compile(r"(?m)^[ \t]*[\w$]+[ \t]*,?[ \t]*$")
CTAGS_DESYNC = {
    "TypeScript": [
        ("class", re.compile(r"(?m)^[ \t]*" + MODIFIERS + r"#?[\w$]+\s*\?\s*:"),
         "class C {\n  x?: number\n  after() {}\n}\n"),
        ("class", re.compile(r"(?m)^[ \t]*" + MODIFIERS + r"#?[\w$]+\s*!\s*:"),
         "class C {\n  x!: number\n  after() {}\n}\n"),
        ("class", re.compile(r"(?m)^[ \t]*" + MODIFIERS + r"(?:get\s+|set\s+|\*\s*)?\["),
         "class C {\n  [k]() {}\n  after() {}\n}\n"),
        ("class", re.compile(r"\bconstructor\s*\([^)]*=\s*\{\s*\}"),
         "class C {\n  constructor(o = {}) {\n  }\n  after() {}\n}\n"),
        ("class", re.compile(r"(?m)^[ \t]*" + MODIFIERS +
                             r"#?[\w$]+\s*(?::[^=\n]*)?=\s*(?:async\s+)?(?:\([^)]*\)|[\w$]+)\s*(?::[^=\n]*)?=>"),
         "class C {\n  f = () => 1\n  after() {}\n}\n"),
    ],
    "JavaScript": [
        ("class", re.compile(r"(?m)^[ \t]*(?:static\s+|async\s+)*default\s*\("),
         "class C {\n  default() {}\n  after() {}\n}\n"),
        ("class", re.compile(r"(?m)^[ \t]*(?:static\s+|async\s+)*set\s*\("),
         "class C {\n  set(a, b) {\n    return a;\n  }\n  after() {}\n}\n"),
        ("class", re.compile(r"(?m)^[ \t]*(?:static\s+|async\s+)*get\s*\("),
         "class C {\n  get(a, b) {\n    return a;\n  }\n  after() {}\n}\n"),
        ("object", SHORTHAND_KEY, "const C = {\n  a,\n  b,\n  after: 1\n}\n"),
        ("object", re.compile(r"^[^\n]*=[ \t]*[\w$.]+[ \t]*=[ \t]*\{"), "const C = module.exports = {\n  after: 1\n}\n"),
        ("object", re.compile(r"(?m)^[ \t]*(?:get|set)[ \t]*:"), "const C = {\n  set: 1,\n  after: 1\n}\n"),
        ("class", re.compile(r"(?m)^[ \t]*(?:get|set)[ \t]*:"),
         "C.prototype = {\n  set: function (a) {\n    return a;\n  },\n  after: function () {}\n}\n"),
    ],
}
def confirmed_desyncs(ctags, language):
    """The CTAGS_DESYNC (container, pattern) pairs whose example this ctags really loses `after` in."""
    confirmed = []
    suffix = ".ts" if language == "TypeScript" else ".js"
    for container, pattern, example in CTAGS_DESYNC.get(language, []):
        with tempfile.NamedTemporaryFile("w", suffix=suffix) as handle:
            handle.write(example)
            handle.flush()
            result = subprocess.run([ctags, "--output-format=json", "-f", "-", handle.name], capture_output=True,
                                    text=True)
        names = {json.loads(line).get("name") for line in result.stdout.split("\n") if line}
        if "C" in names and "after" not in names:
            confirmed.append((container, pattern))
    return confirmed


def desynced_members(ctags, language, members, container_tags):
    """The members neither side is measured on: in a class or object literal with a construct that
    stops ctags' parser (CTAGS_DESYNC), ax's members and ctags' tags scoped to it from that
    construct's line on (ctags tags nothing there, or parameters and locals as members). Returns
    the keys to take from ax's count and those to take from ctags'."""
    desyncs = confirmed_desyncs(ctags, language)
    containers = collections.defaultdict(list)
    for key, line, parent in members:
        kind = "class" if parent["kind"] == "class" else "object"
        containers[(key[0], parent["name"], parent["start_line"], parent["end_line"], kind)].append((key, line))
    ax_lost, ctags_lost = [], []
    sources = {}
    for (path, name, start, end, kind), contained in containers.items():
        patterns = [pattern for container, pattern in desyncs if container == kind]
        if not patterns:
            continue
        if path not in sources:
            with open(path, encoding="utf-8", errors="replace") as handle:
                sources[path] = handle.read().split("\n")
        text = "\n".join(sources[path][start - 1:end])
        found = [match.start() for match in (pattern.search(text) for pattern in patterns) if match]
        if not found:
            continue
        desync_line = start + text.count("\n", 0, min(found))
        ax_lost += [key for key, line in contained if line >= desync_line]
        ctags_lost += [key for line, key in container_tags.get((path, name), ()) if desync_line <= line <= end]
    return ax_lost, ctags_lost


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


def ax_definitions(ax, files, ax_kinds, untagged=None, members=None, rename=None, excluded=None):
    """ax's definitions, and per file the extents of its functions (see is_ecmascript_local);
    members, when given, gets (key, line, container symbol) for each member of a class or object
    literal counted."""
    defs = collections.Counter()
    kinds = {}
    seen = set()
    function_spans = collections.defaultdict(list)

    def visit(path, symbols, parent):
        for symbol in symbols:
            # Whether a function encloses the symbol, however deep (a class's method in a function).
            symbol["inside_function"] = parent is not None and (parent["kind"] in FUNCTION_LIKE or
                                                                parent["inside_function"])
            if symbol["kind"] in FUNCTION_LIKE:
                function_spans[path].append((symbol["start_line"], symbol["end_line"]))
            key = (path, normalized(rename(symbol) if rename else symbol["name"]))
            if (symbol["kind"] in ax_kinds and not (untagged and untagged(symbol, parent)) and
                    not (excluded and excluded(path, symbol["start_line"])) and
                    (key, symbol["start_line"]) not in seen):
                seen.add((key, symbol["start_line"]))
                defs[key] += 1
                kinds.setdefault(key, symbol["kind"])
                if members is not None and parent is not None and (parent["kind"] == "class" or
                                                                   parent["kind"] in OBJECT_HOLDERS):
                    members.append((key, symbol["start_line"], parent))
            visit(path, symbol["children"], symbol)

    for outline in ax_outlines(ax, files):
        visit(outline["path"], outline["symbols"], None)
    return defs, kinds, function_spans


def elixir_name(symbol):
    """ctags' Elixir parser names a module, protocol or implementation by its last dotted part
    (`defmodule Library.Catalog` is `Catalog`, `defimpl Library.Describable, for: Book` is
    `Describable`); ax by the full name (`Library.Describable.Book` for the implementation)."""
    name = symbol["name"]
    if symbol["kind"] == "impl":
        protocol = re.match(r"defimpl\s+([\w.]+)", symbol.get("signature", ""))
        name = protocol.group(1) if protocol else name
    if symbol["kind"] in ("module", "interface", "impl"):
        return name.rsplit(".", 1)[-1]
    return name


RENAME = {"elixir": elixir_name}

# ctags 5.9's JavaScript parser names a private member without its `#` (`#count() {}` is `count`),
# its TypeScript parser with it; checked at run time on this example.
PRIVATE_EXAMPLE = "class C {\n  #count() {}\n}\n"


def private_rename(ctags, language, ctags_language):
    """For a ctags that drops the `#` of a private member's name, the ax name read the same way."""
    if ctags_language not in ECMASCRIPT:
        return RENAME.get(language)
    if not ctags_tags_name(ctags, ctags_language, PRIVATE_EXAMPLE, "count"):
        return RENAME.get(language)
    return lambda symbol: symbol["name"][1:] if symbol["name"].startswith("#") else symbol["name"]


def compare(args, language, directory):
    extensions, ctags_language, mapping = LANGUAGES[language]
    files = files_of(directory, extensions)
    if not files:
        return None
    ax_kinds = set().union(*mapping.values())
    members = [] if ctags_language in ECMASCRIPT else None
    untagged = untagged_rule(args.ctags, language, ctags_language)
    excluded = None
    if language in ("c", "cpp"):
        macro_bodies = {path: test_macro_bodies(path) for path in files}
        excluded = lambda path, line: any(first <= line <= last for first, last in macro_bodies.get(path, ()))
    found, found_kinds, function_spans = ax_definitions(args.ax, files, ax_kinds, untagged, members,
                                                        private_rename(args.ctags, language, ctags_language), excluded)
    container_tags = collections.defaultdict(list)
    expected, expected_kinds = ctags_definitions(args.ctags, ctags_language, files, mapping, function_spans,
                                                 container_tags, excluded)
    if members:
        ax_lost, ctags_lost = desynced_members(args.ctags, ctags_language, members, container_tags)
        found.subtract(ax_lost)
        expected.subtract(ctags_lost)
        found += collections.Counter()  # drops the keys counted down to zero (or below)
        expected += collections.Counter()
    if language == "elixir":
        # The clauses of an Elixir function (`def run(%{}), do: …` / `def run(x), do: …`) are one
        # definition to ax and a tag each to ctags: a name counts once per file on both sides.
        found = collections.Counter(set(found))
        expected = collections.Counter(set(expected))
    matched = sum((expected & found).values())
    row = {
        "language": language, "corpus": os.path.basename(os.path.normpath(directory)), "files": len(files), "ctags": sum(expected.values()), "ax": sum(found.values()),
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
    # A language measured on several corpora also gets their total.
    by_language = collections.defaultdict(list)
    for r in rows:
        by_language[r["language"]].append(r)
    for language, group in by_language.items():
        if len(group) > 1:
            total = {key: sum(r[key] for r in group) for key in ("files", "ctags", "ax", "matched")}
            total.update(language=language, corpus="(total)", recall=total["matched"] / max(1, total["ctags"]),
                         precision=total["matched"] / max(1, total["ax"]))
            rows.insert(rows.index(group[-1]) + 1, total)
    print(f"{'language':<12} {'files':>6} {'ctags':>7} {'ax':>7} {'matched':>8} {'recall':>7} {'precision':>9}  corpus")
    for r in rows:
        print(f"{r['language']:<12} {r['files']:>6} {r['ctags']:>7} {r['ax']:>7} {r['matched']:>8} "
              f"{r['recall']:>7.3f} {r['precision']:>9.3f}  {r['corpus']}")
        for title in ("missed", "extra"):
            for example in r.get(title, []):
                print(f"    {title}: {example}")


if __name__ == "__main__":
    main()
