"""`papers build`: render the store into the docs tree, then run `mkdocs build --strict` on it."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PaperArchiveError
from .layout import default_cache_dir, folder_cache_file
from .render import SyncReport, generate_docs
from .site_url import configured_site_url, normalise_site_url

ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = ROOT / "mkdocs.yml"
SITE_URL_VARIABLE = "PAPER_ARCHIVE_SITE_URL"  # what mkdocs.yml's `site_url: !ENV [...]` reads
NO_SITE_URL_WARNING = ("warning: no site URL is set (site_url in mkdocs.yml, $PAPER_ARCHIVE_SITE_URL or "
                       "`papers build --site-url`): pages, feeds and citation files carry no absolute URL and "
                       "sitemap.xml is empty. Set it to the address the site is published at.")


@dataclass
class BuildReport:
    """What a build did: the docs tree sync and where the site is."""

    sync: SyncReport
    site_dir: Path
    mkdocs: str = "full"  # full, narrowed (only changed files given to MkDocs), dirty or unchanged (not run)
    warnings: list[str] = field(default_factory=list)  # for the CLI to print once (no site URL)

    def summary(self) -> str:
        """One line for the CLI."""
        return f"pages: {self.sync.summary()}; site built in {self.site_dir} ({self.mkdocs})"


def mkdocs_environment(content_dir: Path, docs_dir: Path, site_dir: Path, site_url: str | None) -> dict[str, str]:
    """Environment for MkDocs: mkdocs.yml reads these paths and the site URL through !ENV, the hook skips
    regenerating. Without a site URL the variable is removed, so MkDocs sees mkdocs.yml's own (unset) value."""
    environment = {key: value for key, value in os.environ.items() if key != SITE_URL_VARIABLE}
    environment |= {"PAPER_ARCHIVE_CONTENT_DIR": str(content_dir.resolve()),
                    "PAPER_ARCHIVE_DOCS_DIR": str(docs_dir.resolve()), "PAPER_ARCHIVE_SITE_DIR": str(site_dir.resolve()),
                    "PAPER_ARCHIVE_SKIP_GENERATE": "1"}
    if public := normalise_site_url(site_url):
        environment[SITE_URL_VARIABLE] = public
    if "SOURCE_DATE_EPOCH" not in environment and (epoch := commit_epoch(ROOT)):
        environment["SOURCE_DATE_EPOCH"] = epoch
    return environment


def commit_epoch(repository: Path) -> str | None:
    """The time of the checked-out commit (Unix seconds), or None outside a git checkout.

    MkDocs dates the sitemap's <lastmod> and the sitemap.xml.gz header with $SOURCE_DATE_EPOCH, else with
    the clock: with the commit's time a build of one commit gives the same bytes on any day, in any folder.
    """
    epoch = (git(["log", "-1", "--format=%ct"], repository, timeout=30) or "").strip()
    return epoch if epoch.isdigit() else None


def git(arguments: list[str], cwd: Path, timeout: float = 120) -> str | None:
    """A git command's output, or None when git is missing or fails (not a checkout, unknown ref)."""
    try:
        result = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, text=True, errors="replace",
                                timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def run_mkdocs(config_file: Path, environment: dict[str, str], *, dirty: bool = False) -> str:
    """`mkdocs build --strict` through its documented CLI; PaperArchiveError with its output on failure.

    dirty: `mkdocs build --dirty`, which renders only pages whose Markdown is newer than their HTML (the
    generator keeps the mtime of every file it did not change). MkDocs always logs a warning for a dirty
    build, which strict mode would turn into a failure, so a dirty build runs --no-strict and any *other*
    warning fails it here instead, just as --strict would.
    """
    mode = ["--dirty", "--no-strict"] if dirty else ["--strict", "--quiet"]  # dirty logs INFO: narrowed or not
    command = [sys.executable, "-m", "mkdocs", "build", *mode, "--config-file", str(config_file)]
    result = subprocess.run(command, cwd=config_file.parent, env=environment, capture_output=True, text=True)
    output = (result.stdout + result.stderr).strip()
    warnings = [line for line in output.splitlines() if line.startswith("WARNING") and DIRTY_WARNING not in line]
    if result.returncode != 0 or warnings:
        raise PaperArchiveError(f"mkdocs build --strict failed:\n{output[-4000:]}")
    return output


DIRTY_WARNING = "A 'dirty' build is being performed"
NARROWED = "Narrowed build:"  # what hooks/narrow_build.py logs (generator/narrow.py)
# What a site folder was last built from is build state, kept in the cache (never in the published folder).
STAMP_PREFIX = "site-build-"
LEGACY_STAMP = ".paper-archive-build"  # where older builds kept it: inside site_dir, so it was published
BUILD_NEUTRAL = {"PAPER_ARCHIVE_SITE_DIR", "PAPER_ARCHIVE_SKIP_GENERATE"}  # where, not what, MkDocs builds


def build_stamp_path(cache_dir: Path, site_dir: Path) -> Path:
    """The stamp of one site folder's last build: one file per folder, in the build cache."""
    return folder_cache_file(cache_dir, STAMP_PREFIX, site_dir, ".json")


