"""`papers preview`: a small site of only the papers a contributor changed, ready in seconds at any archive size.

A full build reads every paper file (50,000 of them take minutes before `mkdocs serve` shows a page). A
preview reads only the changed files: git says which (`git merge-base HEAD origin/main`, then `main`,
then uncommitted changes only; untracked files too), or the contributor names them. They are linked
into a store of their own beside the build cache, rendered by the normal generator into their own docs
tree, and built by the normal MkDocs path with mkdocs.yml inherited, plus `extra.preview`, which makes
overrides/partials/pa-preview-banner.html say on every page what the preview leaves out.

The links are symbolic, so `mkdocs serve` on the preview store sees every save of a changed paper (the
hook watches the links' real folders too, generator/store_watch.py) and reloads the page, through the same
hook as `make serve`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .build import CONFIG_FILE, git, mkdocs_environment, run_mkdocs
from .errors import InputError, PaperArchiveError, Problem
from .layout import CACHE_ENV, default_cache_dir, papers_dir
from .render import SyncReport, generate_docs

DEFAULT_BASES = ("origin/main", "main")  # tried in order; with neither, only uncommitted changes are shown
PREVIEW_FOLDER = "preview"  # inside the build cache: the linked store, docs tree, config and cache
MAX_REMOVED_SHOWN = 5  # removed papers named in the banner; more are counted
# The banner's stylesheet. Not in overrides/: every file there is copied into every site, and a normal
# site must hold only assets its pages load (tests/test_site_assets.py). The preview's theme folder is
# overrides/ with this file added (theme_overlay).
STYLESHEET = Path(__file__).with_name("pa-preview.css")
STYLESHEET_URL = "assets/stylesheets/pa-preview.css"


@dataclass
class Selection:
    """The papers a preview shows, those it lists as removed, and what they were compared with."""

    files: list[Path] = field(default_factory=list)  # paper files to show (they exist)
    new: set[str] = field(default_factory=set)  # slugs not in the base
    removed: list[tuple[str, str]] = field(default_factory=list)  # (slug, title in the base)
    basis: str = ""  # in words: "since origin/main", "in uncommitted changes", "named on the command line"
    compared: bool = True  # chosen by comparing with a commit (so each is edited or new), not named

    @property
    def slugs(self) -> list[str]:
        """The shown papers' slugs, in file-name order."""
        return [path.stem for path in self.files]


@dataclass
class PreviewReport:
    """What `papers preview --no-serve` built."""

    selection: Selection
    left_out: int
    sync: SyncReport
    site_dir: Path

    def summary(self) -> str:
        """One line for the CLI."""
        return (f"preview of {counted(len(self.selection.files), 'paper')} ({self.selection.basis}) built in "
                f"{self.site_dir}; {counted(self.left_out, 'other paper')} of the archive left out")


def counted(number: int, noun: str) -> str:
    """'1 paper', '49,997 papers'."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def base_commit(folder: Path, since: str | None) -> tuple[str, str]:
    """The commit to compare with and how to say it: where HEAD left `since` (or origin/main, or main);
    HEAD itself when none is known, so only what is not committed yet counts as changed."""
    if since is not None and (not since or since.startswith("-")):
        raise PaperArchiveError(f"--since {since!r}: give a branch, tag or commit")
    for ref in [since] if since else DEFAULT_BASES:
        base = git(["merge-base", "HEAD", ref], folder)
        if base:
            return base.strip(), f"since {ref}"
    if since:
        raise PaperArchiveError(f"--since {since}: git knows no such commit, or it shares no history with HEAD")
    if git(["rev-parse", "--verify", "--quiet", "HEAD"], folder) is None:
        raise PaperArchiveError(f"{folder}: not in a git checkout with a commit; name the papers to preview "
                                "(papers preview content/papers/<slug>.md ...)")
    return "HEAD", "in uncommitted changes"


def old_title(folder: Path, base: str, name: str) -> str:
    """A removed paper's title as the base had it (its slug when the old file cannot be read)."""
    from .store import parse_paper_text

    text = git(["show", f"{base}:./{name}"], folder)
    paper = parse_paper_text(text, name)[0] if text is not None else None
    return paper.title if paper is not None else Path(name).stem


