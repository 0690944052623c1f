"""kosearch against Kiwi (kiwipiepy) + bm25s, side by side in one Python process.

Kiwi + bm25s is the usual Korean retriever in Python (LangChain's Korean
BM25 examples): Kiwi cuts text into morphemes, bm25s ranks with BM25 over
them. Both sides are timed here on the same files, from the same process:

* indexing: from the compressed JSON Lines file to a searchable index, in
  MB/s of title and body text (UTF-8), with the peak memory (RSS) of the
  process while it runs;
* questions: the KLUE questions, one at a time, top 10: p50 / p95 / p99 in
  ms, kosearch with its passages and highlights (which Kiwi + bm25s lack),
  Kiwi + bm25s with its ranking only;
* MRR@10 on the KLUE retrieval collection (the questions' relevant passages
  among 60,000 Wikipedia paragraphs), computed as ``kosearch eval`` does.

Each collection is indexed by kosearch first (in a fresh process for the
first), then by Kiwi + bm25s; then, after a warm-up, the questions go to
both in turn, so that both see the same machine: first one question at a
time (each question finds the processor's caches as the other side's work
left them, as in a program that does other work between questions), then
``BLOCK`` at a time (as in a program that only searches). RSS is sampled every
20 ms; a side's peak is that of the whole process while it indexes.

    python python/bench/kiwi_bm25s.py [--docs-limit N] [--only kosearch|kiwi] [--no-klue] [--json FILE]

``python/README.md`` has the set-up (a virtualenv with kiwipiepy, bm25s and
zstandard, and this package), the command and the figures.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import zstandard

import kosearch

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
WIKI = SHARED / "kowiki-100k.jsonl.zst"
KLUE_DOCS = SHARED / "klue-hard.docs.jsonl.zst"
KLUE_QUERIES = SHARED / "klue-hard.queries.jsonl"
# Questions asked of a side in a row in the second timing: ten turns each
# over the 240 KLUE questions.
BLOCK = 24


# ----------------------------------------------------------------- measuring


def rss_mib() -> float:
    """The process's resident memory now, in MiB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class PeakRss:
    """The highest RSS seen while the block runs, sampled every 20 ms."""

    def __enter__(self) -> PeakRss:
        self.start = rss_mib()
        self.peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss_mib())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mib())


