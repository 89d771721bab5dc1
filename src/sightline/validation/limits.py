"""How much of a child a file may hold before checking it would outgrow memory (decision 0014).

The DfE rules compare a child's rows with each other (a CIN plan with the child's other CIN
plans, a missing episode with the child's placements), so the work of a rule is the sum, over
children, of the pairs of a child's rows: a handful per child in a real return, but the square
of the rows of a child that a file repeats thousands of times. A file whose pairs exceed a bound
proportional to its size is refused before any rule runs, naming the heaviest child; a real
return is far inside it (its biggest child holds a few hundred rows).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

#: Pairs of a child's rows a file may hold: PAIRS_PER_ROW for each row it holds, and
#: PAIRS_ANY_FILE whatever its size (one child with a thousand rows in one table).
PAIRS_PER_ROW = 32
PAIRS_ANY_FILE = 1_000_000


@dataclass(frozen=True)
class Heaviest:
    """The file's pairs of a child's rows, its rows, and the child with most rows in a table."""

    pairs: int
    rows: int
    table: str
    child: object
    count: int
    first_row: int

    @property
    def limit(self) -> int:
        return PAIRS_PER_ROW * self.rows + PAIRS_ANY_FILE

    @property
    def too_heavy(self) -> bool:
        return self.pairs > self.limit


def weigh(frames: Mapping[str, pl.DataFrame], key: str) -> Heaviest:
    """Pairs of a child's rows, table by table (a pair across two tables is bounded by the
    pairs within each), with ``key`` the child's column (rows with none are one child)."""
    pairs = rows = 0
    heaviest = Heaviest(0, 0, "", None, 0, 0)
    for name, frame in frames.items():
        if key not in frame.columns or frame.height == 0:
            continue
        counts = (
            frame.select(key)
            .with_row_index("_at")
            .group_by(key)
            .agg(n=pl.len(), first=pl.col("_at").min())
        )
        n = pl.col("n").cast(pl.Int64)
        pairs += int(counts.select((n * n).sum()).item())
        rows += frame.height
        top = counts.sort("n", descending=True).row(0, named=True)
        if top["n"] > heaviest.count:
            heaviest = Heaviest(0, 0, name, top[key], top["n"], top["first"])
    return Heaviest(pairs, rows, heaviest.table, heaviest.child, heaviest.count, heaviest.first_row)
