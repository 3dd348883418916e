"""Filters shared by several pages: the area (prefecture, health-centre area or municipality) and the period."""

import datetime as dt

import pandas as pd

from dashboard.i18n import area_name, t
from dashboard.url_state import url_date_range, url_selectbox
from ingest.codes import PREFECTURE_AREA

DEFAULT_DAYS = 90


def area_selector(areas: pd.DataFrame) -> str:
    """Any area of `queries.common.areas`, labelled with its level; in the URL as ?area=."""
    # Labels are made now, in the page's language (a widget may call format_func after the run).
    labels = {row["area_code"]: "{}（{}）".format(area_name(row), t(f"common.level.{row['level']}"))
              for row in areas.to_dict("records")}
    return url_selectbox("area", t("common.filter.area"), areas["area_code"].tolist(), PREFECTURE_AREA,
                         format_func=labels.__getitem__)


def period_selector(info: dict, name: str = "period", weekly: bool = False) -> tuple[dt.date, dt.date]:
    """A date range within the build, by default its last DEFAULT_DAYS days; in the URL as ?period=a..b.
    weekly (public build): the same range, read as the weeks whose last day falls in it (said in its help)."""
    first, last = info["first_date"], info["last_date"]
    default = (max(first, last - dt.timedelta(days=DEFAULT_DAYS - 1)), last)
    return url_date_range(name, t("common.filter.period"), first, last, default,
                          help=t("public.period_help") if weekly else None)
