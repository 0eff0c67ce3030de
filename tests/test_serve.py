"""`masterplan serve` as a user meets it: a real server in its own process on a free loopback
port, asked with a real HTTP client (http.client); editing the repository reloads the page
through server-sent events."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import can_symlink, masterplan

TIMEOUT = 900  # seconds: a guard against a hang, not a time limit on the work (a PDF on a
# loaded two-core machine took 150 s)


class Served:
    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "", parts.port or 0

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
        connection = self.connection()
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, response.getheader("Content-Type") or "", body

    def page(self) -> str:
        status, kind, body = self.get("/")
        assert (status, kind) == (200, "text/html; charset=utf-8")
        return body.decode("utf-8")


@contextlib.contextmanager
def serving(root: Path, *options: str) -> Iterator[Served]:
    process = subprocess.Popen(
        [sys.executable, "-m", "masterplan_cli", "serve", str(root), "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        # Ctrl-C as on a terminal, also when the tests run in a background job (which ignores it)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.fullmatch(
        rf"Serving the preview of {re.escape(str(root))} at (http://[0-9.]+:\d+/) \(Ctrl-C stops it\)\n",
        line,
    )
    assert match, line + (process.stderr.read() if process.stderr and process.poll() is not None else "")
    served = Served(process, match[1])
    served.root = root  # type: ignore[attr-defined]
    try:
        yield served
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()  # and close the pipes


@pytest.fixture
def served(example_city: Callable[[str], Path]) -> Iterator[Served]:
    with serving(example_city("solok")) as served:
        assert served.host == "127.0.0.1"
        yield served


class Events:
    """The page's event stream, read line by line."""

    def __init__(self, served: Served, since: str) -> None:
        self.connection = served.connection()
        self.connection.request("GET", f"/events?since={since}")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type") == "text/event-stream"

    def next_data(self) -> str:
        while True:
            line = self.response.fp.readline().decode()
            assert line, "the event stream ended"
            if line.startswith("data: "):
                return line.removeprefix("data: ").strip()


def generation(page: str) -> str:
    found = re.search(r'<div id="masterplan-preview" data-generation="(\d+)"', page)
    assert found, "no preview toolbar in the page"
    return found[1]


@pytest.mark.slow  # a server in a process of its own, building Solok
def test_a_saved_change_reloads_the_page(served: Served) -> None:
    root: Path = served.root  # type: ignore[attr-defined]
    page = served.page()
    assert "<title>Masterplan Smart City Kota Solok" in page
    assert '<a href="/masterplan.pdf" target="_blank">Open the PDF</a>' in page
    assert 'new EventSource("/events?since=" + shown)' in page
    events = Events(served, generation(page))

    opd = root / "opd" / "dinkes.yaml"
    text = opd.read_text(encoding="utf-8")
    opd.write_text(text.replace("SI SEHAT — Solok Integrasi Sehat", "SI SEHAT DISUNTING"), encoding="utf-8")
    assert events.next_data() == str(int(generation(page)) + 1)
    page = served.page()
    assert "SI SEHAT DISUNTING" in page

    opd.write_text(text + "<script>alert(1)</script>: 1\n", encoding="utf-8")  # an unknown field
    events.next_data()
    broken = served.page()
    assert "<h1>The repository has problems</h1>" in broken
    assert re.search(r"opd/dinkes\.yaml:\d+:1: MP\d+ .*&lt;script&gt;alert\(1\)&lt;/script&gt;", broken)
    assert "<script>alert" not in broken
    assert "SI SEHAT" not in broken  # not the stale document

    opd.write_text(text, encoding="utf-8")
    events.next_data()
    assert "SI SEHAT — Solok Integrasi Sehat" in served.page()

    events.connection.close()
    served.process.send_signal(signal.SIGINT)
    stdout, stderr = served.process.communicate(timeout=TIMEOUT)
    assert (served.process.returncode, stdout, stderr) == (0, "Stopped.\n", "")


TRAVERSALS = [
    "/../masterplan.yaml",
    "/%2e%2e/masterplan.yaml",
    "/..%2fmasterplan.yaml",
    "/masterplan.yaml",
    "/opd/dinkes.yaml",
    "/opd/",
    "/assets/logo.svg",
    "//etc/passwd",
    "/index.html",
    "/dist/masterplan.html",
]


@pytest.mark.slow  # a server in a process of its own, building Solok
def test_no_file_of_the_repository_is_served(served: Served) -> None:
    """Only `/`, `/events` and `/masterplan.pdf` are answered: no path reaches a file."""
    answers = {path: served.get(path) for path in TRAVERSALS}
    assert answers == dict.fromkeys(TRAVERSALS, (404, "text/plain; charset=utf-8", b"not found\n"))


@pytest.mark.slow  # a server in a process of its own, building Solok
def test_a_request_for_another_host_is_refused(served: Served) -> None:
    """A DNS name rebound to 127.0.0.1 would let a web page read the preview."""
    status, _, body = served.get("/", {"Host": f"attacker.example:{served.port}"})
    assert (status, body) == (421, b"misdirected request\n")
    assert served.get("/", {"Host": f"localhost:{served.port}"})[0] == 200


CROSS_SITE = [
    pytest.param("/masterplan.pdf", {"Sec-Fetch-Site": "cross-site"}, id="an img of the PDF on a web site"),
    pytest.param("/", {"Sec-Fetch-Site": "same-site"}, id="a frame on another port"),
    pytest.param("/", {"Origin": "http://attacker.example"}, id="a script on another site"),
    pytest.param("/", {"Origin": "null"}, id="a sandboxed frame"),
]


