"""Searching a real index of corpus/: the reference article's highlights,
passages and metadata, character offsets on non-ASCII text, options."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import kosearch
from conftest import CORPUS, REFERENCE

KST = timezone(timedelta(hours=9))


def reference_hit(results: kosearch.SearchResults) -> kosearch.Hit:
    for hit in results:
        if hit.id == REFERENCE:
            return hit
    raise AssertionError(f"the reference article is not among {[h.id for h in results]}")


def check_offsets(hit: kosearch.Hit) -> None:
    """A passage is the body between its offsets, and its highlights lie in it."""
    for passage in hit.passages:
        assert hit.body[passage.start : passage.end] == passage.text
        for start, end in passage.highlights:
            assert 0 <= start < end <= len(passage.text)
        assert passage.highlighted == [passage.text[s:e] for s, e in passage.highlights]


def test_the_reference_article_is_found_and_exactly_highlighted(corpus_index: kosearch.Index) -> None:
    # The expectations of the library's own test (tests/search.rs).
    for query, expected in [
        ("세종", {"세종"}),
        ("세종시", {"세종시"}),
        ("서울시와", {"서울시"}),
        ("고향사랑기부", {"고향사랑기부", "고향사랑", "기부"}),
        ('"인권 행정"', {"인권", "행정", "인권행정"}),
        ("정원도시", {"정원도시"}),
        ("협약", {"협약"}),
    ]:
        hit = reference_hit(corpus_index.search(query))
        spans = [word for passage in hit.passages for word in passage.highlighted]
        assert spans, query
        assert set(spans) <= expected, (query, spans)
        assert 1 <= len(hit.passages) <= 3
        check_offsets(hit)


def test_a_slip_is_corrected_and_shown_and_exact_searches_as_typed(corpus_index: kosearch.Index) -> None:
    results = corpus_index.search("tpwhdtl 협약")
    assert results.corrected_query == "세종시 협약"
    assert results[0].id == REFERENCE
    assert "corrected_query='세종시 협약'" in repr(results)
    typed = corpus_index.search("tpwhdtl 협약", exact=True)
    assert (typed.total, typed.corrected_query) == (0, None)
    assert corpus_index.searcher().search("세종시 협약").corrected_query is None


def test_a_question_finds_the_reference_article_with_its_metadata(corpus_index: kosearch.Index) -> None:
    results = corpus_index.search("세종시와 서울시가 맺은 협약은?")
    assert isinstance(results, list) and isinstance(results, kosearch.SearchResults)
    assert results.total >= 1
    hit = results[0]
    assert hit.id == REFERENCE
    assert hit.title == "[세종24시] 세종시-서울시, 상호 교류 강화 업무협약 체결"
    assert hit.reporters == ["이상욱"]
    assert hit.published_at == datetime(2023, 4, 10, 17, 2, tzinfo=KST)
    assert hit.published_at.utcoffset() == timedelta(hours=9)
    assert hit.score > 0
    assert hit.to_dict()["passages"][0]["text"] == hit.passages[0].text
    check_offsets(hit)


def test_offsets_count_characters_on_non_ascii_text(empty_index: kosearch.Index) -> None:
    # Characters of 1 to 4 bytes in UTF-8, before and between the matches.
    body = "Ａ𝒳🙂 é세종시는 😀😀 서울시와 협약을 맺었다. 다음 문장이다. 🙂🙂 협약 내용은 7가지다."
    with empty_index.writer() as writer:
        writer.add({"id": "offsets", "title": "🙂 제목", "body": body})
    hits = empty_index.search("서울시 협약")
    assert [hit.id for hit in hits] == ["offsets"]
    hit = hits[0]
    assert hit.body == body
    check_offsets(hit)
    words = [word for passage in hit.passages for word in passage.highlighted]
    assert "서울시" in words and "협약" in words
    passage = hit.passages[0]
    start, end = passage.highlights[0]
    assert body[passage.start + start : passage.start + end] in {"서울시", "협약"}


def test_options_sort_facets_paging(corpus_index: kosearch.Index) -> None:
    everything = corpus_index.search("국민", limit=20)
    assert everything.total > 20 and len(everything) == 20
    page = corpus_index.search("국민", limit=5, offset=5)
    assert [h.id for h in page] == [h.id for h in everything[5:10]]

    counted = corpus_index.search("국민", limit=0, facets=["section", "date"])
    assert len(counted) == 0 and counted.total == everything.total
    assert counted.unreadable == []  # every stored article of corpus/ reads back
    sections = counted.facets["section"]
    assert sections and all(isinstance(v, str) and n > 0 for v, n in sections)
    months = [month for month, _ in counted.facets["date"]]
    assert months == sorted(months)

    dated = corpus_index.search("국민", sort="date", limit=30)
    dates = [hit.published_at for hit in dated if hit.published_at is not None]
    assert dates == sorted(dates, reverse=True)
    assert corpus_index.search("국민", recency_days=365).total == everything.total


def test_stored_articles_and_stats(corpus_index: kosearch.Index) -> None:
    article = corpus_index.document(REFERENCE)
    assert article is not None
    assert article["published_at"] == datetime(2023, 4, 10, 17, 2, tzinfo=KST)
    assert article["reporters"] == ["이상욱"]
    assert "최민호" in article["body"]
    assert corpus_index.document("no such id") is None
    stats = corpus_index.stats()
    assert stats["documents"] == len(corpus_index) == 265
    petition = corpus_index.search("section:행정", limit=1)[0]
    assert petition.section == "행정"
    # The other fields of a JSON line are stored with the article.
    assert "num_agree" in (corpus_index.document(petition.id) or {})


def test_analyze_gives_character_offsets() -> None:
    text = "ＡＢＣ🙂 세종시와 서울시가 맺은 협약은?"
    tokens = kosearch.analyze(text)
    terms = [(t.text, t.pos, text[t.start : t.end]) for t in tokens]
    assert ("abc", "SL", "ＡＢＣ") in terms
    assert ("세종시", "NNP", "세종시") in terms
    assert ("협약", "NNG", "협약") in terms
    assert ("맺", "VV", "맺") in terms
    kinds = {t.kind for t in tokens}
    assert kinds <= {"word", "compound", "compound_part", "reading", "whole_word"}
    positions = [t.position for t in tokens]
    assert positions == sorted(positions)


def test_analyzers_with_other_settings() -> None:
    whole = kosearch.Analyzer(decompound="none")
    assert [t.text for t in whole("비정규직")] == ["비정규직"]
    parts = kosearch.Analyzer(decompound="discard")
    assert "비정규직" not in [t.text for t in parts("비정규직")]
    spaces = kosearch.Analyzer(tokenizer="whitespace")
    assert [t.text for t in spaces.analyze("서울시와 협약을")] == ["서울시와", "협약을"]


def test_an_index_keeps_its_analyzer(tmp_path) -> None:
    index = kosearch.Index.create(tmp_path / "i", analyzer=kosearch.Analyzer(decompound="none"))
    with index.writer() as writer:
        writer.add({"id": "1", "title": "비정규직 문제", "body": "비정규직 문제를 다룬다."})
    assert [t.text for t in index.analyze("비정규직")] == ["비정규직"]
    assert index.search("정규").total == 0
    assert kosearch.Index.open(tmp_path / "i").search("비정규직").total == 1


def test_an_index_without_term_offsets_finds_the_same_hits(
    corpus_index: kosearch.Index, tmp_path
) -> None:
    index = kosearch.Index.create(tmp_path / "i", term_offsets=False)
    with index.writer() as writer:
        writer.index_files([CORPUS])
    assert corpus_index.term_offsets and not index.term_offsets
    assert not any(path.suffix == ".offsets" for path in (tmp_path / "i").iterdir())
    assert not kosearch.Index.open(tmp_path / "i").term_offsets
    assert index.stats()["term_offsets"] is False and index.stats()["term_offsets_bytes"] == 0
    assert corpus_index.stats()["term_offsets"] is True
    assert 0 < corpus_index.stats()["term_offsets_bytes"] < corpus_index.stats()["size_bytes"]
    for query in ["세종시와 서울시가 맺은 협약은?", "고향사랑기부", '"인권 행정"']:
        with_, without = corpus_index.search(query), index.search(query)
        assert without.total == with_.total, query
        assert sorted(h.score for h in without) == sorted(h.score for h in with_), query
        hit = reference_hit(without)
        assert hit.passages, query
        check_offsets(hit)
