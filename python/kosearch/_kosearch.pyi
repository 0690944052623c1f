"""Type stubs of the compiled module, kosearch._kosearch (see its docstrings
for the details: ``help(kosearch.Index)``)."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from os import PathLike
from types import TracebackType
from typing import Any, Final, Literal, TypedDict, final

from ._results import SearchResults

StrPath = str | PathLike[str]

__all__ = [
    "Index",
    "IndexWriter",
    "IndexingReport",
    "ReadNote",
    "Searcher",
    "Hit",
    "Passage",
    "Analyzer",
    "Token",
    "analyze",
    "install_dictionary",
    "dictionary_status",
    "DICTIONARY_VERSION",
    "__version__",
]

__version__: Final[str]
DICTIONARY_VERSION: Final[str]

class InstallReport(TypedDict):
    dir: str
    already_installed: bool
    source: str
    seconds: float
    size_bytes: int

class DictionaryStatus(TypedDict):
    dir: str
    installed: bool
    version: str | None
    size_bytes: int
    built_from: str | None
    problem: str | None

def install_dictionary(
    dir: StrPath | None = None,
    *,
    source: StrPath | None = None,
    force: bool = False,
    log: Callable[[str], object] | None = None,
) -> InstallReport:
    """Installs mecab-ko-dic 2.1.1 (once; a second call does nothing)."""

def dictionary_status(dir: StrPath | None = None) -> DictionaryStatus:
    """What is in the dictionary directory, without loading it."""

@final
class Token:
    """One index term of a text; ``start``/``end`` are character offsets."""

    @property
    def text(self) -> str: ...
    @property
    def surface(self) -> str: ...
    @property
    def pos(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def position(self) -> int: ...
    @property
    def kind(
        self,
    ) -> Literal["word", "compound", "compound_part", "reading", "abbreviation", "whole_word"]: ...

def analyze(text: str) -> list[Token]:
    """The index terms of ``text`` with the default settings."""

@final
class Analyzer:
    """The Korean analyzer with settings of its own; safe to share between threads."""

    def __new__(
        cls,
        *,
        decompound: Literal["mixed", "discard", "none"] = "mixed",
        tokenizer: Literal["morphological", "whitespace"] = "morphological",
        whole_words: bool = True,
        hanja_readings: bool = False,
        headline_abbreviations: bool = True,
        builtin_user_dictionary: bool = True,
        user_dictionaries: Sequence[StrPath] | None = None,
        dictionary: StrPath | None = None,
    ) -> Analyzer: ...
    def analyze(self, text: str) -> list[Token]: ...
    def __call__(self, text: str) -> list[Token]: ...

@final
class Passage:
    """A few sentences of an article around its matches; offsets in characters."""

    @property
    def text(self) -> str:
        """Exactly ``hit.body[start:end]``."""
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def highlights(self) -> list[tuple[int, int]]:
        """Character ranges in ``text`` to highlight: sorted, disjoint."""
    @property
    def highlighted(self) -> list[str]:
        """The highlighted words, in order."""

class PassageDict(TypedDict):
    text: str
    start: int
    end: int
    highlights: list[tuple[int, int]]

class HitDict(TypedDict):
    id: str
    title: str
    score: float
    published_at: datetime | None
    reporters: list[str]
    section: str | None
    source: str | None
    url: str | None
    passages: list[PassageDict]

@final
class Hit:
    """One matching article with its best passages."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def published_at(self) -> datetime | None:
        """Timezone-aware (Korea Standard Time when the source gave no zone)."""
    @property
    def reporters(self) -> list[str]: ...
    @property
    def section(self) -> str | None: ...
    @property
    def source(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def passages(self) -> list[Passage]:
        """The best passages of the body (1 to 3), best first."""
    @property
    def body(self) -> str:
        """The article body, which the passages' offsets point into."""
    def to_dict(self) -> HitDict: ...

Sort = Literal["relevance", "date"]
FacetName = Literal["section", "source", "reporter", "date"]

@final
class Searcher:
    """Searches an index; safe to use from several threads at once."""

    def search(
        self,
        query: str,
        limit: int = 10,
        offset: int = 0,
        *,
        sort: Sort = "relevance",
        facets: Sequence[FacetName] | None = None,
        recency_days: float | None = None,
        exact: bool = False,
    ) -> SearchResults: ...
    def document(self, id: str) -> dict[str, Any] | None: ...
    def reload(self) -> None: ...
    def __len__(self) -> int: ...

@final
class ReadNote:
    """A document skipped, or read with a change, by ``index_files``."""

    @property
    def path(self) -> str: ...
    @property
    def line(self) -> int | None: ...
    @property
    def id(self) -> str | None: ...
    @property
    def reason(self) -> str: ...

@final
class IndexingReport:
    """What an ``index_files`` call did."""

    @property
    def added(self) -> int: ...
    @property
    def updated(self) -> int: ...
    @property
    def unchanged(self) -> int: ...
    @property
    def documents(self) -> int: ...
    @property
    def skipped(self) -> list[ReadNote]: ...
    @property
    def notes(self) -> list[ReadNote]: ...
    @property
    def ignored_files(self) -> int: ...
    @property
    def bytes(self) -> int: ...
    @property
    def seconds(self) -> float: ...

@final
class IndexWriter:
    """Writes to an index; a context manager that commits on success."""

    def add(self, article: Mapping[str, Any]) -> None: ...
    def upsert(self, article: Mapping[str, Any]) -> Literal["added", "updated", "unchanged"]: ...
    def delete(self, id: str) -> bool: ...
    def commit(self) -> None: ...
    def index_files(
        self,
        paths: StrPath | Iterable[StrPath],
        *,
        include: Sequence[str] | None = None,
        exclude: Sequence[str] | None = None,
        max_document_size: int = ...,
        folder_in_ids: bool = True,
        progress: Callable[[IndexingReport], object] | None = None,
    ) -> IndexingReport: ...
    def close(self) -> None: ...
    def rollback(self) -> None: ...
    @property
    def closed(self) -> bool: ...
    def __len__(self) -> int: ...
    def __enter__(self) -> IndexWriter: ...
    def __exit__(
        self,
        exception_type: type[BaseException] | None,
        exception: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool: ...

@final
class Index:
    """An index directory, open; safe to share between threads."""

    @staticmethod
    def create(
        path: StrPath,
        *,
        analyzer: Analyzer | None = None,
        bigrams: bool = False,
        term_offsets: bool = True,
        dictionary: StrPath | None = None,
        exist_ok: bool = False,
    ) -> Index: ...
    @staticmethod
    def open(path: StrPath, *, dictionary: StrPath | None = None) -> Index: ...
    @staticmethod
    def exists(path: StrPath) -> bool: ...
    @property
    def path(self) -> str: ...
    @property
    def term_offsets(self) -> bool: ...
    def writer(
        self,
        *,
        threads: int = 0,
        memory_mb: int = 256,
        commit_every: int = 10_000,
        commit_interval: float = 30.0,
        fields: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    ) -> IndexWriter: ...
    def searcher(self) -> Searcher: ...
    def search(
        self,
        query: str,
        limit: int = 10,
        offset: int = 0,
        *,
        sort: Sort = "relevance",
        facets: Sequence[FacetName] | None = None,
        recency_days: float | None = None,
        exact: bool = False,
    ) -> SearchResults: ...
    def document(self, id: str) -> dict[str, Any] | None: ...
    def stats(self) -> dict[str, Any]: ...
    def optimize(self) -> int: ...
    def add_words(self, words: Sequence[str]) -> dict[str, Any]: ...
    def analyze(self, text: str) -> list[Token]: ...
    def __len__(self) -> int: ...
