"""The exceptions kosearch raises: one class for each kind of failure of the
library (its ``Error`` variants), all under :class:`kosearch.Error`.

Each carries the library's message, which says what went wrong and what to
do about it; where the failure concerns a directory or file, ``path`` names
it.
"""

from __future__ import annotations


class Error(Exception):
    """Base of every exception kosearch raises; also raised as it is for
    failures inside the search library that fit no subclass."""

    path: str | None = None


class DictionaryError(Error):
    """The Korean dictionary cannot be used: damaged, failed to install, or a
    user dictionary with a bad row."""


class DictionaryMissingError(DictionaryError):
    """No dictionary where one was looked for:
    :func:`kosearch.install_dictionary` installs it."""


class UserDictionaryError(DictionaryError):
    """A user dictionary file has a bad row; ``line`` is its number (1-based)
    when known."""

    line: int | None = None


class _Message:
    """Shows the library's message, where :class:`OSError` would show its
    ``errno``, ``strerror`` and ``filename``."""

    args: tuple[object, ...]  # the exception's: this class is mixed into exceptions only

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class IndexMissingError(_Message, Error, FileNotFoundError):
    """No index in the directory: create one with :meth:`kosearch.Index.create`."""


class IndexLockedError(Error):
    """Another writer (in this or another process) holds the index's write
    lock; only one may write at a time."""


class IndexMismatchError(Error):
    """The index was built with other analysis settings (or another
    dictionary) than asked for; ``differences`` lists them."""

    differences: list[str] = []


class IndexChangedError(Error):
    """Words were added to the index's user dictionary (``kosearch dict add``)
    since this handle opened it, so it would write with the old analysis:
    open the index again with :meth:`kosearch.Index.open`."""


class IndexCorruptError(Error):
    """The index cannot be read: a file is missing or damaged."""


class DocumentUnreadableError(Error):
    """One stored article cannot be read back (damaged, or written by another
    program); ``id`` names it. The rest of the index is fine: indexing its
    source again rewrites it."""

    id: str | None = None


class QueryError(Error, ValueError):
    """The query cannot be run (it is too long)."""


class InvalidArgumentError(Error, ValueError):
    """An argument is invalid: an unknown facet or sort order, a bad glob
    pattern, an article without an id, a memory budget out of range."""


class AnalysisError(Error):
    """The morphological analyzer failed on some input."""


class IoError(_Message, Error, OSError):
    """Reading or writing a file failed; ``path`` names it, ``errno`` says
    why when the system gave a code."""


class ClosedError(Error, ValueError):
    """The writer was closed (or rolled back); open a new one with
    :meth:`kosearch.Index.writer`."""


__all__ = [
    "Error",
    "DictionaryError",
    "DictionaryMissingError",
    "UserDictionaryError",
    "IndexMissingError",
    "IndexLockedError",
    "IndexMismatchError",
    "IndexChangedError",
    "IndexCorruptError",
    "DocumentUnreadableError",
    "QueryError",
    "InvalidArgumentError",
    "AnalysisError",
    "IoError",
    "ClosedError",
]
