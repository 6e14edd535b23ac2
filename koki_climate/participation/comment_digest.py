"""The digest of stored comments: the themes of :func:`~koki_climate.participation.digest.digest`,
counted per zone class and per category, so a planner sees *where* (which zone) and *what
kind* (water report, objection, …) each theme is.

With fewer than :data:`MIN_COMMENTS` comments there is nothing to digest: the smallest number
of themes the automatic choice tries is four, and themes of two or three comments each are
anecdotes, not themes; the result then says so (``problem``) instead of raising.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from koki_climate.errors import InputError
from koki_climate.participation.comments import CATEGORIES, Comment
from koki_climate.participation.digest import Digest, digest
from koki_climate.zoning.rules import ZONE_CLASSES

#: fewest comments a digest is made of (see the module docstring)
MIN_COMMENTS = 10
#: the column of comments without a (known) zone class
UNKNOWN_ZONE = "unknown"
#: the row of comments without any usable words (only stop words, emoji, …)
NO_THEME = -1


@dataclass
class CommentDigest:
    """Themes of the comments with their counts per zone class and category (rows: theme numbers)."""

    n_comments: int
    digest: Digest | None
    by_zone: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_category: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: why there is no digest: too few comments, or no comment has words to digest
    problem: Literal["too_few", "no_words"] | None = None
    needed: int = MIN_COMMENTS


def _counts(themes: list[int], values: list[str], columns: Sequence[str], rows: Sequence[int]) -> pd.DataFrame:
    table = pd.crosstab(pd.Series(themes, name="theme"), pd.Series(values, name=None))
    return table.reindex(index=list(rows), columns=list(columns), fill_value=0).astype(int)


def digest_comments(comments: Sequence[Comment], *, themes: int | str = "auto", seed: int = 0) -> CommentDigest:
    """Digest the comments' texts (ids: the comment ids) and count each theme per zone class and category."""
    n = len(comments)
    if n < MIN_COMMENTS:
        return CommentDigest(n, None, problem="too_few")
    try:
        result = digest([c.text for c in comments], ids=[str(c.id) for c in comments], themes=themes, seed=seed)
    except InputError:  # no comment has a word that is not a stop word
        return CommentDigest(n, None, problem="no_words")
    labels = [NO_THEME if a.theme is None else a.theme for a in result.assignments]
    rows = [theme.number for theme in result.themes] + ([NO_THEME] if NO_THEME in labels else [])
    known = set(ZONE_CLASSES.values())
    zones = [c.zone if c.zone in known else UNKNOWN_ZONE for c in comments]
    by_zone = _counts(labels, zones, [*ZONE_CLASSES.values(), UNKNOWN_ZONE], rows)
    by_category = _counts(labels, [c.category for c in comments], CATEGORIES, rows)
    return CommentDigest(n, result, by_zone, by_category)


__all__ = ["CommentDigest", "MIN_COMMENTS", "NO_THEME", "UNKNOWN_ZONE", "digest_comments"]
