"""`masterplan serve`: a live preview of the document (`preview.py`), until Ctrl-C."""

from __future__ import annotations

import threading
from pathlib import Path

from ..errors import EXIT_OK, MasterplanError, UsageError
from ..l10n import _


def run(root: Path, host: str, port: int, language: str | None, allow_remote: bool) -> int:
    from ..preview import Preview, Server, loopback

    if not loopback(host) and not allow_remote:
        raise UsageError(
            _(
                "{host} is not this machine's loopback address: anyone who can reach it would see "
                "the document (add --allow-remote to serve it there anyway)"
            ).format(host=host)
        )
    preview = Preview(root, language)
    try:
        server = Server(host, port, preview)
    except OSError as error:
        raise MasterplanError(
            _("cannot listen on {host}:{port}: {reason} (choose another with --port)").format(
                host=host, port=port, reason=error.strerror or error
            )
        ) from None
    preview.rebuild()  # before the address is shown: the first request gets the document
    watcher = threading.Thread(target=preview.watch, name="watch", daemon=True)
    watcher.start()
    print(
        _("Serving the preview of {root} at {url} (Ctrl-C stops it)").format(root=root, url=server.url),
        flush=True,
    )
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print(_("Stopped."), flush=True)
    finally:
        preview.stop()
        server.server_close()
        watcher.join(timeout=2)
    return EXIT_OK
