"""The results of a search: a list of hits, with the total and the facets."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._kosearch import Hit


class SearchResults(list["Hit"]):
    """The hits of a search, best first: a ``list`` of :class:`Hit`, with

    * ``total``: how many documents match (all of them, not only this page);
    * ``facets``: the counts asked for, ``{"section": [("행정", 12), …]}``,
      most frequent first (dates by month, in date order).
    """

    __slots__ = ("total", "facets")

    total: int
    facets: dict[str, list[tuple[str, int]]]

    def __init__(
        self,
        hits: list[Hit],
        total: int,
        facets: dict[str, list[tuple[str, int]]],
    ) -> None:
        super().__init__(hits)
        self.total = total
        self.facets = facets

    def __repr__(self) -> str:
        return f"SearchResults(total={self.total}, hits={list.__repr__(self)}, facets={self.facets!r})"
