"""``sendcheck precedents list|show ID|search TEXT|import PATH...``: the precedent store.

Registered on the main command group by ``sendcheck.cli``. Errors are ``SendcheckError``s, so
the console entry point prints one line and exits 2.
"""

from __future__ import annotations

import json
import sys
import textwrap

import click

from ..errors import EXIT_ERROR, InputError, SendcheckError
from .cite import FINDING_LABELS, OUTCOME_LABELS
from .model import Precedent
from .store import library, user_store_dir, write_record

SECTION_LABELS = {**FINDING_LABELS, "main-findings": "main findings (mixed)",
                  "context": "context", "history": "history: the original weakness quoted"}
KIND_LABELS = {"inspection-2016": "inspection (2016 framework)", "revisit": "revisit",
               "area-send-2023": "area SEND inspection (2023 framework)"}

store_option = click.option(
    "--store", type=click.Path(file_okay=False), metavar="DIR",
    help="The user precedent store (default: $SENDCHECK_HOME/precedents, else 'precedents' in "
         "the per-user data folder). Built-in letters are always included.")


def _dates(record: Precedent) -> str:
    start, end = record.inspection_start, record.inspection_end
    return start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"


def _outcome(record: Precedent) -> str:
    label = OUTCOME_LABELS.get(record.outcome, record.outcome)
    if record.progress:
        label += f" ({record.progress.sufficient} of {record.progress.total} weaknesses)"
    return label


@click.group("precedents")
def precedents() -> None:
    """Published Ofsted/CQC letters, cited in every finding.

    The built-in letters ship with sendcheck; `import` adds more (PDF or text of 2016-framework
    inspection letters, revisit letters and 2023-framework area SEND reports).
    """


@precedents.command("list")
@store_option
@click.option("--format", "output_format", type=click.Choice(["terminal", "json"]),
              default="terminal", show_default=True, help="Output format.")
def list_command(store: str | None, output_format: str) -> None:
    """List the letters (built-in and imported)."""
    lib = library(store)
    records = lib.sorted()
    if output_format == "json":
        click.echo(json.dumps([r.summary() for r in records], indent=2, ensure_ascii=False))
        return
    if not records:
        click.echo("No precedents.")
        return
    width = max(len(r.id) for r in records)
    for record in records:
        click.echo(f"{record.id:<{width}}  {record.area} · {KIND_LABELS[record.kind]} · "
                   f"{_dates(record)} · {_outcome(record)} · {len(record.passages)} passages"
                   f"{'' if lib.origin.get(record.id) == 'built-in' else ' · imported'}")
    click.echo(f"{len(records)} letters ({sum(o == 'built-in' for o in lib.origin.values())} "
               f"built in; user store: {user_store_dir(store)})")


@precedents.command("show")
@click.argument("precedent_id")
@store_option
@click.option("--rule", "rule_id", metavar="ID", help="Only passages tagged with this criterion.")
@click.option("--format", "output_format", type=click.Choice(["terminal", "json"]),
              default="terminal", show_default=True, help="Output format.")
def show_command(precedent_id: str, store: str | None, rule_id: str | None,
                 output_format: str) -> None:
    """Show one letter with its numbered, tagged passages."""
    record = library(store).get(precedent_id)
    if output_format == "json":
        click.echo(json.dumps(record.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return
    click.echo(f"{record.id}: {record.title or record.area}")
    click.echo(f"  area: {record.area}\n  kind: {KIND_LABELS[record.kind]}\n"
               f"  inspection: {_dates(record)}\n"
               f"  published: {record.published.isoformat() if record.published else '-'}\n"
               f"  outcome: {_outcome(record)}\n  source: {record.source}\n"
               f"  licence: {record.licence} (Crown copyright)")
    for passage in record.passages:
        if rule_id and rule_id not in passage.criteria:
            continue
        tags = ", ".join(f"{rule} {tag.stance}" for rule, tag in passage.criteria.items())
        finding = SECTION_LABELS.get(passage.section, passage.section)
        click.echo(f"\n[{passage.n}] {finding}" + (f" · {tags}" if tags else ""))
        click.echo(textwrap.fill(passage.text, width=96, initial_indent="    ",
                                 subsequent_indent="    "))


@precedents.command("search")
@click.argument("text")
@store_option
@click.option("--rule", "rule_id", metavar="ID", help="Only passages tagged with this criterion.")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
def search_command(text: str, store: str | None, rule_id: str | None, limit: int) -> None:
    """Find passages holding every word of TEXT."""
    words = text.lower().split()
    if not words:
        raise SendcheckError("search: give some words to look for")
    shown = 0
    for record in library(store).sorted():
        for passage in record.passages:
            lowered = passage.text.lower()
            if rule_id and rule_id not in passage.criteria:
                continue
            if not all(word in lowered for word in words):
                continue
            if shown == limit:
                click.echo("... more; narrow the search or raise --limit")
                return
            shown += 1
            at = lowered.find(words[0])
            start = max(0, at - 80)
            snippet = ("…" if start else "") + passage.text[start:start + 220].strip() + \
                ("…" if start + 220 < len(passage.text) else "")
            finding = SECTION_LABELS.get(passage.section, passage.section)
            click.echo(f"{record.id} [{passage.n}] {record.area}, {record.date}, {finding}:\n"
                       f"    {snippet}")
    if not shown:
        click.echo("No passages found.")


@precedents.command("import")
@click.argument("paths", nargs=-1, required=True)
@store_option
@click.option("--source", metavar="TEXT",
              help="Record this as each letter's source (for example its URL).")
def import_command(paths: tuple[str, ...], store: str | None, source: str | None) -> None:
    """Import letters (PDF or text files, or folders of them).

    Metadata (area, dates, outcome) is read from each letter's text; importing a letter again
    updates its record. A file that cannot be read is reported and the rest go on; the exit
    code is 2 only when nothing was imported.
    """
    from ..load import expand_inputs
    from .importer import import_letter

    folder = user_store_dir(store)
    imported = failed = 0
    for given in paths:
        try:
            files = expand_inputs([given])
        except InputError as error:
            click.echo(f"sendcheck: error: {error}", err=True)
            failed += 1
            continue
        for path in files:
            try:
                record = import_letter(path, source=source)
                status = write_record(folder, record)
            except SendcheckError as error:
                click.echo(f"sendcheck: error: {error}", err=True)
                failed += 1
                continue
            except OSError as error:
                click.echo(f"sendcheck: error: {folder}: cannot write the store "
                           f"({error.strerror or error})", err=True)
                sys.exit(EXIT_ERROR)
            imported += 1
            click.echo(f"{status:>9}  {record.id}: {record.area}, {KIND_LABELS[record.kind]}, "
                       f"{_dates(record)}, {_outcome(record)}, {len(record.passages)} passages")
    click.echo(f"{imported} imported into {folder}" + (f"; {failed} could not be" if failed
                                                         else ""))
    if not imported:
        sys.exit(EXIT_ERROR)
