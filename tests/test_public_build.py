"""The public build: the privacy rules, the auditor on hand-made builds with known leaks, and property tests
over generated staff builds (the derived public build passes the audit; deliberately broken ones do not)."""

import datetime as dt
from pathlib import Path

import duckdb
import hypothesis.strategies as st
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings

from ingest import auditor, privacy, public
from ingest.auditor import audit, long_cells
from ingest.build import _finish
from ingest.codes import BEHAVIOURS
from ingest.schema import PUBLIC_COUNTS, PUBLIC_TABLES, TABLES
from tests import fixture_build as fx

MONDAY = dt.date(2020, 3, 2)


# --- the rules themselves ---------------------------------------------------------------------------------

def test_small_cells_are_one_to_min_cell_minus_one():
    values = pd.Series([0, 1, 9, 10, 11])
    assert privacy.is_small(values, 10).tolist() == [False, True, True, False, False]


def test_a_rate_needs_min_denominator_respondents():
    denominators = pd.Series([0, 1, 99, 100])
    assert privacy.rate_too_thin(denominators, 100).tolist() == [False, True, True, False]


# --- the auditor on hand-made public builds -------------------------------------------------------------

def _public_file(path: Path, area_rows: list[dict], extra: dict[str, pd.DataFrame] | None = None,
                 min_denominator: int = 1) -> Path:
    """A public build whose responses_weekly_area holds area_rows (missing counts are 0, None is suppressed).
    min_denominator is 1 unless given, so that the zeros of the other measures are no thin rates."""
    con = duckdb.connect(str(path))
    try:
        for table, columns in PUBLIC_TABLES.items():
            con.execute(f"CREATE TABLE {table} ({', '.join(f'{c} {t}' for c, t, _ in columns)})")
        con.execute("INSERT INTO build_info (build_id, audience, min_cell, min_denominator) "
                    "VALUES ('t', 'public', 10, $min_denominator)", {"min_denominator": min_denominator})
        con.execute("INSERT INTO health_center_areas VALUES ('hc09', 'a', 'a', 1), ('hc05', 'b', 'b', 1)")
        con.execute("INSERT INTO municipalities (municipality_code, area_code) "
                    "VALUES ('14204', 'hc09'), ('14208', 'hc09'), ('14205', 'hc05')")
        if area_rows:
            con.register("frame", pd.DataFrame([{c: 0 for c in PUBLIC_COUNTS} | row for row in area_rows]))
            con.execute("INSERT INTO responses_weekly_area BY NAME SELECT * FROM frame")
        for name, frame in (extra or {}).items():
            if name in PUBLIC_TABLES:
                con.register("frame", frame.assign(**{c: 0 for c in PUBLIC_COUNTS if c not in frame}))
                con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM frame")
            else:
                con.register("frame", frame)
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
    finally:
        con.close()
    return path


def _week(area: str, respondents, start: dt.date = MONDAY, **counts) -> dict:
    level = "prefecture" if area == "14" else "municipality" if area.isdigit() else "health_center"
    return dict(period_start=start, period_end=start + dt.timedelta(days=6), area_level=level, area_code=area,
                respondents=respondents, behaviour_respondents=0, **counts)


def _tree(pref, hc09, kamakura, zushi, hc05=300, fujisawa=300, start=MONDAY, measure="respondents"):
    """One week of the area tree 14 = hc09 + hc05, hc09 = 14204 + 14208, hc05 = 14205, for one measure."""
    if measure == "respondents":
        return [_week("14", pref, start), _week("hc09", hc09, start), _week("14204", kamakura, start),
                _week("14208", zushi, start), _week("hc05", hc05, start), _week("14205", fujisawa, start)]
    return [_week(a, 500, start, **{measure: v}) for a, v in
            (("14", pref), ("hc09", hc09), ("14204", kamakura), ("14208", zushi), ("hc05", hc05),
             ("14205", fujisawa))]


def test_a_lone_suppressed_cell_is_recovered_exactly(tmp_path):
    report = audit(_public_file(tmp_path / "p.duckdb", _tree(620, 20, None, 16)))
    assert [(leak.area_code, leak.low, leak.high) for leak in report.leaks] == [("14204", 4, 4)]
    assert "14204" in report.problems()[0] and not report.ok


def test_two_suppressed_cells_adding_up_to_less_than_min_cell_leak(tmp_path):
    report = audit(_public_file(tmp_path / "p.duckdb", _tree(306, None, None, None)))
    assert {(leak.area_code, leak.low, leak.high) for leak in report.leaks} == {
        ("hc09", 6, 6), ("14204", 0, 6), ("14208", 0, 6)}


