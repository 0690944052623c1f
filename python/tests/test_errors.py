"""Errors are Python exceptions of one hierarchy, with the library's messages."""

from __future__ import annotations

from pathlib import Path

import pytest

import kosearch

ARTICLE = {"id": "a1", "title": "세종시-서울시 협약", "body": "세종시는 서울시와 협력한다."}


def test_no_index(tmp_path: Path) -> None:
    with pytest.raises(kosearch.IndexMissingError) as caught:
        kosearch.Index.open(tmp_path / "nothing")
    error = caught.value
    assert isinstance(error, kosearch.Error) and isinstance(error, FileNotFoundError)
    assert str(error) == (
        f"no index at {tmp_path / 'nothing'}: run `kosearch index` first"
        " (from Python: kosearch.Index.create(path))"
    )
    assert error.path == str(tmp_path / "nothing")


def test_one_writer_at_a_time(empty_index: kosearch.Index) -> None:
    writer = empty_index.writer()
    with pytest.raises(kosearch.IndexLockedError, match="locked by another"):
        empty_index.writer()
    writer.rollback()
    assert writer.closed
    with pytest.raises(kosearch.ClosedError):
        writer.add(ARTICLE)
    with pytest.raises(ValueError):  # ClosedError is a ValueError, as for closed files
        writer.commit()
    writer.close()  # closing twice does nothing
    empty_index.writer().close()


def test_bad_articles(empty_index: kosearch.Index) -> None:
    with empty_index.writer() as writer:
        writer.add(ARTICLE)
        with pytest.raises(kosearch.InvalidArgumentError, match="already in the index"):
            writer.add(ARTICLE)
        with pytest.raises(kosearch.InvalidArgumentError, match="needs an `id`"):
            writer.add({"title": "제목", "body": "본문"})
        with pytest.raises(TypeError, match="mapping"):
            writer.add(["not", "a", "mapping"])  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="object"):
            writer.add({**ARTICLE, "id": "x", "extra": object()})
        with pytest.raises(ValueError, match="not a JSON number"):
            writer.add({**ARTICLE, "id": "y", "score": float("nan")})
    # The failed adds left nothing behind.
    assert [hit.id for hit in empty_index.search("협약")] == ["a1"]


def test_bad_arguments(empty_index: kosearch.Index, tmp_path: Path) -> None:
    with pytest.raises(kosearch.InvalidArgumentError, match="unknown facet `colour`"):
        empty_index.search("협약", facets=["colour"])  # type: ignore[list-item]
    with pytest.raises(kosearch.InvalidArgumentError, match="sort"):
        empty_index.search("협약", sort="size")  # type: ignore[arg-type]
    with pytest.raises(kosearch.InvalidArgumentError, match="memory budget"):
        empty_index.writer(threads=4, memory_mb=20)
    with pytest.raises(kosearch.InvalidArgumentError, match="decompound"):
        kosearch.Analyzer(decompound="sometimes")  # type: ignore[arg-type]
    with pytest.raises(kosearch.InvalidArgumentError, match="already holds an index"):
        kosearch.Index.create(empty_index.path)
    with pytest.raises(kosearch.QueryError, match="1024"):
        empty_index.search(" ".join(["낱말"] * 1100))


def test_other_settings_are_refused(empty_index: kosearch.Index) -> None:
    with pytest.raises(kosearch.IndexMismatchError) as caught:
        kosearch.Index.create(empty_index.path, bigrams=True, exist_ok=True)
    assert caught.value.differences and "bigram" in str(caught.value)
    assert len(kosearch.Index.create(empty_index.path, exist_ok=True)) == 0


def test_no_dictionary(tmp_path: Path) -> None:
    with pytest.raises(kosearch.DictionaryMissingError) as caught:
        kosearch.Index.create(tmp_path / "index", dictionary=tmp_path / "no-dictionary")
    assert isinstance(caught.value, kosearch.DictionaryError)
    assert "kosearch.install_dictionary()" in str(caught.value)
    status = kosearch.dictionary_status(tmp_path / "no-dictionary")
    assert status["installed"] is False
    assert kosearch.dictionary_status()["installed"] is True
    assert kosearch.dictionary_status()["version"] == kosearch.DICTIONARY_VERSION


def test_bad_user_dictionary(tmp_path: Path) -> None:
    csv = tmp_path / "words.csv"
    csv.write_text("카카오뱅크,NNP\n잘못된,XYZ\n", encoding="utf-8")
    with pytest.raises(kosearch.UserDictionaryError) as caught:
        kosearch.Analyzer(user_dictionaries=[csv])
    assert caught.value.line == 2 and caught.value.path == str(csv)


def test_unreadable_input_is_an_os_error(empty_index: kosearch.Index, tmp_path: Path) -> None:
    with pytest.raises(kosearch.IoError) as caught:
        kosearch.Analyzer(user_dictionaries=[tmp_path / "missing.csv"])
    assert isinstance(caught.value, OSError) and caught.value.errno == 2
    assert str(tmp_path / "missing.csv") in str(caught.value)
    # A path that does not exist is skipped, not fatal, when reading files.
    with empty_index.writer() as writer:
        report = writer.index_files([tmp_path / "missing"])
    assert len(report.skipped) == 1 and "cannot read" in report.skipped[0].reason


def test_the_writer_is_not_usable_from_its_own_progress_callback(
    empty_index: kosearch.Index, tmp_path: Path
) -> None:
    data = tmp_path / "news.jsonl"
    data.write_text('{"id": "x", "body": "본문"}\n', encoding="utf-8")
    writer = empty_index.writer()

    def progress(report: kosearch.IndexingReport) -> None:
        writer.commit()  # would wait for index_files, which holds the writer

    # The first document is reported at once.
    with pytest.raises(kosearch.InvalidArgumentError, match="progress callback"):
        writer.index_files(data, progress=progress)
    writer.rollback()



def test_words_added_since_it_was_opened(tmp_path: Path) -> None:
    path = tmp_path / "index"
    index = kosearch.Index.create(path)
    with index.writer() as writer:
        writer.add({"id": "a", "title": "아카이아", "body": "아카이아 섬의 아카이아 마을"})
    other = kosearch.Index.open(path)
    index.add_words(["아카이아"])
    with pytest.raises(kosearch.IndexChangedError) as caught:
        other.writer()
    assert caught.value.path == str(path)
    assert str(caught.value).endswith("open it again (from Python: kosearch.Index.open(path))")
    with kosearch.Index.open(path).writer() as writer:
        writer.add({"id": "b", "body": "아카이아"})
    assert len(kosearch.Index.open(path)) == 2
