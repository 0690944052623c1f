"""Retrieval for RAG: index a JSON Lines file, ask a question, and print the
passages an LLM would be given, each with its source.

    python python/examples/rag.py [FILE.jsonl] [QUESTION]

By default it indexes the 60 Wikipedia articles of corpus/kowiki.jsonl (one
JSON object a line: id, title, body, source) and asks who 백남준 was. The
index goes to a temporary folder; a real application keeps it
(``kosearch.Index.create("my-index", exist_ok=True)``) and indexes again only what
changed: re-indexing an unchanged file skips every article.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import kosearch

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FILE = ROOT / "corpus" / "kowiki.jsonl"
DEFAULT_QUESTION = "비디오 아트를 창시한 한국 출신 예술가는 누구인가?"


def context_for(index: kosearch.Index, question: str, passages: int = 5) -> list[dict[str, Any]]:
    """The best `passages` passages for `question`, across the top articles,
    with what a prompt needs to cite them."""
    chosen = []
    for hit in index.search(question, limit=passages):
        for passage in hit.passages:
            chosen.append(
                {
                    "text": passage.text,
                    "title": hit.title,
                    "source": " / ".join(filter(None, [hit.source, hit.url, hit.id])),
                    "score": hit.score,
                    # Where the matched words are, for showing the passage.
                    "highlighted": passage.highlighted,
                }
            )
    return chosen[:passages]


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FILE
    question = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_QUESTION
    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        index = kosearch.Index.create(Path(work) / "index")
        with index.writer() as writer:  # commits when the block ends
            report = writer.index_files(path)
        seconds = time.perf_counter() - started
        print(f"indexed {report.documents} articles ({report.bytes / 1e6:.1f} MB) in {seconds:.2f} s")
        for note in report.skipped:
            print(f"  skipped {note.path}:{note.line}: {note.reason}")

        print(f"\nQ: {question}\n")
        context = context_for(index, question)
        for n, item in enumerate(context, start=1):
            text = " ".join(item["text"].split())
            print(f"[{n}] {item['title']} ({item['source']}, score {item['score']:.2f})")
            print(f"    {text[:300]}{'…' if len(text) > 300 else ''}")
            print(f"    matched: {', '.join(dict.fromkeys(item['highlighted']))}")

        # The prompt an LLM would get: numbered passages it can cite.
        sources = "\n".join(f"[{n}] {item['text']}" for n, item in enumerate(context, start=1))
        prompt = f"다음 자료만 근거로 답하고, 근거의 번호를 밝히세요.\n\n{sources}\n\n질문: {question}"
        print(f"\n(a prompt of {len(prompt)} characters, {len(context)} passages)")


if __name__ == "__main__":
    main()
