"""sendcheck: check a local area's draft SEND self-evaluation before the inspectors do."""

# The one place the version is written (pyproject.toml reads it from here): asking
# importlib.metadata at run time cost 25 ms of every check's start.
__version__ = "0.1.0"
