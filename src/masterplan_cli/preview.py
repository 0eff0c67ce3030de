"""`masterplan serve`: the HTML document on a local address, rebuilt whenever a file changes.

One warm process: the built-in templates are compiled once (`render/environment.py`), so a
rebuild costs the check, the views and the render. A thread polls the repository's files
(their sizes and modification times; no dependency, and a city has about a hundred files);
on a change it rebuilds the page — the document, or its problems when `check` fails — and
tells every open page over server-sent events, which reloads itself. The PDF is made on
request by the builder, in its child process, as `build` makes it.

Only three addresses are served, `/`, `/events` and `/masterplan.pdf` (the document is one
self-contained file): no file of the repository, no folder listing. The server listens on the
loopback interface unless told otherwise, and answers only requests addressed to it by name
(`Host`), so that a web page cannot reach it through a rebound DNS name.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import ipaddress
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .builder import BuildError, BuildRefused, document
from .containment import hidden
from .errors import internal_error
from .l10n import _, language
from .reporters import REPORTER_BY_NAME

POLL_SECONDS = 0.1
KEEPALIVE_SECONDS = 15.0
# The page's only script: reload when the server says the document changed.
RELOAD = (
    'var shown = document.getElementById("masterplan-preview").dataset.generation;'
    'new EventSource("/events?since=" + shown).onmessage = function () { location.reload(); };'
)
# The document's inline styles, fonts and images are data; a script a city template wrote does
# not run (only the one above, by its digest), nor may anything be fetched from elsewhere.
# No other site may frame the page (and have it clicked through), and no link, base or form a
# city template writes may send it elsewhere.
POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; "
    f"script-src 'sha256-{base64.b64encode(hashlib.sha256(RELOAD.encode()).digest()).decode()}'"
)
# A connection that sends nothing for this long is closed: idle ones would each hold a thread.
IDLE_SECONDS = 20.0
IGNORED = {"dist", "__pycache__"}  # and hidden folders


def loopback(host: str) -> bool:
    ip = _ip(host)
    return host == "localhost" or (ip is not None and ip.is_loopback)


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def machine_names() -> set[str]:
    """This machine's host name, short and in full, and as mDNS (`.local`) gives it."""
    name = socket.gethostname().lower()
    short = name.split(".")[0]
    return {name, short, f"{short}.local"}


class Preview:
    """The latest page of the repository at `root` and its generation, which goes up by one
    at each rebuild; `changed` is notified then."""

    def __init__(self, root: Path, language: str | None) -> None:
        self.root, self.language = root, language
        self.page = b""
        self.generation = 0
        self.changed = threading.Condition()
        self.stopping = False
        # One build at a time: the PDF's child process is forked, and a fork while another
        # thread holds a lock inside a build (Jinja's caches) could leave the child waiting.
        self.building = threading.RLock()
        self.last_pdf: tuple[int, bytes | str] | None = None  # the generation it was made at

    def rebuild(self) -> None:
        body = self.render()
        with self.changed:
            self.generation += 1
            self.page = with_toolbar(body, self.generation).encode("utf-8")
            self.changed.notify_all()

    def render(self) -> str:
        """The document's HTML, or the page that says why there is none."""
        return str(self.made("html"))

    def pdf(self) -> bytes | str:
        """The PDF (bytes), or the page that says why there is none: made again only when a
        file has changed since the last one (a PDF takes seconds or minutes to lay out)."""
        with self.building:  # a second request waits for the first one's PDF
            generation = self.generation  # read first: a change during the build makes it stale
            if self.last_pdf is not None and self.last_pdf[0] == generation:
                return self.last_pdf[1]
            made = self.made("pdf")
            self.last_pdf = (generation, made)
            return made

    def made(self, fmt: str) -> bytes | str:
        try:
            with self.building:
                return document(self.root, fmt, self.language)
        except BuildRefused as refused:
            return problems_page(_("The repository has problems"), _report_text(refused))
        except BuildError as error:
            return problems_page(_("The document could not be built"), str(error))
        except Exception:  # a bug: said on the page, and the preview goes on watching
            return problems_page(internal_error(), traceback.format_exc())

    def after(self, seen: int) -> int | None:
        """The generation once it is not `seen` (or `KEEPALIVE_SECONDS` later); None on `stop`."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen or self.stopping, KEEPALIVE_SECONDS)
            return None if self.stopping else self.generation

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()

    def watch(self) -> None:
        """Rebuild whenever a file of the repository changes, until `stop`."""
        seen = snapshot(self.root)
        while not self.stopping:
            time.sleep(POLL_SECONDS)
            now = snapshot(self.root)
            if now != seen:
                seen = now
                self.rebuild()


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Each file's size and modification time (the outputs aside, and hidden folders such as
    `.git/` and `.venv/`: a build reads nothing under them, and a virtual environment alone
    holds thousands of files to stat ten times a second)."""
    files = {}
    for folder, folders, names in os.walk(root):
        folders[:] = [name for name in folders if name not in IGNORED and not hidden(name)]
        for name in names:
            path = os.path.join(folder, name)
            try:
                status = os.lstat(path)
            except OSError:
                continue
            files[path] = (status.st_mtime_ns, status.st_size)
    return files


