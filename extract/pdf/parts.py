"""Read a long PDF's pages in parts, side by side, so that one long report does not decide a batch's wall time.

Reading a page (its words, boxes and drawing) needs nothing from the other pages, so a document's pages can be
cut into ranges that separate processes read; the document-wide layout (running lines, body size, reading order,
blocks) is then done once, on the pages joined in order. ``fork_map`` runs the parts in forked children of the
process that reads the file (a batch's worker is itself a daemon process, which ``multiprocessing`` may not give
children); any function with the shape of ``map`` (an executor's, say) will do as well.
"""

from __future__ import annotations

import math
import os
import pickle
from typing import Callable, Iterable, Sequence

from lscp.procs import die_with_parent

MIN_PAGES = 40
"""A document of more pages than this has its pages read in parts; a shorter one is not worth a process."""

PageMap = Callable[[Callable, Iterable[tuple]], Iterable]
"""map(function, argument tuples) -> results in order, each call function(*arguments)."""


def page_ranges(count: int, parts: int) -> list[tuple[int, int]]:
    """``count`` pages (numbered from 1) as at most ``parts`` runs of about equal length: (first, last) each."""
    parts = max(1, min(parts, math.ceil(count / MIN_PAGES) if count > MIN_PAGES else 1))
    size = math.ceil(count / parts)
    return [(first, min(first + size - 1, count)) for first in range(1, count + 1, size)]


class ForkMap:
    """``map`` over forked children: the first call's work in this process, each other in a child of its own,
    whose result (or exception) comes back pickled through a pipe. A child that dies without an answer has
    its part done here instead."""

    def __init__(self, processes: int):
        self.processes = max(1, processes)

    def __call__(self, function: Callable, calls: Iterable[tuple]) -> list:
        calls = list(calls)
        if self.processes == 1 or len(calls) <= 1 or not hasattr(os, "fork"):
            return [function(*args) for args in calls]
        children = [_start(function, args) for args in calls[1:]]
        results = [function(*calls[0])]
        for args, (pid, reader) in zip(calls[1:], children):
            results.append(_collect(pid, reader, function, args))
        return results


def _start(function: Callable, args: Sequence) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer through the pipe, then leave without running the parent's exit handlers
        status = 0
        try:
            os.close(reader)
            die_with_parent()
            try:
                answer = (True, function(*args))
            except Exception as exc:  # noqa: BLE001 - raised again in the parent
                answer = (False, exc)
            payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as out:
                out.write(payload)
        except BaseException:  # noqa: BLE001 - no answer: the parent reads the part itself
            status = 1
        finally:
            os._exit(status)
    os.close(writer)
    return pid, reader


def _collect(pid: int, reader: int, function: Callable, args: Sequence):
    with os.fdopen(reader, "rb") as pipe:
        payload = pipe.read()
    os.waitpid(pid, 0)
    try:
        ok, value = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - the child died (killed, out of memory) before it answered
        return function(*args)
    if not ok:
        raise value
    return value
