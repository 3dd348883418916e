"""The auditor: tries to recover every suppressed count of a public build from what the build publishes.

It reads the published counts as an attacker would, sets up every linear constraint they imply, and computes
the feasible range (lowest and highest possible value) of each suppressed cell by linear programming:

- each published count equals the sum of the unknown counts it covers;
- geography: a parent area's count is the sum of its children's (municipalities -> health-centre area ->
  prefecture, from the build's own `municipalities` table);
- categories: the groups of a dimension (age band, sex, ...) sum to the area's total;
- time: a longer window is the sum of the shorter windows inside it, and overlapping windows share their common
  part. Each series is cut at every window boundary it publishes, and the unknowns are those pieces;
- a suppressed numerator is at most its published denominator (fever <= respondents).

Tables are zero-filled by contract, so a cell missing from a relation counts as a published zero. A suppressed
cell is protected when its feasible range is at least `min_cell` wide; `audit` lists every cell that is not, every
published count in 1 .. min_cell - 1, every published numerator whose published denominator is below
`min_denominator`, and every table or column outside the public contract.
"""

import datetime as dt
import multiprocessing
import os
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import highspy
import numpy as np
import pandas as pd

from ingest.codes import PREFECTURE_AREA
from ingest.privacy import TOLERANCE, is_protected, is_small, rate_too_thin
from ingest.schema import DENOMINATORS, PUBLIC_COUNTS, PUBLIC_TABLES

SERIES = ["area_code", "dimension", "grp", "measure"]
ALL = "all"  # dimension and group of an area's total
PROCESSES = os.cpu_count() or 1
# Below this many independent parts per process, starting worker processes costs more than it saves.
PARALLEL_MIN_PARTS = 2000


@dataclass(frozen=True)
class Leak:
    """A suppressed cell whose feasible range is narrower than min_cell."""
    table: str
    period_start: dt.date
    period_end: dt.date
    area_code: str
    dimension: str
    grp: str
    measure: str
    low: float
    high: float

    def __str__(self) -> str:
        return f"{_where(self)}, can be narrowed to {self.low:g}..{self.high:g}"


@dataclass
class AuditReport:
    min_cell: int
    min_denominator: int
    published_cells: int = 0
    suppressed_cells: int = 0
    small_cells: list[str] = field(default_factory=list)
    small_denominators: list[str] = field(default_factory=list)
    contract: list[str] = field(default_factory=list)
    leaks: list[Leak] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.small_cells or self.small_denominators or self.contract or self.leaks)

    def problems(self) -> list[str]:
        return [*self.contract, *self.small_cells, *self.small_denominators, *map(str, self.leaks)]


