#!/usr/bin/env python3
"""Relevance of `ax find` against plain BM25 over the same index, on judged queries.

    scripts/bench/relevance/relevance.py run [--ax BUILD/ax] [--split tune|test|all] [--json] [--show]
                                             [--semantic] [--config KEY=VALUE]...
    scripts/bench/relevance/relevance.py generate --force     # rewrites the generated queries (don't)

The corpora (corpora.py) are three real code bases in Python, Go and JavaScript that the script
installs itself (apt-get, npm), copied with their doc comments blanked. The judged set is stored
beside this script and was fixed before any tuning:
  queries.tsv  id, class, text
  qrels.tsv    id, path, symbol, lines (first-last), grade (3 the answer, 2 an equally named
               definition, 1 related)
Classes:
  name   an identifier as a user half-remembers it: split into words, lower-cased, a word dropped,
         or a typo (the variant is in the id); seeded sample of documented definitions
  nl     the first sentence of a definition's doc comment, which is blanked in the indexed copy
  hand   questions written and judged by hand (class "hand" rows are kept by `generate`)
The nl class is answered from a copy with the doc comments blanked (otherwise the answer's own doc
would be the query: a leak); name and hand queries from a copy with the sources as shipped, doc
comments included, as a user's repository has them.
Split: a query is in the tune split when the first byte of sha1(id) is even, else test.

A result is judged by path, name and line: a symbol result whose name is the judged symbol and whose
line lies in the judged lines earns the judged grade; a text chunk that contains the judged first line
earns grade 1 (it shows the place, not the definition). MRR@10 and Recall@k count grade >= 2; nDCG@10
uses gain 2^grade - 1 over the ideal ordering of the judged grades. Both systems run as whole
processes (`ax find --json --limit 10`, the baseline with --rank bm25: Xapian BM25 as the index
scores it, no factors, no dedup), so the latency percentiles are what a user waits.
With --semantic the corpora are indexed with semantic.enabled (vectors trained on each copy) and a
third system, ax with semantic search on, comes first: its ratio columns compare it with ax without.
"""
import argparse
import hashlib
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import corpora  # noqa: E402

QUERIES = os.path.join(HERE, "queries.tsv")
QRELS = os.path.join(HERE, "qrels.tsv")
SEED = 11
PER_CLASS = 60  # generated queries per class and corpus
CLASSES = ["name", "nl", "hand"]
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


# --- generation -----------------------------------------------------------------------------------

def identifier_words(name):
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", spaced)
    return [w.lower() for w in re.split(r"[^A-Za-z0-9]+", spaced) if w]


def name_variant(name, rng):
    """(variant, query text) for a name query, or None when the name offers no such variant."""
    words = identifier_words(name)
    variants = ["split", "lower", "typo"] + (["drop"] if len(words) >= 3 else [])
    variant = rng.choice(variants)
    if variant == "split":
        return variant, " ".join(words)
    if variant == "lower":
        return variant, name.lower()
    if variant == "drop":
        kept = list(words)
        del kept[rng.randrange(len(kept))]
        return variant, " ".join(kept)
    text = name.lower()
    if len(text) < 6:
        return "split", " ".join(words)
    i = rng.randrange(1, len(text) - 2)  # swap two neighbours, not the first letter
    if text[i] == text[i + 1]:
        return "split", " ".join(words)
    return variant, text[:i] + text[i + 1] + text[i] + text[i + 2:]


def first_sentence(doc, name, limit=12):
    sentence = re.split(r"\.\s|\.$|\n\s*\n", doc.strip(), maxsplit=1)[0]
    words = WORD.findall(sentence)
    if words and words[0].lower() == name.lower():  # Go's "Fields splits ...": the name is no description
        words = words[1:]
    return words[:limit]


