"""The build the running page reads: resolved from CURRENT.json on every run, so a new build shows up
without a restart. Query results (build_info included) are cached per build id by queries.runner."""

import os

from queries import common
from queries.runner import Build, current_build

AUDIENCE_ENV = "KANAGAWA_AUDIENCE"


def audience() -> str:
    """'staff' (default) or 'public': which file of the build this deployment serves."""
    return "public" if os.environ.get(AUDIENCE_ENV) == "public" else "staff"


def build() -> Build:
    """The current build. Raises queries.runner.NoBuild when none has been published."""
    return current_build(audience=audience())


def build_info() -> dict:
    """The current build's build_info row. Raises UnusableBuild when the file cannot be read."""
    return common.build_info(build())
