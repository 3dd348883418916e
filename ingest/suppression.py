"""Suppression of the public build's counts (the rules are in ingest/privacy.py).

1. Primary: small counts (privacy.is_small) and numerators over thin denominators (privacy.rate_too_thin).
2. Complementary: more cells are hidden until no suppressed cell can be narrowed below min_cell
   (privacy.is_protected), checked with the auditor's own feasible-range computation. The public build
   publishes whole weeks only and every relation stays inside one measure, so each week and measure is an
   independent part. A cheap pass first closes the obvious gaps (a relation with a single suppressed member,
   suppressed children of a published total holding fewer than min_cell); one feasible-range pass over
   everything then finds the parts that still leak, and only those are reworked. Complements are the smallest
   non-zero published cells of the relation a leak runs through (least information lost), else its total.
"""

from collections import defaultdict

import numpy as np
import pandas as pd

from ingest.auditor import SERIES, feasible_ranges, long_cells, relations
from ingest.privacy import is_protected, is_small, rate_too_thin
from ingest.schema import DENOMINATORS

PRIMARY_SMALL = "small_cell"
PRIMARY_THIN = "thin_denominator"
COMPLEMENT = "complement"


def suppress(tables: dict[str, pd.DataFrame], parents: dict[str, str], min_cell: int,
             min_denominator: int) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The tables with suppressed counts set to NULL, and one row per count cell saying whether and why it is
    suppressed (columns of auditor.long_cells plus `true_value` and `reason`)."""
    cells = long_cells(tables)  # tables are not suppressed yet: every value and denominator is the true one
    cells["true_value"] = cells["value"]
    reason = np.full(len(cells), None, dtype=object)
    thin = cells["measure"].isin(list(DENOMINATORS)) & rate_too_thin(cells["denominator"], min_denominator)
    reason[thin.to_numpy()] = PRIMARY_THIN
    reason[is_small(cells["true_value"], min_cell).to_numpy()] = PRIMARY_SMALL
    # Denominators first: a numerator's upper bound is its denominator only where that is published.
    for numerators in (False, True):
        stage = cells[cells["measure"].isin(list(DENOMINATORS)) == numerators]
        if numerators:
            stage = stage.assign(denominator=_published_denominators(cells, reason, stage))
        parts = [idx for idx in stage.groupby(["period_start", "period_end", "measure"], sort=False).indices.values()
                 if any(r is not None for r in reason[stage.index[idx]])]
        for idx in parts:
            rows = stage.index[idx]
            reason[rows] = _Part(stage.iloc[idx], reason[rows], parents, min_cell).close()
        ranges = feasible_ranges(_masked(stage, reason[stage.index]), parents, min_cell)
        leaking = set(ranges.index[~is_protected(ranges["low"], ranges["high"], min_cell)])
        for idx in parts:
            rows = stage.index[idx]
            if leaking.intersection(rows):
                reason[rows] = _Part(stage.iloc[idx], reason[rows], parents, min_cell).protect()
    cells["reason"] = reason
    suppressed = cells["reason"].notna()
    out = {}
    for name, df in tables.items():
        df = df.copy()
        mine = cells[(cells["table"] == name) & suppressed]
        for measure, rows in mine.groupby("measure")["row"]:
            df[measure] = df[measure].astype("Int64")
            df.loc[df.index[rows.to_numpy()], measure] = pd.NA
        out[name] = df
    return out, cells.drop(columns=["value"])


def _masked(cells: pd.DataFrame, reason: np.ndarray) -> pd.DataFrame:
    """The cells as the public sees them: suppressed values unknown."""
    return cells.assign(value=np.where(pd.isna(reason), cells["true_value"].to_numpy(), np.nan))


def _published_denominators(cells: pd.DataFrame, reason: np.ndarray, numerators: pd.DataFrame) -> np.ndarray:
    """Each numerator's denominator as the public sees it: NaN where that denominator is suppressed."""
    hidden = set(cells.loc[pd.notna(reason), ["table", "row", "measure"]].itertuples(index=False, name=None))
    keys = zip(numerators["table"], numerators["row"], numerators["measure"].map(DENOMINATORS))
    return np.where([key in hidden for key in keys], np.nan, numerators["denominator"].to_numpy())


class _Part:
    """The cells of one week and one measure, and the relations between them."""

    def __init__(self, part: pd.DataFrame, reason: np.ndarray, parents: dict[str, str], min_cell: int):
        self.part, self.parents, self.min_cell = part, parents, min_cell
        self.reason = reason.copy()
        self.value = part["true_value"].to_numpy()
        # A numerator over a published denominator of 0 is 0 for all to see: hiding it would protect nothing.
        self.hideable = (part["denominator"] != 0).to_numpy()
        at = {key: i for i, key in enumerate(part[SERIES].itertuples(index=False, name=None))}
        self.groups = [(at[p], [at[c] for c in children if c in at])
                       for p, children in relations(set(at), parents)]
        self.member_of = defaultdict(list)
        for g, (p, children) in enumerate(self.groups):
            for i in (p, *children):
                self.member_of[i].append(g)

    def close(self) -> np.ndarray:
        """Cheap pass: no relation may have exactly one suppressed member, and the suppressed children of a
        published total must hold at least min_cell between them."""
        reason, value = self.reason, self.value
        changed = True
        while changed:
            changed = False
            for g, (p, children) in enumerate(self.groups):
                hidden_children = [c for c in children if reason[c] is not None]
                if reason[p] is None:
                    if hidden_children and (len(hidden_children) == 1
                                            or value[hidden_children].sum() < self.min_cell):
                        changed |= self._hide_complement(g)
                elif not hidden_children:
                    changed |= self._hide_complement(g)
        return reason

    def protect(self) -> np.ndarray:
        """Hide complements until the auditor's ranges show every suppressed cell protected."""
        while True:
            self.close()
            ranges = feasible_ranges(_masked(self.part, self.reason), self.parents, self.min_cell)
            narrow = ranges.index[~is_protected(ranges["low"], ranges["high"], self.min_cell)]
            if not len(narrow):
                return self.reason
            added = False
            for i in (self.part.index.get_loc(label) for label in narrow):
                for g in self.member_of[i]:
                    added |= self._hide_complement(g, exclude=i)
            if not added:  # nothing left to hide around the leaks: hide the whole week of this measure
                self.reason[pd.isna(self.reason) & self.hideable] = COMPLEMENT

    def _hide_complement(self, g: int, exclude: int = -1) -> bool:
        """Hide the smallest non-zero published child of relation g, else its published total, else a
        published zero (a zero can pin a suppressed cell to zero, which discloses a rate of 0 %)."""
        p, children = self.groups[g]
        value = self.value
        for candidates in ([c for c in children if value[c] > 0], [p] if value[p] > 0 else [], children, [p]):
            open_cells = [c for c in candidates if self.reason[c] is None and self.hideable[c] and c != exclude]
            if open_cells:
                self.reason[min(open_cells, key=lambda c: value[c])] = COMPLEMENT
                return True
        return False
