"""Threads: searches from several threads at once, and the GIL released
while the library indexes and searches."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import kosearch
from conftest import CORPUS

QUERIES = ["세종시와 서울시가 맺은 협약은?", "국민 청원", "인권 행정", "고향사랑기부", "대한민국 헌법"]


def signature(results: kosearch.SearchResults) -> list[tuple[str, float, list[str]]]:
    return [(h.id, h.score, [p.text for p in h.passages]) for h in results]


def test_one_searcher_from_several_threads(corpus_index: kosearch.Index) -> None:
    searcher = corpus_index.searcher()
    expected = {query: signature(searcher.search(query)) for query in QUERIES}
    work = QUERIES * 8
    with ThreadPoolExecutor(max_workers=4) as pool:
        shared = list(pool.map(lambda q: signature(searcher.search(q)), work))
        via_index = list(pool.map(lambda q: signature(corpus_index.search(q)), work))
    assert shared == [expected[q] for q in work]
    assert via_index == [expected[q] for q in work]


# Run in a process of its own: with the GIL held, it would never end.
INDEX_A_PIPE = """
import json, os, sys, threading
import kosearch

index = kosearch.Index.create(sys.argv[1] + "/index")
pipe = sys.argv[1] + "/news.jsonl"
os.mkfifo(pipe)
line = json.dumps({"id": "piped", "title": "파이프", "body": "이름 있는 파이프로 읽은 기사 본문이다."}, ensure_ascii=False)

def write():
    with open(pipe, "w", encoding="utf-8") as out:
        out.write(line + "\\n")

writer_thread = threading.Thread(target=write)
writer_thread.start()
with index.writer(threads=1, memory_mb=32) as writer:
    report = writer.index_files([pipe])
writer_thread.join()
print(report.documents, len(report.skipped), [hit.id for hit in index.search("파이프")])
"""


def test_the_gil_is_released_while_indexing(tmp_path) -> None:
    """index_files reads a named pipe that another Python thread writes.
    The writer can run only if index_files gives the GIL up while it reads:
    held, each would wait for the other for ever. No timing decides the
    outcome (a test that looked for another thread's ticks in the middle
    of the call failed when the corpus took a few milliseconds)."""
    try:
        run = subprocess.run(
            [sys.executable, "-c", INDEX_A_PIPE, str(tmp_path)], capture_output=True, text=True, timeout=120
        )
    except subprocess.TimeoutExpired:
        raise AssertionError("index_files held the GIL while reading: the thread writing the pipe never ran") from None
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "1 0 ['piped']", run.stdout


def test_the_gil_is_released_while_searching(corpus_index: kosearch.Index) -> None:
    """With a switch interval longer than the test, Python hands the GIL
    from one thread to another only when a thread gives it up: another
    thread can run during a loop of searches only if the searches do."""
    searcher = corpus_index.searcher()
    ticks: list[float] = []
    stop = threading.Event()

    def tick() -> None:
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.0001)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(60)
    try:
        ticker = threading.Thread(target=tick)
        ticker.start()
        started = time.monotonic()
        for query in QUERIES * 10:
            searcher.search(query)
            corpus_index.search(query)
        ended = time.monotonic()
        stop.set()
        ticker.join()
    finally:
        sys.setswitchinterval(interval)
    during = [t for t in ticks if started < t < ended]
    assert len(during) >= 10, (len(during), len(ticks))


def test_searches_run_while_another_thread_writes(corpus_index: kosearch.Index, tmp_path) -> None:
    index = kosearch.Index.create(tmp_path / "index")
    done = threading.Event()
    totals: list[int] = []

    def search() -> None:
        while not done.is_set():
            totals.append(index.search("세종").total)

    reader = threading.Thread(target=search)
    reader.start()
    with index.writer() as writer:
        writer.index_files(CORPUS)
    done.set()
    reader.join()
    assert totals and totals == sorted(totals)
    assert index.search("세종").total == corpus_index.search("세종").total