def test_suppressed_cells_sharing_at_least_min_cell_are_protected(tmp_path):
    report = audit(_public_file(tmp_path / "p.duckdb", _tree(630, 30, None, None)))
    assert report.ok and report.suppressed_cells == 2


def test_categories_add_up_to_the_total(tmp_path):
    groups = pd.DataFrame([dict(period_start=MONDAY, period_end=MONDAY + dt.timedelta(days=6),
                                area_level="prefecture", area_code="14", dimension="sex", grp=g,
                                respondents=v) for g, v in (("male", 300), ("female", None), ("other", 4))])
    report = audit(_public_file(tmp_path / "p.duckdb", _tree(600, 300, 150, 150), {"responses_weekly_group": groups}))
    assert [(leak.grp, leak.low, leak.high) for leak in report.leaks] == [("female", 296, 296)]
    assert any("published count 4" in p for p in report.small_cells)


def test_a_longer_window_reveals_a_suppressed_week(tmp_path):
    """Weekly counts with one week suppressed, plus a published two-week total: the week is recovered."""
    second = MONDAY + dt.timedelta(days=7)
    weeks = _tree(600, 300, 150, 150) + _tree(600, 300, 150, 150, start=second)
    weeks[2]["respondents"] = None  # 14204 in the first week
    weeks[3]["respondents"] = None  # 14208 in the first week: protected by the area tree alone
    assert audit(_public_file(tmp_path / "a.duckdb", weeks)).ok
    fortnight = pd.DataFrame([dict(period_start=MONDAY, period_end=second + dt.timedelta(days=6),
                                   area_code="14204", respondents=290)])
    report = audit(_public_file(tmp_path / "b.duckdb", weeks, {"responses_fortnight": fortnight}))
    assert {(leak.area_code, leak.low, leak.high) for leak in report.leaks} == {("14204", 140, 140),
                                                                                 ("14208", 160, 160)}
    assert "responses_fortnight: table is not part of the public build" in report.contract


def test_overlapping_windows_reveal_their_difference(tmp_path):
    """Days 1-14 and 8-21 published, weeks 2 and 3 suppressed, week 3 pinned by the area tree: week 2 leaks."""
    weeks = [_week("14205", None, MONDAY + dt.timedelta(days=7 * k)) for k in range(3)]
    windows = pd.DataFrame([
        dict(period_start=MONDAY, period_end=MONDAY + dt.timedelta(days=13), area_code="14205", respondents=200),
        dict(period_start=MONDAY + dt.timedelta(days=7), period_end=MONDAY + dt.timedelta(days=20),
             area_code="14205", respondents=205)])
    first = _week("14205", None, MONDAY)
    report = audit(_public_file(tmp_path / "p.duckdb", [first, *weeks[1:]], {"responses_windows": windows}))
    assert report.ok is False
    # week 1 + week 2 = 200 and week 2 + week 3 = 205: each week alone still ranges over 200 values
    assert not report.leaks
    pinned = [_week("hc05", 100, MONDAY + dt.timedelta(days=14))]  # hc05 = 14205 pins week 3 at 100
    report = audit(_public_file(tmp_path / "q.duckdb", [first, *weeks[1:], *pinned], {"responses_windows": windows}))
    assert {(leak.period_start, leak.low, leak.high) for leak in report.leaks} == {
        (MONDAY, 95, 95), (MONDAY + dt.timedelta(days=7), 105, 105), (MONDAY + dt.timedelta(days=14), 100, 100)}


def test_a_numerator_is_bounded_by_its_published_denominator(tmp_path):
    """hc09 fever 40 = 14204 fever (at most its 12 respondents) + 14208 fever (at most its 30 respondents)."""
    rows = _tree(1000, 40, 20, 20, measure="fever")
    rows[2].update(respondents=12, fever=None)
    rows[3].update(respondents=30, fever=None)
    report = audit(_public_file(tmp_path / "p.duckdb", rows))
    assert {(leak.area_code, leak.low, leak.high) for leak in report.leaks} == {("14204", 10, 12),
                                                                                 ("14208", 28, 30)}


def test_a_published_numerator_over_a_thin_denominator_is_reported(tmp_path):
    rows = _tree(600, 300, 150, 150)
    rows[2].update(respondents=40, fever=12)
    rows[3].update(respondents=260)
    report = audit(_public_file(tmp_path / "p.duckdb", rows, min_denominator=100))
    assert report.small_denominators and all(" of 14204," in p for p in report.small_denominators)
    assert "responses_weekly_area: fever of 14204, 2020-03-02..2020-03-08: numerator published over a " \
           "denominator of 40 (< 100)" in report.small_denominators


