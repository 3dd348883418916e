"""Entry of the dashboard: `streamlit run dashboard/app.py`.

Sets the language (?lang=, toggle in the sidebar), decides what the visitor may see (dashboard/auth.py: audience,
staff sign-in), resolves the current build, shows the synthetic-data banner, and runs the chosen page from
dashboard/views/ through st.navigation. Without a build it explains how to make one; with a build it cannot read
it says so. Neither case shows a traceback.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import auth, components, context  # noqa: E402
from dashboard.i18n import LANGS, SESSION_KEY, fmt_date, t  # noqa: E402
from dashboard.url_state import url_radio  # noqa: E402
from ingest.publish import default_builds_dir  # noqa: E402
from queries.common import BUILD_ERRORS  # noqa: E402
from queries.runner import NoBuild  # noqa: E402

FAVICON = Path(__file__).resolve().parent / "static" / "favicon.png"
PAGES = [
    ("overview", ":material/dashboard:"),
    ("trends", ":material/show_chart:"),
    ("prevention", ":material/health_and_safety:"),
    ("map", ":material/map:"),
    ("briefing", ":material/co_present:"),
    ("methods", ":material/description:"),
]
STAFF_ONLY = {"briefing"}  # press-conference slides and saved briefings are for prefecture staff


def language_toggle() -> None:
    with st.sidebar:
        chosen = url_radio("lang", t("common.lang.label"), LANGS, st.session_state.get(SESSION_KEY, "ja"),
                           format_func=lambda code: t(f"common.lang.{code}"))
    st.session_state[SESSION_KEY] = chosen


def no_build_page() -> None:
    st.title(t("common.no_build.title"))
    st.write(t("common.no_build.body", dir=str(default_builds_dir())))
    st.write(t("common.no_build.demo"))
    st.code("python -m ingest demo", language="bash")
    st.write(t("common.no_build.real"))
    st.code("python -m ingest build PATH", language="bash")


def unusable_page(error: Exception) -> None:
    st.title(t("common.unusable.title"))
    st.error(t("common.unusable.body"), icon=":material/error:")
    with st.expander(t("common.unusable.detail")):
        st.text(f"{type(error).__name__}: {error}")


def sidebar_footer(info: dict) -> None:
    audience = t(f"common.app.audience_{info.get('audience') or 'staff'}")
    built_at = info["built_at"].strftime("%Y-%m-%d %H:%M UTC") if info.get("built_at") else "—"
    st.sidebar.caption(f"{t('common.app.caption')} · {audience}")
    st.sidebar.caption(t("common.footer.build", build_id=info["build_id"], built_at=built_at,
                         first=fmt_date(info.get("first_date")), last=fmt_date(info.get("last_date"))))


def current_build_info() -> dict | None:
    """The current build's build_info, or None once the page saying why there is none has been shown.

    Plain control flow rather than st.stop(): st.stop() only requests a stop, and a script that went on
    would fail on the missing build_info with a traceback.
    """
    try:
        return context.build_info()
    except NoBuild:
        no_build_page()
    except BUILD_ERRORS as exc:
        unusable_page(exc)
    return None


language_toggle()
# A local favicon: a Material icon here would make the browser fetch it from the internet.
st.set_page_config(page_title=t("common.app.short_title"), page_icon=str(FAVICON), layout="wide")
# Access first (dashboard/auth.py): a visitor who may not use the app gets a page that opens no build. The pages
# stay registered (hidden) then, so every URL lands on that page rather than on "page not found".
state, audience = auth.access()
page = st.navigation([
    st.Page(f"views/{name}.py", title=t(f"common.nav.{name}"), icon=icon, default=(name == "overview"))
    for name, icon in PAGES
    if name not in STAFF_ONLY or audience == "staff"
], position="sidebar" if state in auth.OPEN_STATES else "hidden")

info = current_build_info() if auth.admit(state) else None
if info is not None:
    sidebar_footer(info)
    if info["is_synthetic"]:
        components.synthetic_banner()
    try:
        page.run()
    except BUILD_ERRORS as exc:
        unusable_page(exc)
