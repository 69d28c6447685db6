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
from click.core import ParameterSource

from . import __version__
from .errors import EXIT_ERROR, EXIT_FAIL, EXIT_OK, SendcheckError
from .precedents.cli import precedents
from .report import RenderOptions, formats, render

FAIL_ON = ("missing", "gap")
JUNIT_FAIL_ON = ("missing", "gap", "mixed", "partial")


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


def _junit_kinds(ctx: click.Context, param: click.Parameter, value: str | None) -> list | None:
    if value is None:
        return None
    kinds = list(_ids(value))
    unknown = [k for k in kinds if k not in JUNIT_FAIL_ON]
    if unknown or not kinds:
        raise click.BadParameter(f"{value!r}: give one or more of {','.join(JUNIT_FAIL_ON)}")
    return kinds


def _reading_options(command):
    """The options that decide how drafts are read, shared by ``check`` and ``baseline create``."""
    for option in reversed([
        click.option("--as-of", callback=_parse_date, metavar="YYYY-MM-DD",
                     help="The date 'current' is judged against (default: today)."),
        click.option("--select", help="Only these rule ids (comma-separated)."),
        click.option("--ignore", help="Skip these rule ids (comma-separated)."),
        click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False),
                     help="An extra rule pack folder (repeatable)."),
    ]):
        command = option(command)
    return command


# Options that a configuration file can also set: the option's parameter -> the file's key.
CONFIG_KEYS = {"output_format": "format", "output": "output", "as_of": "as_of",
               "select": "select", "ignore": "ignore", "rule_dirs": "rules",
               "fail_under": "fail_under", "fail_on": "fail_on", "citations": "citations",
               "suppressions": "suppressions", "baseline_path": "baseline",
               "junit_fail_on": "junit_fail_on", "jobs": "jobs"}


def _settings(ctx: click.Context, config_path: str | None):
    """The effective settings: defaults < configuration file < options given on the command
    line (click tells a given option from its default)."""
    from .config import resolve

    given = {}
    for param, key in CONFIG_KEYS.items():
        if param not in ctx.params or ctx.get_parameter_source(param) not in (
                ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT):
            continue
        value = ctx.params[param]
        if key in ("select", "ignore"):
            value = list(_ids(value))
        elif key == "rules":
            value = list(value)
        given[key] = value
    return resolve(given, config_path, known_formats=formats())


def _options(settings, **override):
    from .api import Options

    return Options(**{
        "as_of": settings.as_of or date.today(), "select": settings.select,
        "ignore": settings.ignore, "rules": settings.rules, "citations": settings.citations,
        "suppressions": settings.suppressions, "baseline": settings.baseline, **override,
    })


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "output_format", default="terminal", show_default=True,
              type=click.Choice(formats()), help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report here.")
@_reading_options
@click.option("--fail-under", type=click.IntRange(0, 101), metavar="N",
              help="Exit 1 if the overall score is below N.")
@click.option("--fail-on", type=click.Choice(FAIL_ON),
              help="Exit 1 if any core criterion is missing, or reported as a gap.")
@click.option("--citations", type=click.IntRange(0, 10), default=3, show_default=True,
              metavar="N", help="Precedent citations per finding (0 for none).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="PATH",
              help="Read settings from this sendcheck.toml or pyproject.toml (default: the "
                   "working directory's).")
@click.option("--suppressions", type=click.Path(dir_okay=False), metavar="PATH",
              help="Findings accepted, with reasons (default: sendcheck-suppressions.yml "
                   "if present).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), metavar="PATH",
              help="Mark findings unchanged since this baseline (sendcheck baseline create); "
                   "only new or worse ones fail --fail-on.")
@click.option("--junit-fail-on", callback=_junit_kinds, metavar="KINDS",
              help="With --format junit: which findings fail (missing,gap,mixed,partial; "
                   "default missing,gap).")
@click.option("--jobs", "-j", type=click.IntRange(0, 64), default=0, metavar="N",
              help="Check N files in parallel (default 0: one per core; 1: one at a time).")
@click.option("--annotate", type=click.Path(dir_okay=False), metavar="OUT.docx",
              help="Also write a copy of the .docx draft with the findings as Word comments.")
@click.pass_context
def check(ctx: click.Context, files: tuple[str, ...], config_path: str | None,
          **_given: object) -> None:
    """Check FILES and print a readiness report for each."""
    import gc

    gc.disable()  # until the rules are compiled: nothing made before then is garbage (_settle)
    from .api import check as run_check

    settings = _settings(ctx, config_path)
    options = _options(settings)
    _refuse_to_overwrite_inputs(settings.output, files)
    annotate_to = ctx.params.get("annotate")
    if annotate_to:
        from .annotate import check_target

        check_target(annotate_to, files, settings.output)
    pack = options.pack()
    _settle(pack)
    reports, sources, failed_inputs = [], [], False
    progress = _Progress(enabled=sys.stderr.isatty())
    try:
        for outcome in run_check(files, options, jobs=settings.jobs, progress=progress):
            if outcome.error:
                failed_inputs = True
                progress.echo(f"sendcheck: error: {outcome.error}")
            else:
                reports.append(outcome.report)
                sources.append(outcome.path)  # the file itself; reports show a printable name
    finally:
        progress.close()
    if reports:
        _write(settings.format, reports, settings.output, pack=pack,
               junit_fail_on=tuple(settings.junit_fail_on))
    if annotate_to and reports:
        from .annotate import annotate

        annotate(sources[0], reports[0], annotate_to)
    if failed_inputs:
        sys.exit(EXIT_ERROR)
    core = {c.id for c in pack.criteria if c.core}
    missed = _thresholds_missed(reports, settings.fail_under, settings.fail_on, core)
    sys.exit(EXIT_FAIL if missed else EXIT_OK)


