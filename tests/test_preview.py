"""`make preview` serves the built site on 127.0.0.1, where links and search work (file:// breaks them)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from sitebuild import ROOT, fixture_site


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float = 15.0) -> tuple[int, str]:
    """GET url, retrying while the server starts."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status, response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_make_preview_serves_the_site_on_localhost_at_the_given_port() -> None:
    site, port = fixture_site().site, free_port()
    server = subprocess.Popen(["make", "--no-print-directory", "-C", str(ROOT), "preview", f"PORT={port}",
                               f"SITE_DIR={site}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              start_new_session=True, text=True)
    try:
        status, home = fetch(f"http://127.0.0.1:{port}/")
        assert status == 200 and "<title>" in home
        status, paper = fetch(f"http://127.0.0.1:{port}/papers/deep-learning/")  # a folder URL: what file:// breaks
        assert status == 200 and "Deep Learning" in paper
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=10)[0]
    assert f"Serving {site}/ at http://127.0.0.1:{port}/" in output


def test_make_preview_binds_to_the_loopback_interface_only() -> None:
    recipe = subprocess.run(["make", "--no-print-directory", "-n", "-C", str(ROOT), "preview"],
                            capture_output=True, text=True, check=True).stdout
    assert "-m http.server --bind 127.0.0.1 --directory 'site' 8000" in recipe


def test_make_preview_without_a_built_site_says_to_build_it(tmp_path: Path) -> None:
    result = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "preview", f"SITE_DIR={tmp_path}"],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "run 'make site' first" in result.stderr


def test_make_site_points_to_the_preview_not_to_index_html() -> None:
    recipe = subprocess.run(["make", "--no-print-directory", "-n", "-C", str(ROOT), "site"],
                            capture_output=True, text=True, check=True).stdout
    assert "run 'make preview' and open http://127.0.0.1:8000/" in recipe and "open site/index.html" not in recipe
