"""sendcheck: check a local area's draft SEND self-evaluation before the inspectors do."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sendcheck")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
