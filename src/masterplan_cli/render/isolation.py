"""Rendering under the operating system's limits: a child process with a memory and a CPU
limit, each step's processor time watched in the child, and a wall-clock limit kept by the
parent.

A city's templates, and WeasyPrint laying out whatever they wrote, can run away: a loop of
10**10 steps, a template making 5,000 page breaks, a plan that lays out to gigabytes. The
sandbox bounds each operation (`sandbox.py`); the whole is bounded here, by the kernel and
from outside, so no signal handler has to interrupt Python code where it happens to be:

* the renders run in a child process (`os.fork`: it inherits the checked plan and the
  context, nothing is sent to it) with `RLIMIT_AS` (memory) and `RLIMIT_CPU` set;
* the child reports each step it starts (`md`, `html`, `pdf`), how far a step has come (the
  PDF's chapters: numbers only, shown by the parent; the child never writes to the terminal)
  and, at the end, its results (text and bytes, framed with a JSON header: nothing is
  unpickled);
* a step's limit is processor time: a watchdog thread in the child sees when the step has
  used its seconds, looks at (does not interrupt) what the render is doing and sends it, and
  the parent kills the child, so the message names the city template that was running. A
  machine loaded by other work does not make a step fail, nor a template that hangs look
  like one that is still starting. The watchdog also ends a step that has run for ten times
  its limit and a minute more in wall-clock time, whatever it used (a child that waits, or
  one starved by a machine loaded past tenfold), and says where it was just the same; the
  parent kills a child that has not answered half a minute after that (one whose main
  thread never lets the watchdog run);
* a child that dies (by the memory limit, the CPU limit, or anything else) is reported with
  its cause. Nothing the child rendered is written: the parent writes, after everything.

Without `fork` (Windows) the renders run in this process, timed by nothing (SECURITY.md).
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import os
import selectors
import signal
import struct
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from types import FrameType
from typing import Any, Protocol

from ..l10n import _


class Progress(Protocol):
    """What a build shows while it runs: `with progress(step):` around each step, and
    `progress.advance(done, total, note)` within a step that knows how far it has come."""

    def __call__(self, step: str) -> AbstractContextManager[None]: ...

    def advance(self, done: int, total: int, note: str) -> None: ...


TEMPLATE_TIMEOUT = ("MASTERPLAN_TEMPLATE_TIMEOUT", 60.0)  # seconds per render of city templates
PDF_TIMEOUT = ("MASTERPLAN_PDF_TIMEOUT", 1800.0)  # seconds to lay out and write the PDF
MEMORY_LIMIT = ("MASTERPLAN_MEMORY_LIMIT", 8192.0)  # MiB of address space for the renders
# Solok lays out to 92 pages, Padang to 105: room for the largest real plan many times over,
# and a bound on layout time and memory (WeasyPrint keeps every page: about 2.8 MiB each;
# the 2,000-program benchmark city, 2,021 pages and 5.6 GiB, sets a higher limit).
PDF_PAGES = ("MASTERPLAN_PDF_MAX_PAGES", 1500.0)
# A step's wall-clock limit: WALL_FACTOR times its processor-time limit and WALL_SLACK seconds.
# Four times was too little: under a load of ten, a test's child got under 3 s of processor
# time in 13 s and was killed before the template it was to name had started.
WALL_FACTOR = 10
WALL_SLACK = 60.0
# How long after the wall-clock limit the parent waits for the watchdog to say where the step is.
ANSWER_GRACE = 30.0


class RenderFailed(Exception):
    """The child stopped: over a limit, killed, or a problem it reported (the message)."""


class ChildBug(Exception):
    """The child raised something unexpected: a bug; the message holds its traceback."""


@dataclass(frozen=True)
class Limits:
    template_seconds: float
    pdf_seconds: float
    memory_mib: float
    pdf_pages: float

    @property
    def cpu_seconds(self) -> int:
        """The processor time of the child: every step's wall-clock limit, and one more."""
        return math.ceil(2 * self.template_seconds + self.pdf_seconds) + 1

    @classmethod
    def from_environment(cls) -> Limits:
        """The limits, from the environment or the defaults; ValueError says what is wrong."""
        variables = (TEMPLATE_TIMEOUT, PDF_TIMEOUT, MEMORY_LIMIT, PDF_PAGES)
        return cls(*(_positive(name, default) for name, default in variables))