def changed_papers(content_dir: Path, since: str | None = None) -> Selection:
    """The paper files that differ from the base commit (committed or not), plus untracked ones."""
    folder = papers_dir(content_dir)
    if not folder.is_dir():
        raise PaperArchiveError(f"{folder}: no such folder (is --content the store?)")
    base, basis = base_commit(folder, since)
    diff = git(["diff", "--name-status", "--no-renames", "--relative", "-z", base, "--", "."], folder)
    untracked = git(["ls-files", "--others", "--exclude-standard", "-z", "--", "."], folder)
    if diff is None or untracked is None:
        raise PaperArchiveError(f"{folder}: git could not compare the store with {base}")
    fields = diff.split("\0")
    statuses = {name: status[0] for status, name in zip(fields[::2], fields[1::2]) if name}
    statuses.update({name: "A" for name in untracked.split("\0") if name})
    selection = Selection(basis=basis)
    for name, status in sorted(statuses.items()):
        if not name.endswith(".md") or "/" in name:
            continue  # the store is one flat folder of .md files
        if (folder / name).is_file():
            selection.files.append(folder / name)
            if status == "A":
                selection.new.add(name[:-3])
        elif status == "D":
            selection.removed.append((name[:-3], old_title(folder, base, name)))
    return selection


def named_papers(content_dir: Path, names: list[str]) -> Selection:
    """The papers named on the command line, each by its file's path or its slug."""
    folder, files, problems = papers_dir(content_dir), {}, []
    for name in names:
        given = Path(name)
        path = given if given.suffix == ".md" and given.is_file() else folder / f"{given.name.removesuffix('.md')}.md"
        if path.is_file():
            files[path.resolve()] = path
        else:
            problems.append(Problem(name, None, None, f"no such paper (neither a file nor a slug in {folder})"))
    if problems:
        raise InputError(problems)
    return Selection(files=sorted(files.values(), key=lambda path: path.name), basis="named on the command line",
                     compared=False)


def archive_size(content_dir: Path) -> int:
    """How many papers the whole store holds: one listing of its folder, no file read or parsed."""
    with os.scandir(papers_dir(content_dir)) as entries:
        return sum(1 for entry in entries if entry.name.endswith(".md") and entry.is_file())


def validate(selection: Selection) -> None:
    """Each shown paper file must be valid on its own; its problems are reported at its real path."""
    from .store import read_paper

    problems = [problem for path in selection.files for problem in read_paper(path)[1]]
    if problems:
        raise InputError(problems)


def banner_data(selection: Selection, left_out: int) -> dict:
    """`extra.preview` for the banner: plain words and numbers, and the removed papers' titles (the
    template escapes everything it prints)."""
    edited = len(selection.files) - len(selection.new)
    parts = [f"{edited:,} edited" if edited else "", f"{len(selection.new):,} new" if selection.new else "",
             f"{len(selection.removed):,} removed" if selection.removed else ""]
    detail = ", ".join(part for part in parts if part) + " " + selection.basis if selection.compared else selection.basis
    shown = selection.removed[:MAX_REMOVED_SHOWN]
    return {
        "heading": f"Preview of {counted(len(selection.files), 'changed paper' if selection.compared else 'paper')}",
        "detail": detail,
        "left_out": f"{left_out:,}",
        "removed": [{"slug": slug, "title": title} for slug, title in shown],
        "removed_more": len(selection.removed) - len(shown),
    }


def workspace(content_dir: Path) -> Path:
    """The preview's own folder in the build cache: linked store, docs tree, config and generator cache."""
    return default_cache_dir(content_dir) / PREVIEW_FOLDER


def link_store(selection: Selection, store: Path) -> None:
    """Make store/papers/ hold exactly the selected files, as symbolic links to them (copies where the file
    system has no links: then edits need a restart)."""
    folder = papers_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {path.name: path.resolve() for path in selection.files}
    for entry in folder.iterdir():
        if entry.name not in wanted or not entry.is_symlink() or entry.resolve() != wanted[entry.name]:
            entry.unlink()
    for name, target in wanted.items():
        link = folder / name
        if not link.exists():
            try:
                link.symlink_to(target)
            except OSError:
                shutil.copy2(target, link)


def theme_overlay(overrides: Path, overlay: Path) -> Path:
    """overrides/ as a folder of links to its files (real folders: MkDocs lists theme files without entering
    linked ones), plus the banner's stylesheet."""
    shutil.rmtree(overlay, ignore_errors=True)
    files = [(path.relative_to(overrides), path) for path in overrides.rglob("*") if path.is_file()]
    for relative, source in [*files, (Path(STYLESHEET_URL), STYLESHEET)]:
        target = overlay / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.symlink_to(source.resolve())
        except OSError:
            shutil.copy2(source, target)
    return overlay