def test_ids_and_times_finer_than_a_day_are_reported(tmp_path):
    path = _public_file(tmp_path / "p.duckdb", _tree(600, 300, 150, 150))
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE municipalities ADD COLUMN respondent_id VARCHAR")
    con.execute("CREATE TABLE answers (answered_at TIMESTAMP)")
    con.close()
    contract = audit(path).contract
    assert "municipalities.respondent_id: column is not part of the public build" in contract
    assert "answers.answered_at: time finer than a day (TIMESTAMP)" in contract


# --- property tests over generated staff builds ---------------------------------------------------------

def _staff_build(path: Path, daily: pd.DataFrame, first: dt.date, last: dt.date, min_cell=10,
                 min_denominator=100) -> Path:
    """A staff build with the fixture's reference tables (two health-centre areas, four municipalities) and
    the given responses_daily."""
    info = fx.build_info_row("gen", True, fx.responses_daily()).assign(
        first_date=first, last_date=last, min_cell=min_cell, min_denominator=min_denominator)
    frames = {
        "build_info": info, "responses_daily": daily, "cases_daily": fx.cases_daily(),
        "responses_daily_postal": fx.responses_daily_postal(fx.responses_daily()).head(0),
        "health_center_areas": pd.DataFrame(fx.HEALTH_CENTER_AREAS,
                                            columns=[c for c, _, _ in TABLES["health_center_areas"]]),
        "municipalities": pd.DataFrame(fx.MUNICIPALITIES, columns=[c for c, _, _ in TABLES["municipalities"]]),
        "postal_codes": pd.DataFrame(fx.POSTAL_CODES, columns=[c for c, _, _ in TABLES["postal_codes"]]),
        "boundaries": fx.boundaries(),
    }
    return fx.write_build_file(path, TABLES, frames)


@st.composite
def staff_answers(draw):
    """responses_daily over two or three weeks: a few sparse cells per municipality and day, counts from
    tiny to large so that every suppression rule is exercised."""
    weeks = draw(st.integers(2, 3))
    first = MONDAY + dt.timedelta(days=draw(st.integers(0, 3)))
    last = first + dt.timedelta(days=7 * weeks + draw(st.integers(0, 3)))
    rows = []
    for _ in range(draw(st.integers(4, 30))):
        respondents = draw(st.one_of(st.integers(1, 12), st.integers(13, 400)))
        fever = draw(st.integers(0, respondents))
        answered = draw(st.integers(0, respondents))
        rows.append(dict(
            date=first + dt.timedelta(days=draw(st.integers(0, (last - first).days))),
            municipality_code=draw(st.sampled_from(["14204", "14208", "14205"])),
            age_band=draw(st.sampled_from(["20-29", "30-39", "70-79"])),
            sex=draw(st.sampled_from(["male", "female"])),
            occupation=draw(st.sampled_from(["employee", "student"])),
            high_risk=draw(st.booleans()),
            respondents=respondents, fever=fever, fever_4d=draw(st.integers(0, fever)),
            fatigue_or_breathless=0, symptomatic=fever, consult=draw(st.integers(0, fever)),
            symptomatic_high_risk=0, behaviour_respondents=answered,
            **{code: draw(st.integers(0, answered)) for code in BEHAVIOURS}))
    daily = pd.DataFrame(rows).groupby(
        ["date", "municipality_code", "age_band", "sex", "occupation", "high_risk"], as_index=False).sum()
    return daily, first, last


def _derive(tmp_path: Path, generated, name: str) -> tuple[Path, pd.DataFrame]:
    daily, first, last = generated
    staff = _staff_build(tmp_path / f"staff-{name}.duckdb", daily, first, last)
    public_path = tmp_path / f"public-{name}.duckdb"
    public.write_public(staff, public_path)
    _finish(public_path)
    return public_path, daily


def _unsuppressed(tmp_path: Path, generated, name: str) -> dict[str, pd.DataFrame]:
    """The public build's count tables before suppression (what privacy.suppress receives)."""
    daily, first, last = generated
    staff = _staff_build(tmp_path / f"staff-{name}.duckdb", daily, first, last)
    con = duckdb.connect()
    con.execute("ATTACH ? AS staff (READ_ONLY)", [str(staff)])
    try:
        return public.unsuppressed(con)
    finally:
        con.close()


