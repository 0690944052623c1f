"""kosearch: Korean full-text search with ranked, highlighted passages.

Korean text is analyzed by morphemes (mecab-ko-dic): particles and endings
are ignored, verbs match by stem, compound nouns match their parts. Results
are articles with their best passages and the matched words' character
ranges, which is what retrieval for an LLM needs.

>>> import kosearch
>>> kosearch.install_dictionary()              # once, a few seconds
>>> index = kosearch.Index.create("my-index")
>>> with index.writer() as writer:             # commits at the end of the block
...     writer.add({"id": "a1", "title": "세종시-서울시 협약", "body": "세종시는 서울시와 협력한다."})
>>> hits = index.search("서울시와의 협약")
>>> hits.total, hits[0].id, hits[0].passages[0].highlighted
(1, 'a1', ['서울시'])

Every error is a :class:`kosearch.Error`, one subclass per kind of failure.
"""

from ._errors import (
    AnalysisError,
    ClosedError,
    DictionaryError,
    DictionaryMissingError,
    DocumentUnreadableError,
    Error,
    IndexChangedError,
    IndexCorruptError,
    IndexLockedError,
    IndexMismatchError,
    IndexMissingError,
    InvalidArgumentError,
    IoError,
    QueryError,
    UserDictionaryError,
)
from ._kosearch import (
    DICTIONARY_VERSION,
    Analyzer,
    Hit,
    Index,
    IndexingReport,
    IndexWriter,
    Passage,
    ReadNote,
    Searcher,
    Token,
    __version__,
    analyze,
    dictionary_status,
    install_dictionary,
)
from ._results import SearchResults

__all__ = [
    "DICTIONARY_VERSION",
    "AnalysisError",
    "Analyzer",
    "ClosedError",
    "DictionaryError",
    "DictionaryMissingError",
    "DocumentUnreadableError",
    "Error",
    "Hit",
    "Index",
    "IndexChangedError",
    "IndexCorruptError",
    "IndexLockedError",
    "IndexMismatchError",
    "IndexMissingError",
    "IndexWriter",
    "IndexingReport",
    "InvalidArgumentError",
    "IoError",
    "Passage",
    "QueryError",
    "ReadNote",
    "SearchResults",
    "Searcher",
    "Token",
    "UserDictionaryError",
    "__version__",
    "analyze",
    "dictionary_status",
    "install_dictionary",
]
