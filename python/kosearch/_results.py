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
    """

    __slots__ = ("total", "facets", "unreadable")

    total: int
    facets: dict[str, list[tuple[str, int]]]
    unreadable: list[tuple[str, str]]

    def __init__(
        self,
        hits: list[Hit],
        total: int,
        facets: dict[str, list[tuple[str, int]]],
        unreadable: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(hits)
        self.total = total
        self.facets = facets
        self.unreadable = unreadable or []

    def __repr__(self) -> str:
        unreadable = f", unreadable={self.unreadable!r}" if self.unreadable else ""
        return (
            f"SearchResults(total={self.total}, hits={list.__repr__(self)}, facets={self.facets!r}{unreadable})"
        )