def _positive(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not (0 < number < math.inf):
        unit = {MEMORY_LIMIT[0]: "MiB", PDF_PAGES[0]: _("pages")}.get(name, _("seconds"))
        raise ValueError(
            _("{name} must be a number of {unit} above 0, not {value!r}").format(
                name=name, unit=unit, value=value
            )
        )
    return number


def wall_limit(seconds: float) -> float:
    """The wall-clock time a step limited to `seconds` of processor time may take."""
    return WALL_FACTOR * seconds + WALL_SLACK


def available() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


# --- the child ---------------------------------------------------------------------------------


_SENDING = threading.Lock()  # the watchdog thread may send while the render does


def _send(stream: int, header: dict[str, Any], blobs: tuple[bytes, ...] = ()) -> None:
    head = json.dumps({**header, "blobs": [len(b) for b in blobs]}).encode("utf-8")
    with _SENDING:
        for part in (struct.pack(">I", len(head)), head, *blobs):
            view = memoryview(part)
            while view:
                view = view[os.write(stream, view) :]


class _ChildProgress:
    """The child's side of `Progress`: each step and advance is a message to the parent, and
    each step with a limit runs under a watchdog that says where it is when it has used its
    processor time."""

    def __init__(
        self, stream: int, deadline: Callable[[str], float | None], where: Callable[[], None]
    ) -> None:
        self.stream, self.deadline, self.where = stream, deadline, where

    @contextlib.contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        _send(self.stream, {"step": step})
        seconds = self.deadline(step)
        ended = threading.Event()
        if seconds is not None:
            threading.Thread(target=self._watch, args=(seconds, ended), daemon=True).start()
        try:
            yield
        finally:
            ended.set()

    def _watch(self, seconds: float, ended: threading.Event) -> None:
        # the process's processor time (every thread's; this one's is next to nothing) grows
        # at most as fast as the clock: waiting for what is left never waits too long
        started, wall_end = time.process_time(), time.monotonic() + wall_limit(seconds)
        while not ended.wait(
            max(0.05, min(started + seconds - time.process_time(), wall_end - time.monotonic()))
        ):
            if time.process_time() - started >= seconds or time.monotonic() >= wall_end:
                self.where()
                return

    def advance(self, done: int, total: int, note: str) -> None:
        _send(self.stream, {"advance": [done, total, note]})


def _child(
    work: Callable[[Progress], dict[str, Any]],
    stream: int,
    limits: Limits,
    deadline: Callable[[str], float | None],
    locate: Callable[[FrameType], str],
    expected: tuple[type[BaseException], ...],
) -> None:
    """Run `work` under the limits and send what came of it; never returns."""
    code = 0
    try:
        memory = int(limits.memory_mib * 1024 * 1024)
        cpu = limits.cpu_seconds
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))

        main = threading.get_ident()

        def where() -> None:  # runs in the watchdog thread: reads the main thread's frame
            frame = sys._current_frames().get(main)
            _send(stream, {"where": locate(frame) if frame is not None else "", "expired": True})

        result = work(_ChildProgress(stream, deadline, where))
        texts = {k: v for k, v in result.items() if isinstance(v, str)}
        blobs = {k: v for k, v in result.items() if isinstance(v, bytes)}
        plain = {k: v for k, v in result.items() if k not in texts and k not in blobs}
        names = [*texts, *blobs]
        data = tuple(v.encode("utf-8") for v in texts.values()) + tuple(blobs.values())
        _send(stream, {"done": plain, "texts": list(texts), "names": names}, data)
    except expected as error:
        _send(stream, {"failed": str(error)})
        code = 1
    except MemoryError:
        _send(stream, {"memory": True})
        code = 1
    except KeyboardInterrupt:
        code = 130
    except BaseException:  # a bug: the parent says so, with the traceback behind --traceback
        with contextlib.suppress(BaseException):
            _send(stream, {"bug": traceback.format_exc()[-20_000:]})
        code = 3
    finally:
        os._exit(code)


# --- the parent --------------------------------------------------------------------------------


def run(
    work: Callable[[Progress], dict[str, Any]],
    progress: Progress,
    limits: Limits,
    deadline: Callable[[str], float | None],
    locate: Callable[[FrameType], str],
    describe_timeout: Callable[[str, float, str], str],
    expected: tuple[type[BaseException], ...],
) -> dict[str, Any]:
    """`work(progress)` in a child under `limits`; each step's wall-clock time is
    `deadline(step)` seconds (None: only the CPU limit). When a step's time is up,
    `locate(frame)` says in the child where the render is, and `describe_timeout(step,
    seconds, where)` makes the message here. An `expected` exception in the child is a
    `RenderFailed` with its message here."""
    reading, writing = os.pipe()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()  # or the child would print the parent's buffered output again
    # the child's collector leaves alone what it inherits: it neither walks this process's
    # heap (seconds for a large one) nor copies its pages by touching them (Python's advice
    # for fork without exec)
    gc.freeze()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child, measured by the tests' results)
        os.close(reading)
        _child(work, writing, limits, deadline, locate, expected)
    gc.unfreeze()
    os.close(writing)
    try:
        return _wait(pid, reading, progress, deadline, describe_timeout, limits)
    finally:
        os.close(reading)
        _end(pid)


def _end(pid: int) -> None:
    """Kill and reap the child, unless it has been reaped (its pid could be another's now)."""
    try:
        done, _status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return
    if done == 0:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