def write_config(work: Path, docs_dir: Path, site_dir: Path, preview: dict) -> Path:
    """A MkDocs config inheriting mkdocs.yml, with its paths made absolute (MkDocs resolves them beside the
    config that names them), the preview's folders, theme overlay and `extra.preview`. JSON, which is YAML."""
    from mkdocs.utils.yaml import yaml_load

    with open(CONFIG_FILE, "rb") as stream:
        parent = yaml_load(stream)
    root = CONFIG_FILE.parent
    overrides = root / ((parent.get("theme") or {}).get("custom_dir") or "overrides")
    config = {"INHERIT": str(CONFIG_FILE), "docs_dir": str(docs_dir.resolve()), "site_dir": str(site_dir.resolve()),
              "site_url": None, "extra": {"preview": preview},
              "theme": {"custom_dir": str(theme_overlay(overrides, work / "theme").resolve())},
              "hooks": [str((root / hook).resolve()) for hook in parent.get("hooks") or []]}
    path = work / "mkdocs.yml"
    path.write_text(json.dumps(config, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return path


@dataclass
class Prepared:
    """A preview ready for MkDocs: its store, folders, config and environment."""

    selection: Selection
    left_out: int
    store: Path
    docs_dir: Path
    config: Path
    environment: dict[str, str]


def prepare(content_dir: Path, names: list[str], since: str | None, site_dir: Path) -> Prepared:
    """Select the papers, check them, link them into the preview store and write the preview's config."""
    if site_dir.resolve() in {(CONFIG_FILE.parent / "site").resolve(), Path("site").resolve()}:
        raise PaperArchiveError(f"{site_dir}: that is the full site's folder; give the preview its own "
                                "(default site-preview/)")
    selection = named_papers(content_dir, names) if names else changed_papers(content_dir, since)
    if not selection.files and not selection.removed:
        raise PaperArchiveError(f"no paper file {selection.basis}: name the papers to preview "
                                "(papers preview <slug> ...), or compare with another commit (--since REF)")
    validate(selection)
    store_folder = papers_dir(content_dir).resolve()
    left_out = archive_size(content_dir) - sum(path.resolve().parent == store_folder for path in selection.files)
    work = workspace(content_dir)
    store, docs_dir, cache = work / "content", work / "docs", work / "cache"
    link_store(selection, store)
    docs_dir.mkdir(parents=True, exist_ok=True)  # MkDocs checks it exists before the hook renders into it
    config = write_config(work, docs_dir, site_dir, banner_data(selection, left_out))
    environment = mkdocs_environment(store, docs_dir, site_dir, None)
    # Its own parse and unit caches (the archive's would be replaced by a 3-paper store), and no related
    # papers: among a handful of changed papers they would only mislead (the banner says they are left out).
    environment |= {CACHE_ENV: str(cache.resolve()), "PAPER_ARCHIVE_RELATED": "off"}
    return Prepared(selection, left_out, store, docs_dir, config, environment)


def build_preview(content_dir: Path, names: Sequence[str] = (), since: str | None = None,
                  site_dir: Path = Path("site-preview")) -> PreviewReport:
    """Render the selected papers into the preview docs tree and build it with `mkdocs build --strict`."""
    prepared = prepare(content_dir, list(names), since, site_dir)
    sync = generate_docs(prepared.store, prepared.docs_dir, None, related="off",
                         cache_dir=Path(prepared.environment[CACHE_ENV]))
    run_mkdocs(prepared.config, prepared.environment)
    return PreviewReport(prepared.selection, prepared.left_out, sync, site_dir)


def serve_preview(content_dir: Path, names: Sequence[str] = (), since: str | None = None, port: int = 8000,
                  site_dir: Path = Path("site-preview"), announce: Callable[[str], None] = print) -> int:
    """`mkdocs serve` on the preview: the hook renders the linked store on every rebuild, and a save of a
    changed paper reloads its pages. Returns MkDocs' exit status (0 after Ctrl-C)."""
    prepared = prepare(content_dir, list(names), since, site_dir)
    environment = dict(prepared.environment)
    environment.pop("PAPER_ARCHIVE_SKIP_GENERATE", None)  # here the hook generates, on every rebuild
    selection = prepared.selection
    announce(f"previewing {counted(len(selection.files), 'paper')} ({selection.basis}; "
             f"{counted(prepared.left_out, 'other paper')} left out) at http://127.0.0.1:{port}/ : saving one of "
             f"them reloads its pages; a paper added meanwhile needs a restart. Ctrl-C stops.")
    command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(prepared.config),
               "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=prepared.config.parent, env=environment)
    with contextlib.suppress(ValueError):  # not the main thread: the caller handles its signals
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        return server.wait()
    except KeyboardInterrupt:  # Ctrl-C reaches MkDocs too, which stops
        return 0
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
