"""Shared fixtures: the package's tests run on the real dictionary (the
README's test command installs it) and real indexes of the shipped corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

import kosearch

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
REFERENCE = "corpus/000_bcc3dce22a5e3c6c.txt"


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> kosearch.Index:
    """An index of corpus/, built once for the session."""
    index = kosearch.Index.create(tmp_path_factory.mktemp("corpus") / "index")
    with index.writer() as writer:
        report = writer.index_files([CORPUS])
    assert report.documents == 265, report
    assert report.skipped == []
    return index


@pytest.fixture
def empty_index(tmp_path: Path) -> kosearch.Index:
    """A new, empty index."""
    return kosearch.Index.create(tmp_path / "index")