def audit(path: str | Path, min_cell: int | None = None, min_denominator: int | None = None) -> AuditReport:
    """Audit the public build at `path` (thresholds from its build_info unless given)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        info = con.execute("SELECT min_cell, min_denominator FROM build_info").fetchall()[0]
        report = AuditReport(min_cell or info[0], min_denominator or info[1])
        report.contract = _contract_problems(con)
        tables = {name: con.execute("SELECT * FROM query_table($name)", {"name": name}).df()
                  for name in _count_tables(con)}
        parents = dict(con.execute(
            "SELECT municipality_code, area_code FROM municipalities UNION ALL "
            "SELECT area_code, $prefecture FROM health_center_areas", {"prefecture": PREFECTURE_AREA}).fetchall())
    finally:
        con.close()
    cells = long_cells(tables)
    published = cells["value"].notna()
    report.published_cells, report.suppressed_cells = int(published.sum()), int((~published).sum())
    small = cells[published & is_small(cells["value"], report.min_cell)]
    report.small_cells = [f"{_where(c)}: published count {c.value:g} is below min_cell {report.min_cell}"
                          for c in small.itertuples()]
    thin = cells[published & rate_too_thin(cells["denominator"], report.min_denominator)]
    report.small_denominators = [
        f"{_where(c)}: numerator published over a denominator of {c.denominator:g} (< {report.min_denominator})"
        for c in thin.itertuples()]
    ranges = feasible_ranges(cells, parents, report.min_cell)
    # A numerator over a published denominator of 0 is 0 for all to see: there is nothing to protect.
    narrow = ranges[~is_protected(ranges["low"], ranges["high"], report.min_cell) & (ranges["denominator"] != 0)]
    report.leaks = [Leak(c.table, c.period_start, c.period_end, c.area_code, c.dimension, c.grp, c.measure,
                         round(c.low, 6), round(c.high, 6)) for c in narrow.itertuples()]
    return report


def _where(cell) -> str:
    group = "" if cell.dimension == ALL else f" {cell.dimension}={cell.grp}"
    return f"{cell.table}: {cell.measure} of {cell.area_code}{group}, {cell.period_start}..{cell.period_end}"


def _count_tables(con) -> list[str]:
    """Tables holding survey counts: every table with a period and an area, whatever its name."""
    rows = con.execute("SELECT table_name, list(column_name) FROM duckdb_columns() WHERE NOT internal GROUP BY table_name").fetchall()
    return sorted(name for name, columns in rows if {"period_start", "period_end", "area_code"} <= set(columns))


def _contract_problems(con) -> list[str]:
    """Tables and columns outside PUBLIC_TABLES, and any time finer than a day."""
    problems = []
    rows = con.execute("SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE NOT internal "
                       "ORDER BY table_name, column_index").fetchall()
    for table, column, data_type in rows:
        allowed = {name: kind for name, kind, _ in PUBLIC_TABLES.get(table, [])}
        if table not in PUBLIC_TABLES:
            problems.append(f"{table}: table is not part of the public build")
            allowed = None
        elif column not in allowed:
            problems.append(f"{table}.{column}: column is not part of the public build")
        if data_type.startswith(("TIMESTAMP", "TIME")) and not (table == "build_info" and column == "built_at"):
            problems.append(f"{table}.{column}: time finer than a day ({data_type})")
    return sorted(set(problems))


def long_cells(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per published or suppressed count: table, row, period, series keys, value (NaN = suppressed),
    and the value of the same row's denominator (NaN when the measure has none or it is suppressed)."""
    frames = []
    for name, df in tables.items():
        measures = [m for m in PUBLIC_COUNTS if m in df.columns]
        keys = df[["period_start", "period_end", "area_code"]].copy()
        keys["dimension"] = df["dimension"] if "dimension" in df else ALL
        keys["grp"] = df["grp"].astype(str) if "grp" in df else ALL
        keys["table"], keys["row"] = name, np.arange(len(df))
        for measure in measures:
            part = keys.copy()
            part["measure"] = measure
            part["value"] = df[measure].astype("float64").to_numpy()
            denominator = DENOMINATORS.get(measure)
            part["denominator"] = (df[denominator].astype("float64").to_numpy()
                                   if denominator in df else np.nan)
            frames.append(part)
    columns = ["table", "row", "period_start", "period_end", *SERIES, "value", "denominator"]
    if not frames:
        return pd.DataFrame(columns=columns)
    cells = pd.concat(frames, ignore_index=True)[columns]
    # Plain Python strings: the systems are built by iterating rows, which is slow over Arrow-backed strings.
    cells[["table", *SERIES]] = cells[["table", *SERIES]].astype(object)
    for column in ("period_start", "period_end"):
        cells[column] = pd.to_datetime(cells[column]).dt.date
    return cells


def relations(series: set[tuple], parents: dict[str, str]) -> list[tuple[tuple, list[tuple]]]:
    """(parent series, child series) pairs whose counts must add up: geography (children of an area in
    `parents`) and categories (the groups of a dimension add up to the area's total)."""
    children_of = defaultdict(list)
    for child, parent in parents.items():
        children_of[parent].append(child)
    dims = defaultdict(list)  # (area, dimension, measure) -> groups
    for area, dimension, grp, measure in series:
        if dimension != ALL:
            dims[(area, dimension, measure)].append(grp)
    found = []
    for key in sorted(series):
        area, dimension, grp, measure = key
        children = [(c, dimension, grp, measure) for c in sorted(children_of.get(area, []))]
        if any(child in series for child in children):
            found.append((key, children))
        if dimension == ALL:
            for (d_area, d, d_measure), groups in sorted(dims.items()):
                if d_area == area and d_measure == measure:
                    found.append((key, [(area, d, g, measure) for g in sorted(groups)]))
    return found


