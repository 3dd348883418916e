"""The build the running page reads: resolved from CURRENT.json on every run, so a new build shows up
without a restart. Query results (build_info included) are cached per build id by queries.runner."""

from dashboard import auth
from queries import common
from queries.runner import Build, current_build


def audience() -> str:
    """'staff' (default) or 'public': which file of the build this deployment serves (DASHBOARD_AUDIENCE,
    dashboard/auth.py). Raises auth.BadSetting for any other value; app.py shows that before any page runs."""
    return auth.audience()


def build() -> Build:
    """The current build of this deployment's audience. Raises queries.runner.NoBuild when none has been
    published."""
    return current_build(audience=audience())


def build_info() -> dict:
    """The current build's build_info row. Raises UnusableBuild when the file cannot be read."""
    return common.build_info(build())