@pytest.mark.slow  # a server in a process of its own, building Solok
@pytest.mark.parametrize(("path", "headers"), CROSS_SITE)
def test_a_request_from_another_site_is_refused(served: Served, path: str, headers: dict[str, str]) -> None:
    """A page on any web site could load http://127.0.0.1:PORT/masterplan.pdf as an image, and
    start a PDF build (minutes, gigabytes) at each load: the browser says where it comes from."""
    assert served.get(path, headers) == (403, "text/plain; charset=utf-8", b"cross-site request refused\n")
    own = {"Sec-Fetch-Site": "same-origin", "Origin": f"http://{served.host}:{served.port}"}
    assert served.get("/", own)[0] == served.get("/", {"Sec-Fetch-Site": "none"})[0] == 200


@pytest.mark.slow  # a server in a process of its own, building Solok
def test_an_idle_connection_is_closed(served: Served) -> None:
    """A connection that sends nothing holds a thread of the server: it is closed after
    IDLE_SECONDS (20), not kept for ever."""
    with socket.create_connection((served.host, served.port), timeout=120) as idle:
        assert idle.recv(1) == b""
    assert served.page()


@pytest.mark.skipif(not can_symlink(Path(__file__).parent), reason="no symbolic links here")
def test_the_watcher_follows_no_link(tmp_path: Path) -> None:
    """A repository's links to / and to itself are not walked into (nor are .git/ and .venv/,
    which a build never reads): the watcher polls ten times a second, and walking the
    machine, or a loop, would never end."""
    from masterplan_cli.preview import snapshot

    (tmp_path / "masterplan.yaml").write_text("")
    (tmp_path / "opd").mkdir()
    (tmp_path / "opd" / "root").symlink_to("/")
    (tmp_path / "opd" / "loop").symlink_to("..")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("")
    (tmp_path / ".venv" / "lib").mkdir(parents=True)
    (tmp_path / ".venv" / "lib" / "site.py").write_text("")
    assert [Path(path).relative_to(tmp_path).as_posix() for path in snapshot(tmp_path)] == ["masterplan.yaml"]


@pytest.mark.slow  # a server in a process of its own, building Solok
def test_a_city_template_script_does_not_run(served: Served) -> None:
    connection = served.connection()
    connection.request("GET", "/")
    response = connection.getresponse()
    response.read()
    connection.close()
    policy = response.getheader("Content-Security-Policy") or ""
    assert "default-src 'none'" in policy
    assert "frame-ancestors 'none'; base-uri 'none'; form-action 'none'" in policy
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/]+=*'$", policy)


@pytest.mark.pdf
def test_the_pdf_on_request(served: Served) -> None:
    status, kind, body = served.get("/masterplan.pdf")
    assert (status, kind, body[:5]) == (200, "application/pdf", b"%PDF-")


def test_the_pdf_is_laid_out_again_only_after_a_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each request for the PDF laid it out anew (seconds to minutes): now the PDF made at a
    generation is served until a saved change makes the next one."""
    from masterplan_cli import preview

    made: list[str] = []

    def document(root: Path, fmt: str, language: str | None) -> bytes | str:
        made.append(fmt)
        return f"%PDF- number {len(made)}".encode() if fmt == "pdf" else "<p>page</p>"

    monkeypatch.setattr(preview, "document", document)
    shown = preview.Preview(tmp_path, None)
    shown.rebuild()
    assert (shown.pdf(), shown.pdf()) == (b"%PDF- number 2", b"%PDF- number 2")
    shown.rebuild()  # what the watcher does on a save
    assert shown.pdf() == b"%PDF- number 4"
    assert made == ["html", "pdf", "html", "pdf"]


def test_served_to_other_machines_a_rebound_name_is_still_refused(tmp_path: Path) -> None:
    """With --allow-remote any address of the machine, or its name, reaches the preview; a web
    page's own domain, rebound by its DNS to this machine, does not."""
    (tmp_path / "masterplan.yaml").write_text("")
    with serving(tmp_path, "--host", "0.0.0.0", "--allow-remote") as served:
        assert served.host == "0.0.0.0"
        for host in ("attacker.example", "localhost.attacker.example", "127.0.0.1.nip.io"):
            assert served.get("/", {"Host": f"{host}:{served.port}"})[0] == 421, host
        for host in ("127.0.0.1", "192.0.2.7", "[::1]", socket.gethostname(), "localhost"):
            assert served.get("/", {"Host": f"{host}:{served.port}"})[0] == 200, host


def test_another_interface_needs_allow_remote(tmp_path: Path) -> None:
    (tmp_path / "masterplan.yaml").write_text("")
    code, output = masterplan("serve", str(tmp_path), "--host", "0.0.0.0")
    assert (code, output) == (
        2,
        "Error: 0.0.0.0 is not this machine's loopback address: anyone who can reach it would see "
        "the document (add --allow-remote to serve it there anyway)\n",
    )


def test_a_port_in_use_is_said(tmp_path: Path) -> None:
    (tmp_path / "masterplan.yaml").write_text("")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, output = masterplan("serve", str(tmp_path), "--port", str(port))
    assert (code, output) == (
        1,
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use (choose another with --port)\n",
    )