def percentiles(ms: list[float]) -> dict[str, float]:
    """p50, p95, p99 by nearest rank, as src/eval/metrics.rs computes them."""
    ordered = sorted(ms)

    def at(p: float) -> float:
        rank = max(1, -(-len(ordered) * p // 100))  # ceil
        return ordered[int(rank) - 1]

    return {"p50": at(50), "p95": at(95), "p99": at(99), "mean": statistics.fmean(ordered)}


def reciprocal_rank(ranked: list[str], relevant: list[str], k: int = 10) -> float:
    """1 / rank of the first relevant id among the first k, else 0 (src/eval/metrics.rs)."""
    for rank, doc_id in enumerate(ranked[:k], start=1):
        if doc_id in relevant:
            return 1.0 / rank
    return 0.0


# ------------------------------------------------------------------- inputs


def read_jsonl_zst(path: Path, limit: int | None) -> Iterator[dict]:
    """The first `limit` objects of a .jsonl.zst file (all with None)."""
    with open(path, "rb") as raw:
        reader = io.TextIOWrapper(zstandard.ZstdDecompressor().stream_reader(raw), encoding="utf-8")
        for n, line in enumerate(reader):
            if limit is not None and n >= limit:
                return
            yield json.loads(line)


def sample_file(path: Path, limit: int | None, work: Path) -> Path:
    """`path`, or its first `limit` lines in a .jsonl.zst of their own, so
    that both sides read the same documents from a file."""
    if limit is None:
        return path
    sample = work / f"{path.name.split('.')[0]}-{limit}.jsonl.zst"
    with open(sample, "wb") as out, zstandard.ZstdCompressor().stream_writer(out) as writer:
        for doc in read_jsonl_zst(path, limit):
            writer.write((json.dumps(doc, ensure_ascii=False) + "\n").encode())
    return sample


def text_bytes(doc: dict) -> int:
    return len(doc.get("title", "").encode()) + len(doc.get("body", "").encode())


def load_queries() -> list[dict]:
    with open(KLUE_QUERIES, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


# ----------------------------------------------------------------- kosearch


class Kosearch:
    name = "kosearch"

    def __init__(self, work: Path) -> None:
        self.work = work

    def build(self, docs: Path) -> dict:
        directory = Path(tempfile.mkdtemp(dir=self.work, prefix="kosearch-"))
        self.index = kosearch.Index.create(directory / "index")
        started = time.perf_counter()
        with self.index.writer() as writer:  # one thread per core, 256 MiB
            report = writer.index_files(docs)
        # One segment, as after any bulk load of an index searched much
        # more than it changes; its time counts as indexing.
        merging = time.perf_counter()
        self.index.optimize()
        seconds = time.perf_counter() - started
        assert not report.skipped, report.skipped[:3]
        return {"documents": report.documents, "bytes": report.bytes, "seconds": seconds,
                "merge_seconds": time.perf_counter() - merging}

    def forget(self) -> None:
        # A new searcher: its passage cache holds nothing the warm-up pass
        # analyzed, so the timed questions are as new to it as to bm25s.
        self.searcher = self.index.searcher()

    def ask(self, query: str) -> list[str]:
        return [hit.id for hit in self.searcher.search(query, limit=10)]

    def close(self) -> None:
        del self.searcher, self.index


# --------------------------------------------------------------- Kiwi + bm25s


class KiwiBm25s:
    """Kiwi morphemes (every form, as LangChain's Korean BM25 examples use
    them) into bm25s, Kiwi with one worker per core."""

    name = "Kiwi + bm25s"

    def __init__(self, work: Path) -> None:
        self.kiwi = None

    def load(self) -> None:
        """Kiwi's model, loaded at the first build (its memory is Kiwi's,
        its seconds are not indexing)."""
        if self.kiwi is None:
            from kiwipiepy import Kiwi

            self.kiwi = Kiwi(num_workers=os.cpu_count() or 1)

    def tokens(self, text: str) -> list[str]:
        return [token.form for token in self.kiwi.tokenize(text)]

    def build(self, docs: Path) -> dict:
        import bm25s

        self.load()
        started = time.perf_counter()
        ids: list[str] = []
        size = 0

        def texts() -> Iterator[str]:
            nonlocal size
            for doc in read_jsonl_zst(docs, None):
                ids.append(str(doc["id"]))
                size += text_bytes(doc)
                yield f"{doc.get('title', '')}\n{doc.get('body', '')}"

        # An iterable of texts: Kiwi tokenizes it on its worker threads.
        corpus_tokens = [[token.form for token in tokens] for tokens in self.kiwi.tokenize(texts())]
        self.retriever = bm25s.BM25()
        self.retriever.index(corpus_tokens, show_progress=False)
        del corpus_tokens
        self.ids = ids
        seconds = time.perf_counter() - started
        return {"documents": len(ids), "bytes": size, "seconds": seconds}

    def forget(self) -> None:
        pass  # nothing of a question is remembered

    def ask(self, query: str) -> list[str]:
        tokens = self.tokens(query) or [""]
        found, _ = self.retriever.retrieve([tokens], k=min(10, len(self.ids)), show_progress=False)
        return [self.ids[i] for i in found[0]]

    def close(self) -> None:
        del self.retriever, self.ids


# ------------------------------------------------------------ both sides


def build(engine, docs: Path) -> dict:
    """Indexes `docs` with `engine`: documents, bytes, seconds, MB/s, peak RSS."""
    gc.collect()
    with PeakRss() as memory:
        built = engine.build(docs)
    built["mb_per_s"] = built["bytes"] / 1e6 / built["seconds"]
    built["rss_before_mib"] = round(memory.start, 1)
    built["peak_rss_mib"] = round(memory.peak, 1)
    print(f"   {engine.name}: {built['documents']} documents, {built['bytes'] / 1e6:.1f} MB in "
          f"{built['seconds']:.1f} s: {built['mb_per_s']:.2f} MB/s, peak RSS {memory.peak:.0f} MiB "
          f"(from {memory.start:.0f})", flush=True)
    return built


def warm_up(engines: list, queries: list[dict]) -> None:
    """Every question once to each engine, untimed: brings the index files
    into memory."""
    for engine in engines:
        engine.forget()
        for query in queries:
            engine.ask(query["query"])


def ask_in_turn(engines: list, queries: list[dict], block: int) -> dict[str, tuple[list[float], list[list[str]]]]:
    """Every question once to each engine after ``forget`` (which drops what
    an engine remembers of earlier questions), the engines taking turns
    every `block` questions, their order swapped from one turn to the next:
    times in ms and rankings, by engine name.

    With ``block=1`` each question finds the processor's caches as the
    other engine left them (as in a program that does other work between
    questions); with a larger block, as its own previous question left them
    (as in a program that only searches)."""
    for engine in engines:
        engine.forget()
    results: dict[str, tuple[list[float], list[list[str]]]] = {e.name: ([], []) for e in engines}
    for turn, start in enumerate(range(0, len(queries), block)):
        for engine in engines if turn % 2 == 0 else engines[::-1]:
            for query in queries[start:start + block]:
                started = time.perf_counter()
                ranked = engine.ask(query["query"])
                results[engine.name][0].append((time.perf_counter() - started) * 1000)
                results[engine.name][1].append(ranked)
    return results


def run(engines: list, corpus: Path, queries: list[dict], judge: bool) -> dict[str, dict]:
    """Indexes `corpus` with each engine in turn, then asks the questions of
    all after a warm-up: first one question at a time in turn
    (``latency_ms``, and MRR@10 when `judge`), then `BLOCK` at a time
    (``latency_ms_in_blocks``)."""
    print(f"\n== {corpus.name}", flush=True)
    figures = {engine.name: {"indexing": build(engine, corpus)} for engine in engines}
    warm_up(engines, queries)
    for name, (times, rankings) in ask_in_turn(engines, queries, block=1).items():
        figures[name]["latency_ms"] = percentiles(times)
        line = f"   {name}: questions in turn p50 {figures[name]['latency_ms']['p50']:.2f} ms, p95 {figures[name]['latency_ms']['p95']:.2f} ms"
        if judge:
            figures[name]["mrr@10"] = statistics.fmean(
                reciprocal_rank(ranked, query["relevant_ids"]) for ranked, query in zip(rankings, queries)
            )
            line += f", MRR@10 {figures[name]['mrr@10']:.4f}"
        print(line, flush=True)
    for name, (times, _) in ask_in_turn(engines, queries, block=BLOCK).items():
        figures[name]["latency_ms_in_blocks"] = percentiles(times)
        print(f"   {name}: questions {BLOCK} at a time p50 {figures[name]['latency_ms_in_blocks']['p50']:.2f} ms, "
              f"p95 {figures[name]['latency_ms_in_blocks']['p95']:.2f} ms", flush=True)
    for engine in engines:
        engine.close()
    gc.collect()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs-limit", type=int, help="only the first N Wikipedia articles (both sides)")
    parser.add_argument("--only", choices=["kosearch", "kiwi"], help="run one side only")
    parser.add_argument("--no-klue", action="store_true", help="leave out the KLUE collection (MRR@10), for a quicker run")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    for path in (WIKI, KLUE_DOCS, KLUE_QUERIES):
        if not path.exists():
            print(f"skipped: {path} is not available (../shared/data)", file=sys.stderr)
            return 0
    queries = load_queries()
    work = Path(tempfile.mkdtemp(prefix="kosearch-bench-"))
    try:
        wiki = sample_file(WIKI, args.docs_limit, work)
        sides = {"kosearch": Kosearch, "kiwi": KiwiBm25s}
        engines = [make(work) for key, make in sides.items() if args.only in (None, key)]
        report = {
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load": os.getloadavg()},
            "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "wiki": wiki.name,
            "queries": len(queries),
            "wiki_runs": run(engines, wiki, queries, judge=False),
        }
        if not args.no_klue:
            report["klue_runs"] = run(engines, KLUE_DOCS, queries, judge=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["load_after"] = os.getloadavg()
    if len(engines) == 2:
        ko, kiwi = (report["wiki_runs"][engine.name] for engine in engines)
        report["ratios"] = {
            "indexing": ko["indexing"]["mb_per_s"] / kiwi["indexing"]["mb_per_s"],
            "p50": kiwi["latency_ms"]["p50"] / ko["latency_ms"]["p50"],
            "p95": kiwi["latency_ms"]["p95"] / ko["latency_ms"]["p95"],
            "p50_in_blocks": kiwi["latency_ms_in_blocks"]["p50"] / ko["latency_ms_in_blocks"]["p50"],
            "p95_in_blocks": kiwi["latency_ms_in_blocks"]["p95"] / ko["latency_ms_in_blocks"]["p95"],
        }
        ratios = report["ratios"]
        print(f"\nkosearch against Kiwi + bm25s on {wiki.name}: indexing {ratios['indexing']:.1f}x faster; "
              f"questions in turn p50 {ratios['p50']:.2f}x, p95 {ratios['p95']:.2f}x faster; "
              f"{BLOCK} at a time p50 {ratios['p50_in_blocks']:.2f}x, p95 {ratios['p95_in_blocks']:.2f}x faster", flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
