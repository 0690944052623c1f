"""Writing: add, upsert, delete, commit, the context manager, reading files
with the CLI's readers, field maps."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

import kosearch

ARTICLE = {"id": "a1", "title": "세종시-서울시 협약", "body": "세종시는 서울시와 협력한다."}


def test_changes_are_seen_after_commit(empty_index: kosearch.Index) -> None:
    writer = empty_index.writer()
    writer.add(ARTICLE)
    assert len(writer) == 1
    assert empty_index.search("협약").total == 0
    writer.commit()
    assert empty_index.search("협약").total == 1
    # Compared with the index as the writer found it: a1 was not there.
    assert writer.upsert(ARTICLE) == "added"
    writer.close()
    writer = empty_index.writer()
    assert writer.upsert(ARTICLE) == "unchanged"
    assert writer.upsert({**ARTICLE, "body": "세종시는 서울시와 협약을 맺었다."}) == "updated"
    assert writer.upsert({**ARTICLE, "id": "a2"}) == "added"
    assert writer.delete("a2") is True
    assert writer.delete("a2") is False
    writer.close()
    assert writer.closed
    hits = empty_index.search("협약")
    assert [h.id for h in hits] == ["a1"]
    assert "협약을" in hits[0].body


def test_the_context_manager_commits_or_rolls_back(empty_index: kosearch.Index) -> None:
    with empty_index.writer() as writer:
        writer.add(ARTICLE)
    assert writer.closed and len(empty_index) == 1
    with pytest.raises(RuntimeError):
        with empty_index.writer() as writer:
            writer.add({**ARTICLE, "id": "a2"})
            raise RuntimeError("stop")
    assert len(empty_index) == 1
    # The lock was released either way.
    empty_index.writer().close()


def test_articles_are_read_like_json_lines(empty_index: kosearch.Index) -> None:
    with empty_index.writer(fields={"section": "분야"}) as writer:
        writer.add(
            {
                "id": 7,  # a number is an id too
                "content": "본문은 content에서 온다.",  # an alias of body
                "date": datetime(2023, 4, 10, 17, 2),  # no zone: Korea Standard Time
                "분야": "행정",
                "reporters": ["홍길동"],
                "extra": {"nested": [1, 2.5, None, True]},
            }
        )
        writer.add({"id": "d", "title": "날짜만", "body": "날짜만 있는 글", "published_at": date(2024, 1, 2)})
    article = empty_index.document("7")
    assert article is not None
    assert article["body"] == "본문은 content에서 온다."
    assert article["title"] == "본문은 content에서 온다."  # derived from the body
    assert article["published_at"].isoformat() == "2023-04-10T17:02:00+09:00"
    assert article["section"] == "행정"
    assert article["extra"] == {"nested": [1, 2.5, None, True]}
    assert empty_index.search("section:행정")[0].id == "7"
    assert (empty_index.document("d") or {})["published_at"].isoformat() == "2024-01-02T00:00:00+09:00"


def test_index_files_reports_what_it_skipped(empty_index: kosearch.Index, tmp_path: Path) -> None:
    data = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"id": "n1", "title": "첫 기사", "text_ko": "세종시 소식"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "n2", "title": "둘째 기사", "text_ko": "서울시 소식"}, ensure_ascii=False),
    ]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "ignored.csv").write_text("a,b\n")
    calls: list[kosearch.IndexingReport] = []
    with empty_index.writer(fields=[("body", "text_ko")]) as writer:
        report = writer.index_files(tmp_path, include=["*.jsonl"], progress=calls.append)
    assert (report.added, report.updated, report.unchanged, report.documents) == (2, 0, 0, 2)
    assert [(note.line, note.path) for note in report.skipped] == [(2, str(data))]
    assert "JSON" in report.skipped[0].reason
    assert report.bytes > 0 and report.seconds >= 0
    assert empty_index.search("서울시")[0].id == "n2"
    # A second run finds them unchanged.
    with empty_index.writer(fields={"body": "text_ko"}) as writer:
        again = writer.index_files([data])
    assert (again.added, again.updated, again.unchanged, len(again.skipped)) == (0, 0, 2, 1)


def test_index_files_names_ids_after_the_folder_unless_asked_not_to(tmp_path: Path) -> None:
    folder = tmp_path / "2023"
    folder.mkdir()
    (folder / "001.txt").write_text("세종시 협약\n세종시는 서울시와 협약을 맺었다.\n", encoding="utf-8")
    index = kosearch.Index.create(tmp_path / "index")
    with index.writer() as writer:
        writer.index_files([folder])
    assert [hit.id for hit in index.search("협약")] == ["2023/001.txt"]
    with index.writer() as writer:
        writer.delete("2023/001.txt")
        writer.index_files([folder], folder_in_ids=False)
    assert [hit.id for hit in index.search("협약")] == ["001.txt"]


def test_words_added_to_the_index_change_its_analysis(empty_index: kosearch.Index) -> None:
    with empty_index.writer() as writer:
        writer.add({"id": "a", "title": "아카이아", "body": "아카이아 섬의 아카이아 마을"})
        writer.add({"id": "b", "body": "카이아 마을"})
    # Without the word, 아카이아 is read as 아 + 카이아.
    assert sorted(hit.id for hit in empty_index.search("카이아", exact=True)) == ["a", "b"]
    report = empty_index.add_words(["아카이아"])
    assert report["added"] == ["아카이아"]
    assert (report["scanned"], report["reanalyzed"]) == (2, 1)
    assert [hit.id for hit in empty_index.search("카이아", exact=True)] == ["b"]
    hits = empty_index.search("아카이아")
    assert [hit.id for hit in hits] == ["a"]
    assert hits[0].passages[0].highlighted == ["아카이아", "아카이아"]
    assert [token.text for token in empty_index.analyze("아카이아섬")][:1] == ["아카이아"]
    # A word the index has already, a CSV line, and nothing at all.
    assert empty_index.add_words(["아카이아"])["added"] == []
    assert empty_index.add_words(["카이아섬,NNP"])["added"] == ["카이아섬"]
    with pytest.raises(kosearch.InvalidArgumentError, match="no words"):
        empty_index.add_words([])