class _Progress:
    """A progress bar on stderr while several inputs are checked, when stderr is a terminal.

    Refreshed only when an input is done (no refresh thread, so worker processes fork safely);
    gone when the check ends. Errors are printed above it.
    """

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < 2:
            return
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(),
                                console=Console(stderr=True), transient=True,
                                auto_refresh=False)
            self.bar.start()
            self.task = self.bar.add_task("check", total=total)
        self.bar.update(self.task, completed=done, refresh=True)

    def echo(self, message: str) -> None:
        if self.bar is not None:
            self.bar.console.print(message, markup=False, highlight=False, soft_wrap=True)
        else:
            click.echo(message, err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _settle(pack) -> None:
    """Compile the rules, then hide everything made so far from the garbage collector.

    The modules and the compiled rule pack live as long as the process. While they are being
    made (imports, compiling) the collector is off, since none of it is garbage; afterwards they
    are frozen out of its view. Otherwise every full collection walks them again: about 0.1 s on
    a 40,000-word draft, more while spaCy is imported.
    """
    import gc

    from .nlp import compile_pack

    compile_pack(pack)
    gc.freeze()
    gc.enable()


def _refuse_to_overwrite_inputs(output: str | None, files: tuple[str, ...]) -> None:
    if output and any(f != "-" and Path(f).resolve() == Path(output).resolve() for f in files):
        raise SendcheckError(f"{output}: --output would overwrite an input; choose another path")


def _write(output_format: str, reports: list, output: str | None, **extra) -> None:
    """Render to ``output`` or standard output; ``extra`` are further ``RenderOptions``."""
    if output:
        with open(output, "w", encoding="utf-8") as out:
            render(output_format, reports, out, RenderOptions(color=False, **extra))
        return
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    width = min(click.get_terminal_size()[0], 120) if sys.stdout.isatty() else 100
    render(output_format, reports, sys.stdout, RenderOptions(color=color, width=width, **extra))


def _thresholds_missed(reports, fail_under: int | None, fail_on: str | None, core: set) -> bool:
    """Whether a gate fails. The score is the draft's, whatever is accepted; ``--fail-on``
    passes over findings that are suppressed or unchanged (or better) since the baseline."""
    for report in reports:
        if fail_under is not None and report.score < fail_under:
            return True
        for finding in report.findings:
            if finding.rule_id not in core or finding.suppressed is not None \
                    or finding.baseline in ("unchanged", "better"):
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


@cli.group("config")
def config_group() -> None:
    """Settings from sendcheck.toml or [tool.sendcheck] in pyproject.toml."""


@config_group.command("show")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="PATH",
              help="Read this file instead of the working directory's.")
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
def config_show(config_path: str | None, as_json: bool) -> None:
    """Print the effective configuration and where each value came from."""
    import json

    from .config import resolve, show, show_data

    settings = resolve({}, config_path, known_formats=formats())
    if as_json:
        click.echo(json.dumps(show_data(settings), indent=2))
    else:
        click.echo(show(settings), nl=False)


@cli.group("baseline")
def baseline_group() -> None:
    """Record today's findings, so later checks show only what is new or worse."""


@baseline_group.command("create")
@click.argument("files", nargs=-1, required=True)
@click.option("--output", "-o", "baseline_output", default="sendcheck-baseline.json",
              show_default=True, type=click.Path(dir_okay=False), help="Write the baseline here.")
@_reading_options
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="PATH",
              help="Read settings from this file (default: the working directory's).")
@click.option("--jobs", "-j", type=click.IntRange(0, 64), default=0, metavar="N",
              help="Check N files in parallel (default 0: one per core; 1: one at a time).")
@click.pass_context
def baseline_create(ctx: click.Context, files: tuple[str, ...], baseline_output: str,
                    config_path: str | None, **_given: object) -> None:
    """Check FILES and record every finding in a baseline file (for check --baseline)."""
    from . import baseline as baselines
    from .api import check as run_check

    settings = _settings(ctx, config_path)
    options = _options(settings, suppressions=None, baseline=None, citations=0)
    _refuse_to_overwrite_inputs(baseline_output, files)
    reports, failed = [], False
    for outcome in run_check(files, options, jobs=settings.jobs):
        if outcome.error:
            failed = True
            click.echo(f"sendcheck: error: {outcome.error}", err=True)
        else:
            reports.append(outcome.report)
    if failed or not reports:
        click.echo("sendcheck: error: baseline not written: every input must be readable",
                   err=True)
        sys.exit(EXIT_ERROR)
    Path(baseline_output).write_text(baselines.dumps(baselines.create(reports)),
                                     encoding="utf-8")
    findings = sum(len(r.findings) for r in reports)
    click.echo(f"wrote {baseline_output}: {len(reports)} document(s), {findings} findings",
               err=True)


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


def run() -> None:
    """The ``sendcheck`` command: ``main``, then leave without tearing the interpreter down.

    Freeing every object of a loaded spaCy pipeline and compiled rule pack one by one at exit
    took 0.03-0.04 s of a one-second check, and nothing is left to do by then: the report is
    written and its files closed, and the worker processes of a batch have been shut down.
    (mypy leaves the same way.) Tests call ``main``, which returns or raises ``SystemExit``.
    """
    code = 0
    try:
        main()
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # a reader that stopped early; a closed stream
            pass
    os._exit(code)