def feasible_ranges(cells: pd.DataFrame, parents: dict[str, str], min_cell: int) -> pd.DataFrame:
    """The suppressed cells of `cells` (see long_cells) with values `low` and `high` consistent with every
    published cell and relation: the exact range where it is narrower than min_cell (high is inf when
    unbounded), else two values at least min_cell apart."""
    system = _System(cells.reset_index(drop=True), parents)
    positions = np.flatnonzero(cells["value"].isna().to_numpy())
    hidden = cells.iloc[positions].copy()
    bounds = system.solve([system.cell_vars[i] for i in positions],
                          [_bound(row) for row in hidden.itertuples()], min_cell)
    hidden["low"], hidden["high"] = bounds[:, 0], bounds[:, 1]
    return hidden


def _bound(cell) -> float:
    return cell.denominator if cell.denominator == cell.denominator else np.inf


class _System:
    """The unknowns (pieces of each series between consecutive window boundaries) and the equations."""

    def __init__(self, cells: pd.DataFrame, parents: dict[str, str]):
        self.n_vars = 0
        self.cell_vars: dict[int, list[int]] = {}
        self.rows: list[tuple[list[int], list[float], float]] = []  # equations: vars, coefficients, right side
        series_cuts: dict[tuple, list[int]] = {}
        series_vars: dict[tuple, dict[int, int]] = {}  # series -> piece start (ordinal) -> var
        start = cells["period_start"].map(dt.date.toordinal).to_numpy()
        end = cells["period_end"].map(dt.date.toordinal).to_numpy() + 1
        grouped = cells.groupby(SERIES, sort=False).indices
        for key, idx in grouped.items():
            cuts = sorted(set(start[idx]) | set(end[idx]))
            covered = np.zeros(len(cuts) - 1, dtype=bool)
            pos = {c: i for i, c in enumerate(cuts)}
            for i in idx:
                covered[pos[start[i]]:pos[end[i]]] = True
            pieces = {}
            for k in np.flatnonzero(covered):
                pieces[cuts[k]] = self.n_vars
                self.n_vars += 1
            series_cuts[key], series_vars[key] = cuts, pieces
            for i in idx:
                self.cell_vars[i] = [pieces[c] for c in cuts[pos[start[i]]:pos[end[i]]]]
        values = cells["value"].to_numpy()
        for i, vars_ in self.cell_vars.items():
            if not np.isnan(values[i]):
                self.rows.append((vars_, [1.0] * len(vars_), float(values[i])))
        for parent, children in relations(set(grouped), parents):
            self._add_relation(parent, children, series_cuts, series_vars)

    def _add_relation(self, parent, children, series_cuts, series_vars) -> None:
        """parent = sum of children over every block both sides cover (blocks: the boundaries all share)."""
        present = [c for c in children if c in series_cuts]
        common = set(series_cuts[parent])
        for child in present:
            common &= set(series_cuts[child])
        common = sorted(common)
        for lo, hi in zip(common, common[1:]):
            sides = []
            for key in (parent, *present):
                cuts = series_cuts[key]
                starts = [c for c in cuts[cuts.index(lo):cuts.index(hi)]]
                if not all(c in series_vars[key] for c in starts):
                    break
                sides.append([series_vars[key][c] for c in starts])
            else:
                vars_ = sides[0] + [v for side in sides[1:] for v in side]
                coefs = [1.0] * len(sides[0]) + [-1.0] * (len(vars_) - len(sides[0]))
                self.rows.append((vars_, coefs, 0.0))

    def solve(self, objectives: list[list[int]], upper: list[float], min_width: float) -> np.ndarray:
        """For each objective (a cell: the sum of its vars, at most its upper bound) a low and a high value it
        can take. Exact for a cell whose range is narrower than min_width; for a wider one, two values it can
        take that are at least min_width apart (enough to show it is protected, and far fewer programs)."""
        fixed = self._propagate()
        result = np.empty((len(objectives), 2))
        sets = _DisjointSets(self.n_vars)
        for vars_, _, _ in self.rows:
            sets.join(vars_)
        reduced = []
        for vars_ in objectives:
            free = [v for v in vars_ if v not in fixed]
            reduced.append((free, sum(fixed[v] for v in vars_ if v in fixed)))
            sets.join(free)
        rows_of = defaultdict(list)
        for row in self.rows:
            rows_of[sets.find(row[0][0])].append(row)
        objectives_of = defaultdict(list)
        for k, (free, constant) in enumerate(reduced):
            if free:
                objectives_of[sets.find(free[0])].append(k)
            else:
                result[k] = constant, constant
        parts = [(rows_of[root], [(reduced[k][0], upper[k] - reduced[k][1]) for k in ks if np.isfinite(upper[k])],
                  [reduced[k][0] for k in ks]) for root, ks in objectives_of.items()]
        for ks, ranges in zip(objectives_of.values(), _solve_parts(parts, min_width)):
            result[ks] = ranges + np.array([[reduced[k][1]] * 2 for k in ks])
        return result

    def _propagate(self) -> dict[int, float]:
        """Fix every var an equation with a single unknown determines, until none is left; returns the fixed
        values and leaves self.rows with the fixed vars moved to the right side."""
        fixed: dict[int, float] = {}
        rows = self.rows
        changed = True
        while changed:
            changed = False
            next_rows = []
            for vars_, coefs, rhs in rows:
                keep_v, keep_c = [], []
                for v, c in zip(vars_, coefs):
                    if v in fixed:
                        rhs -= c * fixed[v]
                    else:
                        keep_v.append(v)
                        keep_c.append(c)
                if len(keep_v) == 1:
                    fixed[keep_v[0]] = rhs / keep_c[0]
                    changed = True
                elif keep_v:
                    next_rows.append((keep_v, keep_c, rhs))
            rows = next_rows
        self.rows = rows
        return fixed


