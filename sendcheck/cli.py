"""The command line: options in, one call to ``api``, a reporter out. No checking logic here.

``sendcheck FILE...`` is ``sendcheck check FILE...``. Every failure the user can fix ends with
one line on stderr and exit code 2; a traceback only with ``--debug``.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_ERROR, EXIT_FAIL, EXIT_OK, SendcheckError
from .precedents.cli import precedents
from .report import RenderOptions, formats, render

FAIL_ON = ("missing", "gap")


class DefaultToCheck(click.Group):
    """Route ``sendcheck FILE...`` to the ``check`` command, as ruff and Vale do."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        first = next((a for a in args if not a.startswith("-") or a == "-"), None)
        wants_group_option = any(a in ("--help", "-h", "--version") for a in args[:1])
        if first is not None and first not in self.commands and not wants_group_option:
            args = ["check", *args]
        return super().parse_args(ctx, args)


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _ids(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


@click.group(cls=DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sendcheck")
def cli() -> None:
    """Check a draft SEND self-evaluation against what Ofsted and the CQC inspect.

    Run `sendcheck DRAFT.docx` for a readiness report. Inputs may be .docx, .pdf, .md, .txt,
    .html, a folder of them, or - for standard input.
    """


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "output_format", default="terminal", show_default=True,
              type=click.Choice(formats()), help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report here.")
@click.option("--as-of", callback=_parse_date, metavar="YYYY-MM-DD",
              help="The date 'current' is judged against (default: today).")
@click.option("--select", help="Only these rule ids (comma-separated).")
@click.option("--ignore", help="Skip these rule ids (comma-separated).")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False),
              help="An extra rule pack folder (repeatable).")
@click.option("--fail-under", type=click.IntRange(0, 101), metavar="N",
              help="Exit 1 if the overall score is below N.")
@click.option("--fail-on", type=click.Choice(FAIL_ON),
              help="Exit 1 if any core criterion is missing, or reported as a gap.")
@click.option("--citations", type=click.IntRange(0, 10), default=3, show_default=True,
              metavar="N", help="Precedent citations per finding (0 for none).")
def check(
    files: tuple[str, ...],
    output_format: str,
    output: str | None,
    as_of: date | None,
    select: str | None,
    ignore: str | None,
    rule_dirs: tuple[str, ...],
    fail_under: int | None,
    fail_on: str | None,
    citations: int,
) -> None:
    """Check FILES and print a readiness report for each."""
    from .api import Options
    from .api import check as run_check

    options = Options(
        as_of=as_of or date.today(),
        select=_ids(select),
        ignore=_ids(ignore),
        rules=tuple(rule_dirs),
        citations=citations,
    )
    _refuse_to_overwrite_inputs(output, files)
    pack = options.pack()
    reports, failed_inputs = [], False
    for outcome in run_check(files, options):
        if outcome.error:
            failed_inputs = True
            click.echo(f"sendcheck: error: {outcome.error}", err=True)
        else:
            reports.append(outcome.report)
    if reports:
        _write(output_format, reports, output)
    if failed_inputs:
        sys.exit(EXIT_ERROR)
    core = {c.id for c in pack.criteria if c.core}
    sys.exit(EXIT_FAIL if _thresholds_missed(reports, fail_under, fail_on, core) else EXIT_OK)


def _refuse_to_overwrite_inputs(output: str | None, files: tuple[str, ...]) -> None:
    if output and any(f != "-" and Path(f).resolve() == Path(output).resolve() for f in files):
        raise SendcheckError(f"{output}: --output would overwrite an input; choose another path")


def _write(output_format: str, reports: list, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as out:
            render(output_format, reports, out, RenderOptions(color=False))
        return
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    width = min(click.get_terminal_size()[0], 120) if sys.stdout.isatty() else 100
    render(output_format, reports, sys.stdout, RenderOptions(color=color, width=width))


def _thresholds_missed(reports, fail_under: int | None, fail_on: str | None, core: set) -> bool:
    for report in reports:
        if fail_under is not None and report.score < fail_under:
            return True
        for finding in report.findings:
            if finding.rule_id not in core:
                continue
            if fail_on == "missing" and finding.status == "missing":
                return True
            if fail_on == "gap" and finding.position == "gap":
                return True
    return False


@cli.group()
def rules() -> None:
    """What the rule pack holds, and its examples run as tests."""


@rules.command("list")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False))
def rules_list(rule_dirs: tuple[str, ...]) -> None:
    """List the criteria: id, weight and title."""
    from .rulepack import load_pack

    for criterion in load_pack(tuple(rule_dirs)).criteria:
        click.echo(f"{criterion.id:<24} {criterion.weight:>4}  {criterion.title}")


@rules.command("show")
@click.argument("rule_id")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False))
def rules_show(rule_id: str, rule_dirs: tuple[str, ...]) -> None:
    """Show one criterion in full."""
    import yaml

    from .rulepack import load_pack

    pack = load_pack(tuple(rule_dirs))
    try:
        criterion = pack.get(rule_id)
    except KeyError:
        raise SendcheckError(f"no rule {rule_id!r}; `sendcheck rules list` shows them") from None
    click.echo(yaml.safe_dump(criterion.model_dump(mode="json"), sort_keys=False,
                              allow_unicode=True, width=96), nl=False)


@rules.command("test")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
def rules_test(folder: str | None) -> None:
    """Run each rule's examples through the real pipeline (FOLDER: an extra pack)."""
    from .rulepack import load_pack
    from .ruletest import run_examples

    results = run_examples(load_pack((folder,) if folder else ()))
    failed = [r for r in results if not r.passed]
    for result in failed:
        click.echo(f"FAIL {result.rule_id} example {result.index}: {result.problem}: "
                   f"{result.example.text!r}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(EXIT_FAIL if failed else EXIT_OK)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the --format json report."""
    from .schema import SCHEMA_FILE

    click.echo(SCHEMA_FILE.read_text(encoding="utf-8"), nl=False)


cli.add_command(precedents)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one-line errors with exit 2, tracebacks only with --debug."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    try:
        cli.main(args=args, prog_name="sendcheck", standalone_mode=False)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
    except click.Abort:
        click.echo("sendcheck: error: interrupted", err=True)
        sys.exit(EXIT_ERROR)
    except click.ClickException as error:
        click.echo(f"sendcheck: error: {error.format_message()} (see sendcheck --help)", err=True)
        sys.exit(EXIT_ERROR)
    except SendcheckError as error:
        if debug:
            raise
        click.echo(f"sendcheck: error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    except Exception as error:  # a bug: say so in one line unless asked for the traceback
        if debug:
            raise
        click.echo(f"sendcheck: error: internal error ({type(error).__name__}: {error}); "
                   "rerun with --debug and report it", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_OK)