# No shrinking: each example derives and audits whole builds, and a failing example is reported as drawn.
PROPERTY = settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(generated=staff_answers())
def test_a_derived_public_build_passes_the_audit_and_keeps_every_rule(tmp_path_factory, generated):
    tmp_path = tmp_path_factory.mktemp("prop")
    public_path, daily = _derive(tmp_path, generated, "ok")
    report = audit(public_path)
    assert report.ok, report.problems()[:5]
    tables, parents = _unsuppressed(tmp_path, generated, "truth")
    truth = long_cells(tables)
    con = duckdb.connect(str(public_path), read_only=True)
    shown = long_cells({t: con.execute("SELECT * FROM query_table($t)", {"t": t}).df() for t in tables})
    con.close()
    published = shown["value"].notna()
    # what is published is true, and nothing small or over a thin denominator is published
    assert (shown.loc[published, "value"] == truth.loc[published, "value"]).all()
    assert not privacy.is_small(shown.loc[published, "value"], 10).any()
    numerators = shown["measure"] != truth["measure"].map({m: m for m in ("respondents", "behaviour_respondents")})
    thin = numerators & privacy.rate_too_thin(truth["denominator"], 100)
    assert not (published & thin).any()
    # the weekly prefecture total is the sum of the daily answers of its complete weeks
    weeks = truth[(truth["table"] == "responses_weekly_area") & (truth["area_code"] == "14")
                  & (truth["measure"] == "respondents")]
    in_weeks = daily[daily["date"].between(weeks["period_start"].min(), weeks["period_end"].max())]
    assert weeks["value"].sum() == in_weeks["respondents"].sum()


@PROPERTY
@given(generated=staff_answers())
def test_the_auditor_finds_every_cell_primary_suppression_alone_leaves_open(tmp_path_factory, generated):
    """Without complementary suppression, a suppressed cell that is the only unknown of a relation is
    recovered by subtraction: the auditor must find each one (computed here independently)."""
    tmp_path = tmp_path_factory.mktemp("prop")
    tables, parents = _unsuppressed(tmp_path, generated, "primary")
    cells = long_cells(tables)
    primary = (privacy.is_small(cells["value"], 10)
               | (cells["measure"].isin(["fever", "fever_4d", "symptomatic", "consult", *BEHAVIOURS])
                  & privacy.rate_too_thin(cells["denominator"], 100)))
    cells["hidden"] = primary
    lone = _lone_unknowns(cells, parents)
    assume(lone)
    broken = {name: df.copy() for name, df in tables.items()}
    for cell in cells[primary].itertuples():
        broken[cell.table][cell.measure] = broken[cell.table][cell.measure].astype("Int64")
        broken[cell.table].loc[cell.row, cell.measure] = pd.NA
    path = tmp_path / "broken.duckdb"
    _write_count_tables(path, broken)
    found = {(leak.table, leak.period_start, leak.area_code, leak.dimension, leak.grp, leak.measure)
             for leak in audit(path).leaks}
    assert lone <= found


def _lone_unknowns(cells: pd.DataFrame, parents: dict[str, str]) -> set[tuple]:
    """Suppressed cells whose area-tree or category relation has every other member published."""
    keyed = {(c.period_start, c.area_code, c.dimension, c.grp, c.measure): c for c in cells.itertuples()}
    children_of: dict[str, list[str]] = {}
    for child, parent in parents.items():
        children_of.setdefault(parent, []).append(child)
    relations = []
    for (start, area, dim, grp, measure), cell in keyed.items():
        if dim == "all" and area in children_of:
            relations.append([cell] + [keyed[(start, c, dim, grp, measure)] for c in children_of[area]])
        if dim != "all" and grp == cells.loc[cells["dimension"] == dim, "grp"].iloc[0]:
            members = [c for c in cells.itertuples() if (c.period_start, c.area_code, c.dimension, c.measure)
                       == (start, area, dim, measure)]
            relations.append([keyed[(start, area, "all", "all", measure)], *members])
    lone = set()
    for members in relations:
        hidden = [m for m in members if m.hidden]
        if len(hidden) == 1:
            m = hidden[0]
            lone.add((m.table, m.period_start, m.area_code, m.dimension, m.grp, m.measure))
    return lone


def _write_count_tables(path: Path, tables: dict[str, pd.DataFrame]) -> None:
    _public_file(path, [])
    con = duckdb.connect(str(path))
    for name, frame in tables.items():
        con.execute(f"DELETE FROM {name}")
        con.register("frame", frame)
        con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM frame")
    con.execute("DELETE FROM municipalities")
    con.execute("INSERT INTO municipalities (municipality_code, area_code) "
                "VALUES ('14204', 'hc09'), ('14208', 'hc09'), ('14301', 'hc09'), ('14205', 'hc05')")
    con.close()


