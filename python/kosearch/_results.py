"""The results of a search: a list of hits, with the total and the facets."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._kosearch import Hit


class SearchResults(list["Hit"]):
    """The hits of a search, best first: a ``list`` of :class:`Hit`, with

    * ``total``: how many documents match (all of them, not only this page);
    * ``facets``: the counts asked for, ``{"section": [("행정", 12), …]}``,
      most frequent first (dates by month, in date order);
    * ``unreadable``: the ``(id, reason)`` of the matches of this page whose
      stored article could not be read back (damaged, or written by another
      program): left out of the hits, which are that many fewer, never
      failing the search. Indexing their source again rewrites them.
    * ``corrected_query``: the query searched instead of the one typed,
      when a word of it read as a slip (typed in the wrong keyboard mode,
      initial consonants, a jamo off); ``None`` otherwise, and always with
      ``exact=True``.
    """

    __slots__ = ("total", "facets", "unreadable", "corrected_query")

    total: int
    facets: dict[str, list[tuple[str, int]]]
    unreadable: list[tuple[str, str]]
    corrected_query: str | None

    def __init__(
        self,
        hits: list[Hit],
        total: int,
        facets: dict[str, list[tuple[str, int]]],
        unreadable: list[tuple[str, str]] | None = None,
        corrected_query: str | None = None,
    ) -> None:
        super().__init__(hits)
        self.total = total
        self.facets = facets
        self.unreadable = unreadable or []
        self.corrected_query = corrected_query

    def __repr__(self) -> str:
        unreadable = f", unreadable={self.unreadable!r}" if self.unreadable else ""
        corrected = f", corrected_query={self.corrected_query!r}" if self.corrected_query else ""
        return (
            f"SearchResults(total={self.total}, hits={list.__repr__(self)}, facets={self.facets!r}"
            f"{unreadable}{corrected})"
        )
