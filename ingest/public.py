"""The public build: derived from a finished staff build, suppressed (ingest/privacy.py), then audited
(ingest/auditor.py). A build whose public file fails the audit is not published at all."""

from pathlib import Path

import duckdb
import pandas as pd

from ingest import codes
from ingest.errors import BuildError
from ingest.auditor import ALL, AuditReport, audit
from ingest.suppression import PRIMARY_SMALL, PRIMARY_THIN, suppress
from ingest.schema import DIMENSIONS

SQL_DIR = Path(__file__).resolve().parent / "sql"
GROUPS = {
    "age_band": codes.AGE_BANDS,
    "sex": list(codes.SEXES),
    "occupation": list(codes.OCCUPATIONS),
    "high_risk": ["false", "true"],
}


class PublicBuildRefused(BuildError):
    """The public build failed its audit; the message lists what the auditor found."""

    def __init__(self, report: AuditReport):
        problems = report.problems()
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        super().__init__(f"the public build did not pass the privacy audit ({len(problems)} problems): {shown}")
        self.report = report


def write_public(staff_path: Path, public_path: Path) -> pd.DataFrame:
    """Write the public build derived from the staff build at staff_path (thresholds from its build_info) and
    return the per-grain suppression summary. The caller stores the rule macros, then calls check_public."""
    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS staff (READ_ONLY)", [str(staff_path)])
        min_cell, min_denominator = con.execute("SELECT min_cell, min_denominator FROM staff.build_info").fetchall()[0]
        tables, parents = unsuppressed(con)
        published, cells = suppress(tables, parents, min_cell, min_denominator)
        con.register("weekly_area", published["responses_weekly_area"])
        con.register("weekly_group", published["responses_weekly_group"])
        con.execute("ATTACH ? AS out", [str(public_path)])
        con.execute(_sql("public_tables"))
        con.execute("DETACH out")
    finally:
        con.close()
    return suppression_summary(cells)


def unsuppressed(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The public count tables before suppression, and each area's parent, from the staff build attached to
    con as `staff`."""
    con.register("public_groups", _groups())
    counts = con.execute(_sql("public_weekly_counts")).df()
    totals = counts["dimension"] == ALL
    tables = {"responses_weekly_area": counts[totals].drop(columns=["dimension", "grp"]).reset_index(drop=True),
              "responses_weekly_group": counts[~totals].reset_index(drop=True)}
    return tables, dict(con.execute(_sql("public_area_parents")).fetchall())


def check_public(public_path: Path) -> AuditReport:
    """Audit the finished public build; raises PublicBuildRefused when the auditor finds anything."""
    report = audit(public_path)
    if not report.ok:
        raise PublicBuildRefused(report)
    return report


def suppression_summary(cells: pd.DataFrame) -> pd.DataFrame:
    """Per public grain: cells and suppressed cells (all measures), and respondents and respondents in suppressed
    respondent cells, with the shares. Staff only: a public total of suppressed respondents would be a margin."""
    cells = cells.assign(grain=_grain(cells), suppressed=cells["reason"].notna())
    respondents = cells[cells["measure"] == "respondents"]
    summary = cells.groupby("grain", sort=False).agg(
        cells=("suppressed", "size"), cells_suppressed=("suppressed", "sum"),
        cells_small=("reason", lambda r: int((r == PRIMARY_SMALL).sum())),
        cells_thin=("reason", lambda r: int((r == PRIMARY_THIN).sum())))
    people = respondents.assign(hidden=respondents["true_value"].where(respondents["suppressed"], 0)).groupby(
        "grain", sort=False).agg(respondents=("true_value", "sum"), respondents_suppressed=("hidden", "sum"))
    summary = summary.join(people).reset_index()
    summary["cells_suppressed_share"] = summary["cells_suppressed"] / summary["cells"]
    summary["respondents_suppressed_share"] = summary["respondents_suppressed"] / summary["respondents"]
    return summary.astype({c: "int64" for c in ("cells", "cells_suppressed", "cells_small", "cells_thin",
                                                 "respondents", "respondents_suppressed")})


def _grain(cells: pd.DataFrame) -> pd.Series:
    """'week x prefecture', 'week x health_center', 'week x municipality', 'week x prefecture x age_band', ..."""
    level = cells["area_code"].map(_level)
    return ("week x " + level + cells["dimension"].map(lambda d: "" if d == "all" else f" x {d}"))


def _level(area_code: str) -> str:
    if area_code == codes.PREFECTURE_AREA:
        return "prefecture"
    return "municipality" if area_code.isdigit() else "health_center"


def _groups() -> pd.DataFrame:
    rows = [(d, i, g, j) for i, d in enumerate(DIMENSIONS) for j, g in enumerate(GROUPS[d])]
    return pd.DataFrame(rows, columns=["dimension", "dimension_order", "grp", "grp_order"])


def _sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