@PROPERTY
@given(generated=staff_answers())
def test_the_auditor_finds_weeks_a_published_two_week_total_reveals(tmp_path_factory, generated):
    """A correct public build plus a published two-week total per area: every suppressed week whose other week
    is published is recovered (total - other week), and the auditor must say so."""
    tmp_path = tmp_path_factory.mktemp("prop")
    public_path, _ = _derive(tmp_path, generated, "windows")
    tables, _ = _unsuppressed(tmp_path, generated, "truth")
    truth = tables["responses_weekly_area"]
    weeks = sorted(truth["period_start"].unique())
    assume(len(weeks) >= 2)
    pair = truth[truth["period_start"].isin(weeks[:2])]
    fortnight = pair.groupby("area_code", as_index=False)[["respondents"]].sum().assign(
        period_start=weeks[0], period_end=weeks[1] + pd.Timedelta(days=6))
    con = duckdb.connect(str(public_path))
    con.register("frame", fortnight)
    con.execute("CREATE TABLE responses_fortnight AS SELECT period_start::DATE AS period_start, "
                "period_end::DATE AS period_end, area_code, respondents FROM frame")
    shown = con.execute("SELECT period_start, area_code, respondents FROM responses_weekly_area "
                        "WHERE period_start IN ($a, $b)", {"a": weeks[0], "b": weeks[1]}).df()
    con.close()
    wide = shown.pivot(index="area_code", columns="period_start", values="respondents")
    revealed = {(area, first if pd.isna(row.iloc[0]) else second)
                for area, row in wide.iterrows() for first, second in [tuple(wide.columns)]
                if row.isna().sum() == 1}
    assume(revealed)
    found = {(leak.area_code, pd.Timestamp(leak.period_start)) for leak in audit(public_path).leaks
             if leak.measure == "respondents" and leak.table == "responses_weekly_area"}
    assert {(a, pd.Timestamp(w)) for a, w in revealed} <= found


@settings(max_examples=4, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=staff_answers())
def test_ranges_solved_on_worker_processes_equal_those_solved_in_one(tmp_path_factory, generated, monkeypatch):
    """A national build has enough independent parts to share them out to processes (auditor._solve_parts);
    the ranges must be the very same as in one process, in the same order."""
    tables, parents = _unsuppressed(tmp_path_factory.mktemp("prop"), generated, "parallel")
    cells = long_cells(tables)
    cells.loc[privacy.is_small(cells["value"], 10) | (cells.index % 3 == 0), "value"] = np.nan
    monkeypatch.setattr(auditor, "PARALLEL_MIN_PARTS", 10**9)
    one = auditor.feasible_ranges(cells, parents, 10)
    monkeypatch.setattr(auditor, "PARALLEL_MIN_PARTS", 1)
    monkeypatch.setattr(auditor, "PROCESSES", 2)
    calls = []
    monkeypatch.setattr(auditor, "ProcessPoolExecutor", _recording(auditor.ProcessPoolExecutor, calls))
    shared = auditor.feasible_ranges(cells, parents, 10)
    assert calls, "the parts were not shared out"
    pd.testing.assert_frame_equal(one, shared)


def _recording(executor, calls: list):
    def make(*args, **kwargs):
        calls.append(args)
        return executor(*args, **kwargs)
    return make


# --- the build publishes both files, or neither ------------------------------------------------------------

def test_the_build_refuses_to_publish_a_public_build_that_leaks(tmp_path, monkeypatch):
    from ingest import demo
    from ingest.build import build
    from ingest.publish import read_pointer

    raw = tmp_path / "raw"
    demo.generate(raw, responses=3000, seed=1)
    first = build([raw], tmp_path / "builds", synthetic=True)
    assert read_pointer(tmp_path / "builds")["public"] == first.public_path.name
    monkeypatch.setattr(public, "suppress", lambda tables, parents, min_cell, min_denominator: (
        tables, long_cells(tables).assign(true_value=np.nan, reason=None)))
    with pytest.raises(public.PublicBuildRefused, match="privacy audit"):
        build([raw], tmp_path / "builds", synthetic=True)
    assert read_pointer(tmp_path / "builds")["build_id"] == first.build_id
    assert sorted(p.name for p in (tmp_path / "builds").iterdir() if p.suffix == ".duckdb") == sorted(
        [first.path.name, first.public_path.name])


def test_the_hand_made_public_fixture_passes_the_audit(tmp_path):
    """The public fixture the page tests use (tests/fixture_public_build.py) keeps every rule."""
    from tests.fixture_public_build import make_public_fixture_build

    report = audit(make_public_fixture_build(tmp_path).path)
    assert report.ok, report.problems()[:5]
    assert report.suppressed_cells > 0
