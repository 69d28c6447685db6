"""Where precedents live: the built-in store in the package and a user store on disk.

A store is a folder of ``<id>.json`` files, one per letter. The built-in store
(``sendcheck/precedents/data``) ships the seed letters. The user store is ``--store DIR`` when
given, else ``$SENDCHECK_HOME/precedents``, else ``precedents`` in the per-user data folder
(platformdirs). A check reads both, the user's record winning where ids are the same; reading
never creates the user folder, only an import does.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from ..errors import SendcheckError
from .model import Precedent

BUILTIN_DIR = Path(__file__).parent / "data"
HOME_ENV = "SENDCHECK_HOME"


def user_store_dir(store: str | os.PathLike | None = None) -> Path:
    if store:
        return Path(store)
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home) / "precedents"
    import platformdirs

    return Path(platformdirs.user_data_dir("sendcheck", appauthor=False)) / "precedents"


def read_record(path: Path) -> Precedent:
    try:
        return Precedent.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise SendcheckError(f"{path}: cannot read the precedent ({exc.strerror or exc})") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "record"
        raise SendcheckError(f"{path}: not a valid precedent record ({where}: {first['msg']}); "
                             "re-import the letter or remove the file") from None


def read_store(folder: Path) -> dict[str, Precedent]:
    if not folder.is_dir():
        return {}
    records = {}
    for path in sorted(folder.glob("*.json")):
        record = read_record(path)
        records[record.id] = record
    return records


def write_record(folder: Path, record: Precedent) -> str:
    """Save one record as ``<id>.json``; "new", "updated" or "unchanged"."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{record.id}.json"
    text = record_json(record)
    if target.exists():
        try:
            if target.read_text(encoding="utf-8") == text:
                return "unchanged"
        except OSError:
            pass
        status = "updated"
    else:
        status = "new"
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{record.id}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return status


def record_json(record: Precedent) -> str:
    """Indented JSON for people to read and diff, with each sentence span on one line."""
    data = record.model_dump(mode="json")
    compact: dict[str, str] = {}

    def one_line(value: object) -> str:
        key = f"\x00{len(compact)}\x00"
        compact[key] = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
        return key

    for passage in data["passages"]:
        passage["criteria"] = {rule: one_line(tag) for rule, tag in passage["criteria"].items()}
        passage["sentences"] = [one_line(sentence) for sentence in passage["sentences"]]
    text = json.dumps(data, indent=1, ensure_ascii=False)
    for key, value in compact.items():
        text = text.replace(json.dumps(key), value, 1)
    return text + "\n"


@cache
def builtin() -> dict[str, Precedent]:
    return read_store(BUILTIN_DIR)


@dataclass
class Library:
    """The precedents a run can cite: built-in and user records, by id, and where each is from."""

    records: dict[str, Precedent]
    origin: dict[str, str] = field(default_factory=dict)
    _index: object = field(default=None, repr=False)  # the citer, built on first use

    def get(self, precedent_id: str) -> Precedent:
        try:
            return self.records[precedent_id]
        except KeyError:
            raise SendcheckError(f"no precedent {precedent_id!r}; `sendcheck precedents list` "
                                 "shows them") from None

    def sorted(self) -> list[Precedent]:
        return sorted(self.records.values(), key=lambda p: (p.area.lower(), p.inspection_end,
                                                            p.id))


def _signature(folder: Path) -> tuple:
    if not folder.is_dir():
        return ()
    entries = []
    for entry in os.scandir(folder):
        if entry.name.endswith(".json") and entry.is_file():
            stat = entry.stat()
            entries.append((entry.name, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(entries))


_USER_CACHE: dict[str, tuple[tuple, dict[str, Precedent]]] = {}


def user_records(folder: Path) -> dict[str, Precedent]:
    """The user store, read once per run (again only if its files changed)."""
    key = str(folder.resolve()) if folder.exists() else str(folder)
    signature = _signature(folder)
    cached = _USER_CACHE.get(key)
    if cached and cached[0] == signature:
        return cached[1]
    records = read_store(folder)
    _USER_CACHE[key] = (signature, records)
    return records


_LIBRARIES: dict[tuple, Library] = {}


def library(store: str | os.PathLike | None = None, include_builtin: bool = True) -> Library:
    """Built-in and user precedents combined (the user's record wins on the same id)."""
    folder = user_store_dir(store)
    user = user_records(folder)
    key = (include_builtin, str(folder), id(user))
    if key in _LIBRARIES:
        return _LIBRARIES[key]
    records: dict[str, Precedent] = {}
    origin: dict[str, str] = {}
    if include_builtin:
        for precedent_id, record in builtin().items():
            records[precedent_id] = record
            origin[precedent_id] = "built-in"
    for precedent_id, record in user.items():
        records[precedent_id] = record
        origin[precedent_id] = "user"
    result = Library(records=records, origin=origin)
    _LIBRARIES.clear()
    _LIBRARIES[key] = result
    return result