def _report_text(refused: BuildRefused) -> str:
    stream = io.StringIO()
    REPORTER_BY_NAME["text"](refused.report, stream, "", environ={"NO_COLOR": "1"})
    return stream.getvalue()


def problems_page(title: str, text: str) -> str:
    """A page that says why there is no document: `text` (the check's report) escaped."""
    advice = _("Fix them and save: this page reloads itself.")
    return (
        f'<!DOCTYPE html>\n<html lang="{language()}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}"
        "h1{color:#a4161a;font-size:1.5rem}pre{background:#f6f6f6;border-left:4px solid #a4161a;"
        "padding:1rem;overflow-x:auto;white-space:pre-wrap}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(advice)}</p>"
        f'<pre id="problems">{html.escape(text)}</pre></body></html>\n'
    )


def with_toolbar(page: str, generation: int) -> str:
    """The page, with the reload script and a link to the PDF before its end."""
    link = _("Open the PDF")
    toolbar = (
        f'<div id="masterplan-preview" data-generation="{generation}" '
        'style="position:fixed;top:.5rem;right:.5rem;z-index:99;'
        "background:#fff;border:1px solid #888;border-radius:4px;padding:.25rem .75rem;"
        'font:14px system-ui,sans-serif">'
        f'<a href="/masterplan.pdf" target="_blank">{html.escape(link)}</a></div>'
        f"<script>{RELOAD}</script>"
    )
    end = page.rfind("</body>")
    return page[:end] + toolbar + page[end:] if end >= 0 else page + toolbar


class Server(ThreadingHTTPServer):
    daemon_threads = True  # an open page's event stream does not hold up Ctrl-C

    def __init__(self, host: str, port: int, preview: Preview) -> None:
        if ":" in host:
            self.address_family = socket.AF_INET6
        self.preview = preview
        super().__init__((host, port), Handler)

    @property
    def url(self) -> str:
        host, port = str(self.server_address[0]), self.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS

    def do_GET(self) -> None:
        self.answer(include_body=True)

    def do_HEAD(self) -> None:
        self.answer(include_body=False)

    def answer(self, *, include_body: bool) -> None:
        route: dict[str, Callable[[bool], None]] = {
            "/": self.page,
            "/masterplan.pdf": self.pdf,
            "/events": self.events,
        }
        path = urlsplit(self.path).path
        if not self.addressed_to_us():
            self.send_text(HTTPStatus.MISDIRECTED_REQUEST, "misdirected request\n", include_body)
        elif self.cross_site():
            self.send_text(HTTPStatus.FORBIDDEN, "cross-site request refused\n", include_body)
        elif path in route:
            route[path](include_body)
        else:
            self.send_text(HTTPStatus.NOT_FOUND, "not found\n", include_body)

    def addressed_to_us(self) -> bool:
        """Whether the request names this server (not a DNS name rebound to it): by the address
        it listens on or `localhost`; served to other machines (`--allow-remote`), also by any
        address or this machine's name, but never by another name, which a web page's own
        domain, rebound to this machine, would be."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        listening = str(self.server.server_address[0])
        if host in {listening, "localhost"}:
            return True
        return not loopback(listening) and (host in machine_names() or _ip(host) is not None)

    def cross_site(self) -> bool:
        """Whether a browser says another site's page made the request: an `<img>` of
        /masterplan.pdf on any web site would otherwise start a PDF build (minutes, gigabytes)
        at each load. A browser sends `Sec-Fetch-Site` with every request (`none` for an
        address typed or bookmarked), and `Origin` with a script's."""
        site = self.headers.get("Sec-Fetch-Site")
        origin = self.headers.get("Origin")
        return (site is not None and site not in ("same-origin", "none")) or (
            origin is not None and origin != f"http://{self.headers.get('Host')}"
        )

    def page(self, include_body: bool) -> None:
        self.send(HTTPStatus.OK, "text/html; charset=utf-8", self.server.preview.page, include_body)

    def pdf(self, include_body: bool) -> None:
        made = self.server.preview.pdf()
        if isinstance(made, bytes):
            self.send(HTTPStatus.OK, "application/pdf", made, include_body)
        else:
            self.send(HTTPStatus.CONFLICT, "text/html; charset=utf-8", made.encode(), include_body)

    def events(self, include_body: bool) -> None:
        """Server-sent events: `data: <generation>` after each rebuild."""
        preview = self.server.preview
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not include_body:
            return
        since = parse_qs(urlsplit(self.path).query).get("since", [""])[0]
        with preview.changed:
            seen = (
                int(since) if since.isascii() and since.isdigit() and len(since) < 19 else preview.generation
            )
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while True:
                now = preview.after(seen)
                if now is None:
                    return
                self.wfile.write(f"data: {now}\n\n".encode() if now != seen else b": waiting\n\n")
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            return  # the page was closed or reloaded, or reads nothing
        finally:
            self.close_connection = True

    def send_text(self, status: HTTPStatus, text: str, include_body: bool) -> None:
        self.send(status, "text/plain; charset=utf-8", text.encode(), include_body)

    def send(self, status: HTTPStatus, kind: str, body: bytes, include_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", POLICY)
        self.end_headers()
        if include_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # a request log would bury what matters; errors reach the page
