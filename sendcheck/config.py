"""Configuration: ``sendcheck.toml`` or ``[tool.sendcheck]`` in ``pyproject.toml`` -> settings.

Looked for in the working directory (``sendcheck.toml`` first, then ``pyproject.toml`` if it has
a ``[tool.sendcheck]`` table), or given with ``--config PATH``. The keys are the command line's
names with underscores::

    select = ["local-offer", "waiting-times"]   # only these criteria
    ignore = ["dmo-dco"]                        # skip these
    fail_under = 60                             # exit 1 below this overall score
    fail_on = "gap"                             # exit 1 on a core criterion missing / a gap
    as_of = 2026-11-24                          # the date "current" is judged against
    rules = ["my-pack"]                         # extra rule packs
    format = "sarif"                            # terminal, json, jsonl, sarif, junit, ...
    output = "sendcheck.sarif"                  # write the report here
    citations = 3                               # precedent citations per finding
    junit_fail_on = ["missing", "gap"]          # which findings fail a JUnit testcase
    suppressions = "sendcheck-suppressions.yml" # accepted findings, with reasons
    baseline = "sendcheck-baseline.json"       # only new or worse findings fail
    jobs = 2                                    # files checked in parallel (0: one per core)

Paths are relative to the configuration file. The command line wins over the file, and the file
over the defaults; ``sendcheck config show`` prints every value and where it came from. An
unknown key or a wrong value is an error (exit 2) naming the key and the file.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import SendcheckError

CONFIG_FILE = "sendcheck.toml"
PYPROJECT = "pyproject.toml"
SUPPRESSIONS_FILE = "sendcheck-suppressions.yml"  # = suppressions.DEFAULT_FILE (no import: fast)
FAIL_ON = ("missing", "gap")
JUNIT_FAIL_ON = ("missing", "gap", "mixed", "partial")
PATH_KEYS = ("rules", "output", "suppressions", "baseline")


class ConfigError(SendcheckError):
    """A configuration file that cannot be used: names the file, and the key where there is one."""


def _split(value: Any) -> Any:
    """A list, or a comma-separated string as on the command line."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class FileConfig(BaseModel):
    """The keys a configuration file may hold; anything else is refused."""

    model_config = ConfigDict(extra="forbid")

    select: list[str] | None = None
    ignore: list[str] | None = None
    fail_under: int | None = Field(default=None, ge=0, le=101)
    fail_on: Literal["missing", "gap"] | None = None
    as_of: date | None = None
    rules: list[str] | None = None
    format: str | None = None
    output: str | None = None
    citations: int | None = Field(default=None, ge=0, le=10)
    junit_fail_on: list[Literal["missing", "gap", "mixed", "partial"]] | None = None
    suppressions: str | None = None
    baseline: str | None = None
    jobs: int | None = Field(default=None, ge=0, le=64)

    @field_validator("select", "ignore", "rules", "junit_fail_on", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        return _split(value)


KEYS = tuple(FileConfig.model_fields)


@dataclass
class Settings:
    """The effective configuration: defaults, then the file, then the command line."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_under: int | None = None
    fail_on: str | None = None
    as_of: date | None = None  # None: today
    rules: tuple[str, ...] = ()
    format: str = "terminal"
    output: str | None = None
    citations: int = 3
    junit_fail_on: tuple[str, ...] = ("missing", "gap")
    suppressions: str | None = None
    baseline: str | None = None
    jobs: int = 0  # one worker per core, for two or more files
    sources: dict[str, str] = field(default_factory=dict)
    config_file: str | None = None

    def values(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in KEYS}


@dataclass(frozen=True)
class FoundConfig:
    path: Path
    label: str  # "sendcheck.toml" or "pyproject.toml [tool.sendcheck]"
    data: dict


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration file ({exc})") from None


def _tool_table(data: dict, path: Path) -> dict | None:
    tool = data.get("tool")
    if not isinstance(tool, dict) or "sendcheck" not in tool:
        return None
    table = tool["sendcheck"]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.sendcheck] must be a table")
    return table


def find_config(explicit: str | None = None, cwd: Path | None = None) -> FoundConfig | None:
    """The configuration to use: ``--config PATH``, else the working directory's
    ``sendcheck.toml``, else its ``pyproject.toml`` if that has ``[tool.sendcheck]``."""
    cwd = cwd or Path.cwd()
    if explicit:
        path = Path(explicit)
        data = _read_toml(path)
        table = _tool_table(data, path)
        if table is not None:
            return FoundConfig(path, f"{explicit} [tool.sendcheck]", table)
        if path.name == PYPROJECT:
            raise ConfigError(f"{explicit}: has no [tool.sendcheck] table")
        return FoundConfig(path, explicit, data)
    own = cwd / CONFIG_FILE
    if own.is_file():
        return FoundConfig(own, CONFIG_FILE, _read_toml(own))
    pyproject = cwd / PYPROJECT
    if pyproject.is_file():
        table = _tool_table(_read_toml(pyproject), pyproject)
        if table is not None:
            return FoundConfig(pyproject, f"{PYPROJECT} [tool.sendcheck]", table)
    return None


def _key_line(path: Path, key: str) -> int | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    return next((n for n, line in enumerate(lines, start=1) if pattern.match(line)), None)


def validate(found: FoundConfig) -> FileConfig:
    """The file's keys checked: an unknown key or a wrong value names the key and the file."""
    try:
        return FileConfig.model_validate(found.data)
    except ValidationError as exc:
        first = min(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        key = str(first["loc"][0]) if first["loc"] else ""
        line = _key_line(found.path, key) if key else None
        where = f"{found.label}" + (f", line {line}" if line else "")
        if first["type"] == "extra_forbidden":
            close = difflib.get_close_matches(key.replace("-", "_"), KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(f"{where}: unknown key {key!r}{hint} (known keys: "
                              f"{', '.join(KEYS)})") from None
        loc = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"{where}: {loc}: {first['msg']}") from None


def _relative_to(base: Path, value: str, cwd: Path) -> str:
    """A path from a configuration file, relative to that file's folder (as written when the
    file is in the working directory)."""
    if os.path.isabs(value) or base.resolve() == cwd.resolve():
        return value
    return os.path.normpath(os.path.join(base, value))


def resolve(command_line: dict[str, Any] | None = None, explicit: str | None = None,
            cwd: Path | None = None, known_formats: list[str] | None = None) -> Settings:
    """Defaults, then the configuration file, then ``command_line`` (only the options given
    there, by configuration key name; option sources are labelled ``--option``)."""
    cwd = cwd or Path.cwd()
    settings = Settings()
    settings.sources = {key: "default" for key in KEYS}
    found = find_config(explicit, cwd)
    if found is not None:
        settings.config_file = str(found.path)
        config = validate(found)
        for key in KEYS:
            value = getattr(config, key)
            if value is None:
                continue
            if key in PATH_KEYS:
                base = found.path.parent
                value = [_relative_to(base, v, cwd) for v in value] if isinstance(value, list) \
                    else _relative_to(base, value, cwd)
            setattr(settings, key, tuple(value) if isinstance(value, list) else value)
            settings.sources[key] = found.label
        if config.format is not None and known_formats is not None \
                and config.format not in known_formats:
            raise ConfigError(f"{found.label}: format: {config.format!r} is not one of "
                              f"{', '.join(known_formats)}")
    for key, value in (command_line or {}).items():
        if key not in KEYS:
            raise KeyError(key)
        setattr(settings, key, tuple(value) if isinstance(value, list) else value)
        settings.sources[key] = "--" + key.replace("_", "-")
    if settings.suppressions is None and (cwd / SUPPRESSIONS_FILE).is_file():
        settings.suppressions = SUPPRESSIONS_FILE
        settings.sources["suppressions"] = "found in the working directory"
    return settings


def _toml_value(value: Any) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def show(settings: Settings) -> str:
    """The effective configuration, one key a line, with where each value came from."""
    lines = [f"# configuration file: {settings.config_file or 'none found'}"]
    width = max(len(key) for key in KEYS)
    values = settings.values()
    for key in KEYS:
        value = _toml_value(values[key])
        if key == "as_of" and values[key] is None:
            value = "(today)"
        lines.append(f"{key:<{width}} = {value:<40} # {settings.sources[key]}")
    return "\n".join(lines) + "\n"


def show_data(settings: Settings) -> dict[str, Any]:
    """The same as ``show``, as data: ``{"config_file": ..., "settings": {key: {"value",
    "source"}}}``."""
    values = settings.values()
    return {
        "config_file": settings.config_file,
        "settings": {
            key: {"value": values[key].isoformat() if isinstance(values[key], date)
                  else list(values[key]) if isinstance(values[key], tuple) else values[key],
                  "source": settings.sources[key]}
            for key in KEYS
        },
    }