def site_identity(site_dir: Path) -> list[int] | None:
    """The site folder as the last build left it (inodes, mtimes, size of index.html); None if absent.

    A folder deleted (`make clean`), emptied or rebuilt by a plain `mkdocs build` since no longer
    matches, so the stamp, which now lives outside it, cannot vouch for a site that is not there.
    """
    try:
        folder, index = site_dir.stat(), (site_dir / "index.html").stat()
    except OSError:
        return None
    return [folder.st_ino, folder.st_mtime_ns, index.st_ino, index.st_size, index.st_mtime_ns]


def read_stamp(stamp: Path) -> dict:
    """A stamp's content, or {} when it is missing or unreadable (then the next build is a full one)."""
    try:
        data = json.loads(stamp.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_stamp(stamp: Path, fingerprint: str, site_dir: Path, run: int) -> None:
    """Record what site_dir was just built from (`run`: the docs tree's journal entry), atomically."""
    stamp.parent.mkdir(parents=True, exist_ok=True)
    staging = stamp.with_name(stamp.name + ".tmp")
    staging.write_text(json.dumps({"fingerprint": fingerprint, "site": site_identity(site_dir), "run": run}), "utf-8")
    os.replace(staging, stamp)


def build_fingerprint(config_file: Path, environment: dict[str, str]) -> str:
    """What a dirty build cannot see: config, templates and assets, hooks, MkDocs/Material versions, the
    PAPER_ARCHIVE_* settings (paths, URL, hook switches)."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    for name in ("mkdocs", "mkdocs-material"):
        digest.update(f"{name}={version(name)}\n".encode())
    for key in sorted(environment):
        if key.startswith("PAPER_ARCHIVE_") and key not in BUILD_NEUTRAL:
            digest.update(f"{key}={environment[key]}\n".encode())
    root = config_file.parent
    for path in [config_file, *sorted((root / "overrides").rglob("*")), *sorted((root / "hooks").glob("*.py"))]:
        if path.is_file():
            digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def update_site(config_file: Path, environment: dict[str, str], site_dir: Path, sync: SyncReport,
                cache_dir: Path, docs_dir: Path) -> str:
    """Bring the site up to date with the least work: nothing, a dirty build or a clean one; says which."""
    from .render.journal import read_journal

    stamp = build_stamp_path(cache_dir, site_dir)
    fingerprint = build_fingerprint(config_file, environment)
    last = read_stamp(stamp)
    identity = site_identity(site_dir)
    current = identity is not None and last.get("fingerprint") == fingerprint and last.get("site") == identity
    # MkDocs' clean build keeps dotfiles in site_dir, so an older build's stamp would stay published.
    (site_dir / LEGACY_STAMP).unlink(missing_ok=True)
    run = read_journal(cache_dir, docs_dir).last  # the docs tree as this build sees it
    # Not only this run's changes: `mkdocs serve` (another site folder) may have regenerated the tree since.
    if current and not sync.written and not sync.deleted and last.get("run") == run:
        return "unchanged"  # same docs tree, same theme and config: MkDocs would write the same site
    # Deleted files (an emptied search shard, a feed) MkDocs copied as they are: remove the copy. A deleted
    # page's HTML only a narrowed build removes (generator/narrow.py): else a clean build follows.
    dirty = current
    if dirty:
        for path in sync.deleted:
            (site_dir / path).unlink(missing_ok=True)
    stamp.unlink(missing_ok=True)  # a failed build must not leave a stamp saying the site is current
    output = run_mkdocs(config_file, environment, dirty=dirty)
    if dirty and NARROWED not in output and any(path.endswith(".md") for path in sync.deleted):
        output, dirty = run_mkdocs(config_file, environment), False
    write_stamp(stamp, fingerprint, site_dir, run)
    # hooks/narrow_build.py gave MkDocs only the changed files (generator/narrow.py) or MkDocs walked them all
    return ("narrowed" if NARROWED in output else "dirty") if dirty else "full"


def build_site(content_dir: Path, *, docs_dir: Path | None = None, site_dir: Path | None = None,
               site_url: str | None = None, config_file: Path = CONFIG_FILE,
               related: str | None = None) -> BuildReport:
    """Generate the docs tree from the store and build the HTML site with MkDocs.

    site_url: the public URL; None means mkdocs.yml's `site_url`. When neither gives one the site is built
    without absolute URLs and the report's `warnings` says so.
    """
    docs_dir = docs_dir or config_file.parent / "generated-docs"
    site_dir = site_dir or config_file.parent / "site"
    site_url = normalise_site_url(site_url) if site_url is not None else configured_site_url(config_file)
    sync = generate_docs(content_dir, docs_dir, site_url, related=related)
    environment = mkdocs_environment(content_dir, docs_dir, site_dir, site_url)
    mode = update_site(config_file, environment, site_dir, sync, default_cache_dir(content_dir), docs_dir)
    return BuildReport(sync, site_dir, mode, [] if site_url else [NO_SITE_URL_WARNING])
