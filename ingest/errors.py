"""The error every build step raises when it cannot publish."""


class BuildError(Exception):
    """The build cannot publish; the message is one line saying why."""
