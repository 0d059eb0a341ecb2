"""`papers build`: render the store into the docs tree, then run `mkdocs build --strict` on it."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import PaperArchiveError
from .render import SyncReport, generate_docs

ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = ROOT / "mkdocs.yml"
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


@dataclass
class BuildReport:
    """What a build did: the docs tree sync and where the site is."""

    sync: SyncReport
    site_dir: Path

    def summary(self) -> str:
        """One line for the CLI."""
        return f"pages: {self.sync.summary()}; site built in {self.site_dir}"


def mkdocs_environment(content_dir: Path, docs_dir: Path, site_dir: Path, site_url: str) -> dict[str, str]:
    """Environment for MkDocs: mkdocs.yml reads these paths through !ENV, the hook skips regenerating."""
    return {**os.environ, "PAPER_ARCHIVE_CONTENT_DIR": str(content_dir.resolve()),
            "PAPER_ARCHIVE_DOCS_DIR": str(docs_dir.resolve()), "PAPER_ARCHIVE_SITE_DIR": str(site_dir.resolve()),
            "PAPER_ARCHIVE_SITE_URL": site_url, "PAPER_ARCHIVE_SKIP_GENERATE": "1"}


def run_mkdocs(config_file: Path, environment: dict[str, str]) -> None:
    """`mkdocs build --strict` through its documented CLI; PaperArchiveError with its output on failure."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(config_file)]
    result = subprocess.run(command, cwd=config_file.parent, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise PaperArchiveError(f"mkdocs build --strict failed:\n{output[-4000:]}")


def build_site(content_dir: Path, *, docs_dir: Path | None = None, site_dir: Path | None = None,
               site_url: str = DEFAULT_SITE_URL, config_file: Path = CONFIG_FILE) -> BuildReport:
    """Generate the docs tree from the store and build the HTML site with MkDocs."""
    docs_dir = docs_dir or config_file.parent / "generated-docs"
    site_dir = site_dir or config_file.parent / "site"
    site_url = site_url.rstrip("/") + "/"
    sync = generate_docs(content_dir, docs_dir, site_url)
    run_mkdocs(config_file, mkdocs_environment(content_dir, docs_dir, site_dir, site_url))
    return BuildReport(sync, site_dir)