def _solve_parts(parts: list[tuple], min_width: float) -> list[np.ndarray]:
    """_LP.ranges of each independent part (rows, bounded objectives, objectives). With many parts they are
    shared out to one process per core: the programs are tiny, so the solving is all single-threaded Python.
    The workers are forked (no re-import of the caller's main module, nothing to pickle but the parts) and
    touch nothing but numpy and HiGHS."""
    processes = min(PROCESSES, len(parts) // PARALLEL_MIN_PARTS)
    if processes < 2:
        return _solve_chunk(parts, min_width)
    chunks = [parts[i::processes * 4] for i in range(processes * 4)]  # interleaved: big and small parts mix
    solved: list = [None] * len(parts)
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"),
                             initializer=_exit_with_parent, initargs=(os.getpid(),)) as pool:
        for i, ranges in enumerate(pool.map(_solve_chunk, chunks, [min_width] * len(chunks))):
            solved[i::len(chunks)] = ranges
    return solved


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: when the build is killed, its workers exit instead of waiting for work forever."""
    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _solve_chunk(parts: list[tuple], min_width: float) -> list[np.ndarray]:
    return [_LP(rows, bounded).ranges(objectives, min_width) for rows, bounded, objectives in parts]


class _DisjointSets:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, v: int) -> int:
        root = v
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[v] != root:
            self.parent[v], v = root, self.parent[v]
        return root

    def join(self, vars_: list[int]) -> None:
        if vars_:
            root = self.find(vars_[0])
            for v in vars_[1:]:
                self.parent[self.find(v)] = root


def _solver() -> highspy.Highs:
    """A silent HiGHS solver. HiGHS prints a banner to the process's stdout when its first solver is made,
    which would corrupt `python -m ingest build --json`: that one is made with stdout sent to /dev/null."""
    global _banner_shown
    if not _banner_shown:
        sys.stdout.flush()
        saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            highs = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)
        _banner_shown = True
    else:
        highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("presolve", "off")  # the programs are tiny: presolving costs more than it saves
    return highs


_banner_shown = False


class _LP:
    """One connected part of the system as a HiGHS model: vars >= 0, the equations, the upper bounds."""

    def __init__(self, rows, bounded):
        self.index = {v: i for i, v in enumerate(sorted({v for r in rows for v in r[0]}
                                                       | {v for vars_, _ in bounded for v in vars_}))}
        self.n = len(self.index)
        self.highs = _solver()
        inf = highspy.kHighsInf
        self.highs.addVars(self.n, np.zeros(self.n), np.full(self.n, inf))
        for vars_, coefs, rhs in rows:
            self._add_row(vars_, coefs, rhs, rhs)
        for vars_, bound in bounded:
            self._add_row(vars_, [1.0] * len(vars_), -inf, bound)

    def _add_row(self, vars_, coefs, lower, upper) -> None:
        merged = defaultdict(float)
        for v, c in zip(vars_, coefs):
            merged[self.index[v]] += c
        self.highs.addRow(lower, upper, len(merged), np.array(list(merged), dtype=np.int32),
                          np.array(list(merged.values())))

    def ranges(self, objectives: list[list[int]], min_width: float) -> np.ndarray:
        """Low and high of each objective (see _System.solve). Every solution found is a feasible point, so it
        widens the known span of every objective; a program is solved only for those still too narrow."""
        local = [np.array([self.index[v] for v in vars_]) for vars_ in objectives]
        flat = np.concatenate(local)
        starts = np.cumsum([0] + [len(x) for x in local[:-1]])
        seen = np.column_stack([np.full(len(local), np.inf), np.full(len(local), -np.inf)])

        def record(solution):
            values = np.add.reduceat(solution[flat], starts)
            seen[:, 0] = np.minimum(seen[:, 0], values)
            seen[:, 1] = np.maximum(seen[:, 1], values)

        def narrow():
            return np.flatnonzero(seen[:, 1] - seen[:, 0] < min_width - TOLERANCE)

        everything = np.ones(self.n)
        for sense in (1.0, -1.0):
            solution = self._optimum(everything, sense)
            if solution is not None:
                record(solution)
        # One program for all cells still too narrow: each is pushed away from the value it has taken so far
        # (up from zero, else down), which widens many cells at once. Repeated while it widens any; the cells
        # left get programs of their own below.
        left = narrow()
        while len(left) > 1:
            cost = np.zeros(self.n)
            for k in left:
                np.add.at(cost, local[k], 1.0 if seen[k, 0] <= TOLERANCE else -1.0)
            solution = self._optimum(cost, -1.0)
            if solution is None:
                break
            record(solution)
            before, left = len(left), narrow()
            if len(left) == before:
                break
        for k, idx in enumerate(local):
            for side, sense in ((0, 1.0), (1, -1.0)):
                if seen[k, 1] - seen[k, 0] >= min_width - TOLERANCE:
                    break
                cost = np.zeros(self.n)
                np.add.at(cost, idx, 1.0)
                solution = self._optimum(cost, sense)
                if solution is None:  # unbounded above
                    seen[k, 1] = np.inf
                else:
                    record(solution)
        return seen

    def _optimum(self, cost: np.ndarray, sense: float) -> np.ndarray | None:
        """A solution minimising (sense 1) or maximising (sense -1) cost . x; None when unbounded."""
        self.highs.changeColsCost(self.n, np.arange(self.n, dtype=np.int32), cost)
        self.highs.changeObjectiveSense(highspy.ObjSense.kMinimize if sense > 0 else highspy.ObjSense.kMaximize)
        self.highs.run()
        status = self.highs.getModelStatus()
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return None
        if status != highspy.HighsModelStatus.kOptimal:
            raise ValueError(f"the published counts are inconsistent ({self.highs.modelStatusToString(status)})")
        return np.asarray(self.highs.getSolution().col_value)
