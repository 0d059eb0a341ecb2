"""The `papers` command: thin click commands over the pipeline (import, add, check, build)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from . import __version__

CONTENT_OPTION = click.option(
    "--content", "content_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("content"),
    show_default=True, help="The paper store (a folder holding papers/).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="papers")
def main() -> None:
    """Paper Archive: import paper listings, check the store, build the site."""


@main.command("import")
@click.argument("listings", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@CONTENT_OPTION
@click.option("--captured", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Day the listings were captured; year-less dates resolve against it.  [default: today]")
@click.option("--keep-going", is_flag=True,
              help="Import the valid records even if some are rejected (they are still reported).")
def import_command(listings: tuple[Path, ...], content_dir: Path, captured: dt.datetime | None,
                   keep_going: bool) -> None:
    """Import scraped LISTINGS into the store; idempotent, merges duplicates, all or nothing."""
    from .importer import import_listings  # each command imports only what it runs (`build` starts fast)

    captured_day = captured.date() if captured else dt.date.today()
    with click.progressbar(length=len(listings), label="Parsing listings", file=sys.stderr,
                           show_pos=True) as bar:
        report = import_listings(list(listings), content_dir, captured_day, keep_going=keep_going,
                                 progress=lambda _path: bar.update(1))
    for path, (format_name, count) in report.formats.items():
        click.echo(f"{path}: {format_name}, {count} records")
    for problem in report.rejected:
        click.echo(f"rejected: {problem}", err=True)
    click.echo(report.summary())


@main.command("add")
@CONTENT_OPTION
@click.option("--title", help="The paper's title, as plain text.")
@click.option("--author", "authors", multiple=True, help="An author's name; repeat for each author, in order.")
@click.option("--date", help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--topic", "topics", multiple=True, help="A topic; repeat for each topic.")
@click.option("--arxiv", help="arXiv id or URL (arXiv:2106.01234v2 and arxiv.org links are normalised).")
@click.option("--url", help="A link to the paper, its code or project page.")
@click.option("--abstract", help="The abstract; without it, it is read from standard input (or asked for).")
def add_command(content_dir: Path, title: str | None, authors: tuple[str, ...], date: str | None,
                topics: tuple[str, ...], arxiv: str | None, url: str | None, abstract: str | None) -> None:
    """Write a new paper file from flags, or by asking in a terminal; refuses duplicates."""
    from .add import (PaperInput, add_paper, confirm_in_terminal, prompt_missing, settle_given_authors,
                      stdin_is_terminal)

    given = PaperInput(title, list(authors), date, list(topics), arxiv, url, abstract)
    # "--author 'Ada Lovelace, Alan Turing'" is two people, "--author 'Lovelace, Ada'" one; a doubtful
    # comma is asked about in a terminal (stdin is the abstract otherwise, so it cannot be asked).
    given = settle_given_authors(given, confirm_in_terminal if stdin_is_terminal() else None)
    if stdin_is_terminal():
        given = prompt_missing(given) if title is None else given
        if given.abstract is None:
            given.abstract = click.prompt("Abstract, one paragraph", default="", show_default=False)
    elif title is None:
        raise click.UsageError("--title is required when not run in a terminal (in a terminal, you are asked)")
    elif abstract is None:
        given.abstract = sys.stdin.read()
    result = add_paper(content_dir, given)
    for warning in result.warnings:
        click.echo(f"warning: {result.path}: {warning}", err=True)
    click.echo(f"wrote {result.path}")
    click.echo("next: run `papers check`, preview with `mkdocs serve` (or `make serve`), then open a pull request")


@main.command("check")
@CONTENT_OPTION
def check_command(content_dir: Path) -> None:
    """Validate every paper file: schema, dates, duplicates, file names. Exit 1 on any error."""
    from .check import check_store

    errors, warnings = check_store(content_dir)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    for error in errors:
        click.echo(str(error), err=True)
    if errors:
        raise click.exceptions.Exit(1)
    click.echo(f"{content_dir}: store is valid ({len(warnings)} warnings)")


@main.command("build")
@CONTENT_OPTION
@click.option("--docs-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("generated-docs"),
              show_default=True, help="Where the generated Markdown pages go (never inside the store).")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"),
              show_default=True, help="Where MkDocs writes the HTML site.")
@click.option("--site-url", default=None,
              help="Public URL of the site, used in canonical links, the sitemap, feeds, citations and papers.json "
                   "(default: site_url in mkdocs.yml, which reads $PAPER_ARCHIVE_SITE_URL). Without one, pages "
                   "carry no absolute URL.")
@click.option("--related", type=click.Choice(["lexical", "semantic", "off"]), default=None,
              help="Related papers: TF-IDF (lexical, the default), sentence embeddings (semantic, needs "
                   "pip install 'paper-archive[semantic]') or off.")
def build_command(content_dir: Path, docs_dir: Path, site_dir: Path, site_url: str | None,
                  related: str | None) -> None:
    """Render the store into pages and build the site with `mkdocs build --strict`."""
    from .build import build_site  # MkDocs is only needed for this command

    report = build_site(content_dir, docs_dir=docs_dir, site_dir=site_dir, site_url=site_url, related=related)
    for warning in report.warnings:
        click.echo(warning, err=True)
    click.echo(report.summary())
    # Opened from disk (file://), every folder link and the search break: the browser cannot fetch there.
    click.echo(f"look at it in a browser: make preview (or python -m http.server --bind 127.0.0.1 "
               f"--directory {report.site_dir} 8000), then open http://127.0.0.1:8000/")



@main.command("deploy-check")
@click.argument("site_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"))
@click.option("--max-bytes", type=int, default=None, help="Size limit (default: GitHub Pages' 1 GB).")
def deploy_check_command(site_dir: Path, max_bytes: int | None) -> None:
    """Refuse to publish a site built without a public URL, with a local one, or over the size limit."""
    from .deploy import PAGES_LIMIT_BYTES, deploy_problems, size_line

    limit = max_bytes or PAGES_LIMIT_BYTES
    problems = deploy_problems(site_dir, limit)
    if (site_dir / "index.html").is_file():
        click.echo(size_line(site_dir, limit))
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if problems:
        raise click.exceptions.Exit(1)
    click.echo(f"{site_dir}: ready to publish")


@main.command("store-summary")
@CONTENT_OPTION
@click.option("--base", "base_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The base branch's store, to compare with.")
def store_summary_command(content_dir: Path, base_dir: Path) -> None:
    """Markdown table of the papers, authors and pages this store adds to the base's (for a PR check summary)."""
    from .deploy import store_counts, store_summary

    click.echo(store_summary(store_counts(base_dir), store_counts(content_dir)), nl=False)


if __name__ == "__main__":
    main(prog_name="papers")
