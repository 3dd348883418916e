"""Filters that live in the URL, so a copied link reproduces the view.

Each widget reads its initial value from st.query_params[name] (the default when absent or invalid),
renders, and writes the chosen value back. Values are written as text: options by str(option),
lists as repeated parameters, date ranges as "YYYY-MM-DD..YYYY-MM-DD".
"""

import datetime as dt
from collections.abc import Callable, Sequence

import streamlit as st

RANGE_SEPARATOR = ".."


def _write(name: str, value: str | list[str]) -> None:
    current = st.query_params.get_all(name)
    wanted = value if isinstance(value, list) else [value]
    if current != wanted:
        st.query_params[name] = value


def _initial_index(name: str, options: Sequence, default) -> int:
    keys = [str(o) for o in options]
    value = st.query_params.get(name)
    if value in keys:
        return keys.index(value)
    return keys.index(str(default)) if str(default) in keys else 0


def url_selectbox(name: str, label: str, options: Sequence, default, format_func: Callable | None = None, **kwargs):
    options = list(options)
    chosen = st.selectbox(label, options, index=_initial_index(name, options, default),
                          format_func=format_func or str, key=f"url_{name}", **kwargs)
    _write(name, str(chosen))
    return chosen


def url_radio(name: str, label: str, options: Sequence, default, format_func: Callable | None = None,
              horizontal: bool = True, **kwargs):
    options = list(options)
    chosen = st.radio(label, options, index=_initial_index(name, options, default),
                      format_func=format_func or str, horizontal=horizontal, key=f"url_{name}", **kwargs)
    _write(name, str(chosen))
    return chosen


def url_multiselect(name: str, label: str, options: Sequence, default: Sequence,
                    format_func: Callable | None = None, **kwargs) -> list:
    """An empty selection is kept in the URL as a single empty value (name=)."""
    options = list(options)
    by_key = {str(o): o for o in options}
    raw = st.query_params.get_all(name)
    if raw == [""]:
        initial = []
    else:
        initial = [by_key[v] for v in raw if v in by_key] or [o for o in default if str(o) in by_key]
    chosen = st.multiselect(label, options, default=initial, format_func=format_func or str,
                            key=f"url_{name}", **kwargs)
    _write(name, [str(o) for o in chosen] or "")
    return chosen


def parse_range(text: str | None, min_date: dt.date, max_date: dt.date) -> tuple[dt.date, dt.date] | None:
    """ "2020-04-01..2020-06-30" clamped to [min_date, max_date]; None when unreadable or empty."""
    try:
        start, end = (dt.date.fromisoformat(p) for p in (text or "").split(RANGE_SEPARATOR))
    except ValueError:
        return None
    start, end = max(start, min_date), min(end, max_date)
    return (start, end) if start <= end else None


def url_date_range(name: str, label: str, min_date: dt.date, max_date: dt.date,
                   default: tuple[dt.date, dt.date], **kwargs) -> tuple[dt.date, dt.date]:
    """(start, end), both inclusive. While the user has picked only the start, the URL's range stands."""
    initial = parse_range(st.query_params.get(name), min_date, max_date) or default
    picked = st.date_input(label, value=initial, min_value=min_date, max_value=max_date,
                           key=f"url_{name}", **kwargs)
    chosen = tuple(picked) if isinstance(picked, (tuple, list)) and len(picked) == 2 else initial
    _write(name, f"{chosen[0].isoformat()}{RANGE_SEPARATOR}{chosen[1].isoformat()}")
    return chosen