def generate(definitions):
    rng = random.Random(SEED)
    queries, qrels = [], []
    for corpus in sorted(definitions):
        defs = [d for d in definitions[corpus] if not d.name.startswith("_")]
        by_name = {}
        for d in defs:
            by_name.setdefault(d.name, []).append(d)

        def judge(qid, d, same_name):
            qrels.append((qid, d.path, d.name, f"{d.first}-{d.last}", 3))
            if same_name:
                for other in by_name[d.name]:
                    if other is not d:
                        qrels.append((qid, other.path, other.name, f"{other.first}-{other.last}", 2))

        pool = sorted(defs, key=lambda d: (d.path, d.first))
        rng.shuffle(pool)
        named = [d for d in pool if len(d.name) >= 4 and len(by_name[d.name]) <= 3][:PER_CLASS]
        for n, d in enumerate(named):
            variant, text = name_variant(d.name, rng)
            qid = f"{corpus}-name-{variant}-{n:03d}"
            queries.append((qid, "name", text))
            judge(qid, d, True)
        used = {id(d) for d in named}
        described = [d for d in pool if id(d) not in used and len(first_sentence(d.doc, d.name)) >= 4]
        for n, d in enumerate(described[:PER_CLASS]):
            qid = f"{corpus}-nl-{n:03d}"
            queries.append((qid, "nl", " ".join(first_sentence(d.doc, d.name))))
            judge(qid, d, False)
    return queries, qrels


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]


def write_generated(queries, qrels):
    hand_ids = set()
    old_queries, old_qrels = [], []
    if os.path.exists(QUERIES):
        old_queries = [q for q in read_tsv(QUERIES) if q[1] == "hand"]
        hand_ids = {q[0] for q in old_queries}
        old_qrels = [r for r in read_tsv(QRELS) if r[0] in hand_ids]
    with open(QUERIES, "w", encoding="utf-8") as f:
        f.write("# id\tclass\ttext\n")
        for row in queries + [tuple(q) for q in old_queries]:
            f.write("\t".join(row) + "\n")
    with open(QRELS, "w", encoding="utf-8") as f:
        f.write("# id\tpath\tsymbol\tlines\tgrade\n")
        for row in qrels + [tuple(r) for r in old_qrels]:
            f.write("\t".join(str(x) for x in row) + "\n")


# --- evaluation -----------------------------------------------------------------------------------

def split_of(qid):
    return "tune" if hashlib.sha1(qid.encode()).digest()[0] % 2 == 0 else "test"


def grade_of(hit, judged):
    for path, symbol, first, last, grade in judged:
        if hit["path"] != path:
            continue
        if hit["kind"] == "chunk":
            if hit["line"] <= first <= hit["end_line"]:
                return 1
        elif hit["name"] == symbol and first <= hit["line"] <= last:
            return grade
    return 0


def measures(grades, judged):
    first = next((i for i, g in enumerate(grades[:10], 1) if g >= 2), None)
    ideal = sorted((g for *_, g in judged), reverse=True)[:10]
    dcg = sum((2 ** g - 1) / math.log2(i + 1) for i, g in enumerate(grades[:10], 1))
    idcg = sum((2 ** g - 1) / math.log2(i + 1) for i, g in enumerate(ideal, 1))
    return {"rr": 1 / first if first else 0.0, "ndcg": min(1.0, dcg / idcg) if idcg else 0.0,
            "r1": 1.0 if first == 1 else 0.0, "r10": 1.0 if first else 0.0}


