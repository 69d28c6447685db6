"""The errors that end a check with exit code 2, each with a message a person can act on."""

from __future__ import annotations


def printable(path: str) -> str:
    """A file name as it can be shown and written in UTF-8 reports: bytes that are not UTF-8
    (kept by Python as lone surrogates) become U+FFFD instead of failing every output."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


class SendcheckError(Exception):
    """A problem the user can fix; the CLI prints ``sendcheck: error: <message>`` and exits 2."""


class InputError(SendcheckError):
    """An input that cannot be read: names the file and says what to do."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = printable(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class RuleFileError(SendcheckError):
    """A rule or cue file that does not validate: ``file:line: message``."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


# Exit codes (SPEC.md): the contract for scripts and CI.
EXIT_OK = 0  # checked, and every threshold given was met
EXIT_FAIL = 1  # checked, and a threshold was not met
EXIT_ERROR = 2  # could not check: usage, unreadable input, invalid rule file
