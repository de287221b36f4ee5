"""What the browser tests share: Debian's Chromium and its flags, a free port, the real app under uvicorn in a
thread, and one headless browser."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
# Flags for a root, offline machine: no sandbox (root), no GPU, and no background
# connections (Chromium's own update/sync calls are refused by the closed network).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Seconds the server may take to start on a loaded machine.
START_S = 30


def find_free_port() -> int:
    """A TCP port free on the loopback right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The real app over the store `db`, under uvicorn in a thread; yields its base URL."""
    import uvicorn

    from recoupe.serve.app import create_app

    port = find_free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port,
                                          log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_S
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium(playwright_sync: Any) -> Iterator[Any]:
    """One headless Chromium; Playwright gives it a fresh temporary profile."""
    with playwright_sync.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()