def run_query(ax, tree, text, extra):
    binary, *extra = extra if extra and os.path.sep in extra[0] else [ax, *extra]
    settings = [a for a in extra if a.startswith("--config=")]
    flags = [a for a in extra if not a.startswith("--config=")]
    start = time.perf_counter()
    out = subprocess.run([binary, *settings, "find", "--json", "--limit", "10", *flags, "--", *text.split()], cwd=tree,
                         capture_output=True, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    if out.returncode != 0:
        raise SystemExit(f"relevance: ax find failed on {text!r}: {out.stderr.strip()}")
    return json.loads(out.stdout), elapsed


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


def randomisation_p(a, b, rounds=10000, seed=5):
    """Two-sided paired randomisation test on the mean difference of per-query values."""
    diffs = [x - y for x, y in zip(a, b)]
    if not diffs:
        return 1.0
    observed = abs(sum(diffs))
    rng = random.Random(seed)
    extreme = 0
    for _ in range(rounds):
        if abs(sum(d if rng.random() < 0.5 else -d for d in diffs)) >= observed - 1e-12:
            extreme += 1
    return (extreme + 1) / (rounds + 1)


def bootstrap_ratio(a, b, rounds=2000, seed=7):
    """95% paired bootstrap interval of mean(a) / mean(b)."""
    rng = random.Random(seed)
    n, ratios = len(a), []
    for _ in range(rounds):
        picks = [rng.randrange(n) for _ in range(n)]
        sb = sum(b[i] for i in picks)
        if sb > 0:
            ratios.append(sum(a[i] for i in picks) / sb)
    return (percentile(ratios, 2.5), percentile(ratios, 97.5)) if ratios else (0.0, 0.0)


def summarise(rows, systems):
    """rows: [(qid, class, split, {system: measures})] -> nested report."""
    report = {}
    for split in ("tune", "test", "all") if len({r[2] for r in rows}) > 1 else ({r[2] for r in rows} or {"all"}):
        for cls in CLASSES + ["all"]:
            chosen = [r for r in rows if (split == "all" or r[2] == split) and (cls == "all" or r[1] == cls)]
            if not chosen:
                continue
            entry = {"queries": len(chosen)}
            for system in systems:
                entry[system] = {m: sum(r[3][system][m] for r in chosen) / len(chosen) for m in
                                 ("rr", "ndcg", "r1", "r10")}
            if len(systems) < 2:
                report.setdefault(split, {})[cls] = entry
                continue
            a = [r[3][systems[0]]["rr"] for r in chosen]
            b = [r[3][systems[1]]["rr"] for r in chosen]
            base = entry[systems[1]]["rr"]
            entry["mrr_ratio"] = entry[systems[0]]["rr"] / base if base else None
            entry["mrr_ratio_ci95"] = bootstrap_ratio(a, b)
            entry["p_randomisation"] = randomisation_p(a, b)
            report.setdefault(split, {})[cls] = entry
    return report


def run(args):
    ax = os.path.abspath(args.ax)
    queries = read_tsv(QUERIES)
    judged = {}
    for qid, path, symbol, lines, grade in read_tsv(QRELS):
        first, last = (int(x) for x in lines.split("-"))
        judged.setdefault(qid, []).append((path, symbol, first, last, int(grade)))
    work = args.work or tempfile.mkdtemp(prefix="ax-relevance-")
    os.makedirs(work, exist_ok=True)
    sources = corpora.ensure_sources(work)
    tree = os.path.join(work, "trees")
    definitions, fingerprint = corpora.prepare(sources, tree)
    shipped = os.path.join(work, "shipped")
    corpora.prepare(sources, shipped, blank=False)
    generated, _ = generate(definitions)
    stored = {q[0]: q[2] for q in queries if q[1] != "hand"}
    if {q[0]: q[2] for q in generated} != stored:
        print("relevance: warning: the installed packages differ from those the judged set was made from",
              file=sys.stderr)
    systems = {"ax": [f"--config={c}" for c in args.config], "bm25": ["--rank", "bm25"]}
    if args.semantic:  # first, so that the ratio columns compare it with ax's ranking without it
        systems = {"semantic": ["--config=semantic.enabled=true", *systems["ax"]], **systems}
    if args.no_baseline:  # tuning: the baseline does not change between runs
        del systems["bm25"]
    for label, binary in (c.split("=", 1) for c in args.compare):
        systems[label] = [os.path.abspath(binary)]
    wanted = [q for q in queries if args.split == "all" or split_of(q[0]) == args.split]
    rows, latency, shown = [], {s: [] for s in systems}, []
    for corpus, blanked in ((c, b) for c in sorted(corpora.BUILDERS) for b in (True, False)):
        root = os.path.join(tree if blanked else shipped, corpus)
        # With --semantic the index also makes the symbol vectors (the other systems leave them unused).
        # --config values reach the index too, so that index-time keys (index.chunk_lines) can be tuned.
        index = subprocess.run([ax, *(["--config=semantic.enabled=true"] if args.semantic else []),
                                *[f"--config={c}" for c in args.config], "index", "--quiet", root],
                               capture_output=True, text=True)
        if index.returncode != 0:
            raise SystemExit(f"relevance: ax index {root} failed: {index.stderr.strip()}")
        for qid, cls, text in wanted:
            if not qid.startswith(corpus + "-") or (cls == "nl") != blanked:
                continue
            per_system = {}
            for system, extra in systems.items():
                hits, elapsed = run_query(ax, root, text, extra)
                latency[system].append(elapsed)
                grades = [grade_of(h, judged.get(qid, [])) for h in hits]
                per_system[system] = measures(grades, judged.get(qid, []))
                if args.show:
                    shown.append(f"{qid}\t{system}\t{per_system[system]['rr']:.2f}\t{text}\t" +
                                 " | ".join(f"{h['kind']}:{h['name']}@{h['path']}:{h['line']}" for h in hits[:3]))
            rows.append((qid, cls, split_of(qid), per_system))
    names = list(systems)
    report = {"corpora": fingerprint, "queries": len(rows), "split": args.split,
              "latency_ms": {s: {"p50": percentile(v, 50), "p95": percentile(v, 95)} for s, v in latency.items()},
              "results": summarise(rows, names)}
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    if args.show:
        print("\n".join(shown))
    if args.json:
        print(json.dumps(report, indent=1))
        return
    print_table(report, names)


def print_table(report, names):
    print(f"{report['queries']} queries over corpora {report['corpora']}; whole-process latency:",
          ", ".join(f"{s} p50 {v['p50']:.1f} ms p95 {v['p95']:.1f} ms" for s, v in report["latency_ms"].items()))
    print(f"{'split':5} {'class':5} {'n':>4}  {'system':6} {'MRR@10':>7} {'nDCG@10':>8} {'R@1':>6} {'R@10':>6}"
          f"  {'MRR ratio [95% CI]':>22}  p")
    for split, classes in report["results"].items():
        for cls, e in classes.items():
            for k, system in enumerate(names):
                m = e[system]
                line = (f"{split:5} {cls:5} {e['queries']:4}  {system:6} {m['rr']:7.3f} {m['ndcg']:8.3f} "
                        f"{m['r1']:6.3f} {m['r10']:6.3f}")
                if k == 0 and e.get("mrr_ratio") is not None:  # ax against bm25
                    lo, hi = e["mrr_ratio_ci95"]
                    line += f"  {e['mrr_ratio']:5.2f}x [{lo:4.2f}, {hi:4.2f}]  {e['p_randomisation']:.4f}"
                print(line)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="rewrite the generated rows of queries.tsv and qrels.tsv")
    gen.add_argument("--force", action="store_true", help="the set is frozen: say so to overwrite it")
    gen.add_argument("--work", help="directory for the copies (default: a temporary one)")
    r = sub.add_parser("run", help="index the corpora and score ax against plain BM25")
    r.add_argument("--ax", default="build/ax")
    r.add_argument("--split", choices=["tune", "test", "all"], default="all")
    r.add_argument("--json", action="store_true")
    r.add_argument("--table", metavar="JSON", help="print the table of a report saved with --json, run nothing")
    r.add_argument("--show", action="store_true", help="print each query's reciprocal rank and top hits")
    r.add_argument("--work", help="keep the copies and indexes here (reused sources, faster reruns)")
    r.add_argument("--config", action="append", default=[], metavar="KEY=VALUE",
                   help="a configuration value for the ax system (ax -c KEY=VALUE), e.g. rank.name=2.5; "
                        "also given to ax index (index-time keys such as index.chunk_lines)")
    r.add_argument("--no-baseline", action="store_true", help="score ax alone (for tuning runs)")
    r.add_argument("--semantic", action="store_true",
                   help="also score ax with semantic search on (semantic.enabled), compared with ax without it")
    r.add_argument("--compare", action="append", default=[], metavar="LABEL=AX",
                   help="also score another ax binary's default ranking on the same index")
    args = parser.parse_args()
    if args.command == "generate":
        if os.path.exists(QUERIES) and not args.force:
            sys.exit("relevance: queries.tsv exists and is frozen (tuning depends on it); --force to rewrite")
        work = args.work or tempfile.mkdtemp(prefix="ax-relevance-")
        definitions, _ = corpora.prepare(corpora.ensure_sources(work), os.path.join(work, "trees"))
        write_generated(*generate(definitions))
        counts = {}
        for q in read_tsv(QUERIES):
            counts[q[1]] = counts.get(q[1], 0) + 1
        print("wrote", QUERIES, counts)
    elif args.table:
        with open(args.table, encoding="utf-8") as f:
            report = json.load(f)
        print_table(report, list(report["latency_ms"]))
    else:
        run(args)


if __name__ == "__main__":
    main()
