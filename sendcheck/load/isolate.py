"""Run a parser in a child process with a hard memory and time limit.

A crafted PDF can make pdfium allocate gigabytes from a file of a few kilobytes (a form drawn
thousands of times, a string of millions of characters), and no check of the file beforehand
catches every such trick. On Linux the PDF is therefore parsed in a forked child whose address
space is capped; if it runs out of memory or time, it dies alone and the input is refused.
Elsewhere (no ``fork`` or no ``resource`` module) the parser runs in-process and only the
checks made before parsing protect memory.
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable
from typing import Any

try:
    import resource
except ImportError:  # Windows
    resource = None

MEMORY_LIMIT = 768 * 1024 * 1024
"""Bytes of address space the child may add to what it inherits."""

TIME_LIMIT = 120.0


class LimitExceeded(Exception):
    """The child ran out of memory or time, or died, before it could answer."""


def run_isolated(func: Callable[..., Any], *args: Any) -> Any:
    """``func(*args)`` in a limited child; its return value, or its exception, re-raised here.

    ``func``'s own exceptions should be built from a single message so that they survive
    pickling; any other comes back as a ``RuntimeError`` with the same text.
    """
    if sys.platform != "linux" or resource is None or multiprocessing.current_process().daemon:
        return func(*args)  # daemonic processes (pool workers) may not start children
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, func, args))
    child.start()
    sender.close()
    try:
        if not receiver.poll(TIME_LIMIT):
            raise LimitExceeded(f"took more than {TIME_LIMIT:.0f} seconds")
        failed, value = receiver.recv()
    except EOFError as exc:
        raise LimitExceeded(f"ran out of its {MEMORY_LIMIT // (1024 * 1024)} MB of memory, or "
                            "crashed") from exc
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if failed:
        raise value
    return value


def _child(sender, func: Callable[..., Any], args: tuple) -> None:
    faulthandler.disable()  # running out of memory here is an answer, not a crash to report
    with contextlib.suppress(OSError, ValueError):  # no /proc: run uncapped rather than fail
        _cap_address_space()
    try:
        result = (False, func(*args))
    except MemoryError:
        os._exit(1)
    except Exception as exc:  # handed to the parent to re-raise there
        result = (True, exc if _picklable(exc) else RuntimeError(f"{type(exc).__name__}: {exc}"))
    sender.send(result)
    sender.close()
    os._exit(0)


def _picklable(exc: Exception) -> bool:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # any failure to round-trip means "send a plain copy instead"
        return False
    return True


def _cap_address_space() -> None:
    with open("/proc/self/statm") as statm:
        in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = in_use + MEMORY_LIMIT
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