class _Reader:
    def __init__(self, stream: int) -> None:
        self.stream = stream
        self.buffer = bytearray()
        self.closed = False

    def fill(self) -> None:
        chunk = os.read(self.stream, 1 << 20)
        if not chunk:
            self.closed = True
        self.buffer += chunk

    def message(self) -> tuple[dict[str, Any], list[bytes]] | None:
        """A whole message, if one has arrived."""
        if len(self.buffer) < 4:
            return None
        (size,) = struct.unpack(">I", self.buffer[:4])
        if len(self.buffer) < 4 + size:
            return None
        header = json.loads(bytes(self.buffer[4 : 4 + size]))
        end = 4 + size + sum(header["blobs"])
        if len(self.buffer) < end:
            return None
        blobs, at = [], 4 + size
        for length in header["blobs"]:
            blobs.append(bytes(self.buffer[at : at + length]))
            at += length
        del self.buffer[:end]
        return header, blobs


def _wait(
    pid: int,
    stream: int,
    progress: Progress,
    deadline: Callable[[str], float | None],
    describe_timeout: Callable[[str, float, str], str],
    limits: Limits,
) -> dict[str, Any]:
    reader = _Reader(stream)
    selector = selectors.DefaultSelector()
    selector.register(stream, selectors.EVENT_READ)
    with contextlib.ExitStack() as steps:
        step, started, seconds = "", time.monotonic(), None
        while True:
            message = reader.message()
            if message is not None:
                header, blobs = message
                if "expired" in header:
                    steps.pop_all()
                    raise RenderFailed(describe_timeout(step, seconds or 0, str(header["where"])))
                if "advance" in header:
                    done, total, note = header["advance"]
                    progress.advance(int(done), int(total), str(note))
                    continue
                if "step" in header:
                    steps.close()
                    step, started, seconds = header["step"], time.monotonic(), deadline(header["step"])
                    steps.enter_context(progress(step))
                    continue
                steps.pop_all()  # a step that failed is not shown as done
                return _outcome(header, blobs, step, limits)
            if reader.closed:
                steps.pop_all()
                raise RenderFailed(_death(pid, step, limits))
            wait = (
                None if seconds is None else started + wall_limit(seconds) + ANSWER_GRACE - time.monotonic()
            )
            if wait is not None and wait <= 0:
                steps.pop_all()
                raise RenderFailed(describe_timeout(step, seconds or 0, ""))
            if selector.select(wait):
                reader.fill()


STEP_NAMES = {
    "md": _("rendering the Markdown"),
    "html": _("rendering the HTML"),
    "pdf": _("laying out the PDF"),
}
# What a failed allocation in C ends in; GLib's g_error (it cannot start a thread under the
# address-space limit) ends in SIGTRAP.
_MEMORY_SIGNALS = {"SIGSEGV", "SIGBUS", "SIGABRT", "SIGKILL", "SIGTRAP"}


def _memory(step: str, limits: Limits) -> str:
    return _(
        "{get} ran out of memory (the limit is {memory_mib:,.0f} MiB; set {memory_limit} to change it)"
    ).format(
        get=STEP_NAMES.get(step, "rendering"), memory_mib=limits.memory_mib, memory_limit=MEMORY_LIMIT[0]
    )


def _outcome(header: dict[str, Any], blobs: list[bytes], step: str, limits: Limits) -> dict[str, Any]:
    if "failed" in header:
        raise RenderFailed(header["failed"])
    if "memory" in header:
        raise RenderFailed(_memory(step, limits))
    if "bug" in header:
        raise ChildBug(header["bug"])
    result: dict[str, Any] = dict(header["done"])
    for name, blob in zip(header["names"], blobs, strict=True):
        result[name] = blob.decode("utf-8") if name in header["texts"] else blob
    return result


def _death(pid: int, step: str, limits: Limits) -> str:
    """Why the child ended without a word."""
    _pid, status = os.waitpid(pid, 0)
    what = STEP_NAMES.get(step, "rendering")
    if not os.WIFSIGNALED(status):
        return _("{what} stopped unexpectedly (exit status {wexitstatus})").format(
            what=what, wexitstatus=os.WEXITSTATUS(status)
        )
    number = os.WTERMSIG(status)
    if number == signal.SIGXCPU:
        return _("{what} used more than {cpu_seconds:,} s of processor time").format(
            what=what, cpu_seconds=limits.cpu_seconds
        )
    name = signal.Signals(number).name if number in {s.value for s in signal.Signals} else str(number)
    if name in _MEMORY_SIGNALS:
        return _("{memory}: it was ended by {name}").format(memory=_memory(step, limits), name=name)
    return _("{what} was ended by the signal {name}").format(what=what, name=name)


__all__ = ["ChildBug", "Limits", "RenderFailed", "available", "run"]
