"""Threads: searches from several threads at once, and the GIL released
while the library indexes and searches."""

from __future__ import annotations

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


def test_the_gil_is_released_while_indexing(tmp_path) -> None:
    """Another Python thread runs while index_files works: with the GIL
    held for the whole call, it could not tick in the middle of it."""
    index = kosearch.Index.create(tmp_path / "index")
    ticks: list[float] = []
    stop = threading.Event()

    def tick() -> None:
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.001)  # gives the GIL up, and needs it back to go on

    ticker = threading.Thread(target=tick)
    ticker.start()
    with index.writer(threads=1, memory_mb=32) as writer:
        started = time.monotonic()
        report = writer.index_files(CORPUS)
        ended = time.monotonic()
    stop.set()
    ticker.join()
    assert report.documents == 265
    third = (ended - started) / 3
    assert any(started + third < t < ended - third for t in ticks), (started, ended, len(ticks))


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
