"""The `papers` command: thin click commands over the pipeline (import, add, check, build)."""

from __future__ import annotations

import contextlib
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


@main.result_callback()
def exit_quickly(*_results: object, **_options: object) -> None:
    """Python's finalisation would walk the objects a command leaves (a loaded store) with full collections."""
    from .collector import no_collections_at_exit

    no_collections_at_exit()


SERVICE_NAMES = ("arxiv-api", "semantic-scholar")


def _enrichment_options(function):
    """The options `papers enrich` and `papers import --enrich` share."""
    options = [
        click.option("--service", "services", multiple=True, type=click.Choice(SERVICE_NAMES),
                     help="A service to ask, in order; repeat for several.  [default: arxiv-api, then semantic-scholar]"),
        click.option("--contact", default=None, envvar="PAPER_ARCHIVE_CONTACT",
                     help="E-mail or URL sent in the User-Agent so the services can reach you "
                          "(default: $PAPER_ARCHIVE_CONTACT); required to go to the network."),
        click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
                     default=Path(".paper-archive-cache"), show_default=True,
                     help="Where every answer is kept; a second run is answered from here."),
        click.option("--offline", is_flag=True, help="Use only the cache; a paper whose answer is not there fails."),
        click.option("--confirm", is_flag=True, help="Ask in the terminal about each near match instead of listing it."),
        click.option("--review", "review_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="Also write the near matches and ambiguities to this JSON file."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _run_enrich(content_dir: Path, slugs: list[str], services: tuple[str, ...], contact: str | None,
                cache_dir: Path, offline: bool, keep_going: bool, confirm: bool, review_file: Path | None) -> None:
    """Run enrichment with a progress bar, print reviews, failures and the summary; exit 1 on failure."""
    import json

    from .enrich import Review, enrich_store
    from .sources.http import Fetcher

    def ask(review: Review) -> bool:
        for line in review.lines():
            click.echo(line, err=True)
        return click.confirm("Apply this record?", default=False, err=True)

    fetcher = Fetcher(cache_dir, contact, offline=offline)
    with contextlib.ExitStack() as stack:
        bars: list = []

        def start(total: int) -> None:
            # With --confirm the questions take the terminal, so the bar stays out of their way.
            bars.append(stack.enter_context(click.progressbar(length=total, label="Looking papers up",
                                                              file=sys.stderr, show_pos=True, hidden=confirm)))

        report = enrich_store(content_dir, fetcher, services=services or SERVICE_NAMES, slugs=slugs,
                              keep_going=keep_going, confirm=ask if confirm else None, on_start=start,
                              progress=lambda step: bars[0].update(step))
    for review in report.reviews:
        for line in review.lines():
            click.echo(f"review: {line}" if not line.startswith(" ") else line)
    if review_file is not None:
        review_file.write_text(json.dumps([review.to_dict() for review in report.reviews], indent=2,
                                          ensure_ascii=False) + "\n", "utf-8")
        click.echo(f"review list written to {review_file}")
    for failure in report.failures:
        click.echo(f"failed: {failure}", err=True)
    click.echo(report.summary())
    if report.failures:
        if not keep_going:
            click.echo("nothing written: the store is unchanged (--keep-going applies what succeeded)", err=True)
        raise click.exceptions.Exit(1)


@main.command("import")
@click.argument("listings", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@CONTENT_OPTION
@click.option("--captured", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Day the listings were captured; year-less dates resolve against it.  [default: today]")
@click.option("--keep-going", is_flag=True,
              help="Import the valid records even if some are rejected (they are still reported).")
@click.option("--keyword-topics/--no-keyword-topics", default=True, show_default=True,
              help="Make BibTeX/RIS/CSL-JSON keywords topics of the paper.")
@click.option("--enrich", "then_enrich", is_flag=True,
              help="Then run `papers enrich` on the papers written (network; see papers enrich --help).")
@_enrichment_options
def import_command(listings: tuple[Path, ...], content_dir: Path, captured: dt.datetime | None,
                   keep_going: bool, keyword_topics: bool, then_enrich: bool, services: tuple[str, ...],
                   contact: str | None, cache_dir: Path, offline: bool, confirm: bool,
                   review_file: Path | None) -> None:
    """Import scraped LISTINGS into the store; idempotent, merges duplicates, all or nothing."""
    from .importer import import_listings  # each command imports only what it runs (`build` starts fast)

    captured_day = captured.date() if captured else dt.date.today()
    with click.progressbar(length=len(listings), label="Parsing listings", file=sys.stderr,
                           show_pos=True) as bar:
        report = import_listings(list(listings), content_dir, captured_day, keep_going=keep_going,
                                 keyword_topics=keyword_topics, progress=lambda _path: bar.update(1))
    for path, (format_name, count) in report.formats.items():
        click.echo(f"{path}: {format_name}, {count} records")
    for problem in report.rejected:
        click.echo(f"rejected: {problem}", err=True)
    click.echo(report.summary())
    if then_enrich and report.written:
        _run_enrich(content_dir, [path.stem for path in report.written], services, contact, cache_dir, offline,
                    keep_going, confirm, review_file)


@main.command("enrich")
@click.argument("slugs", nargs=-1)
@CONTENT_OPTION
@_enrichment_options
@click.option("--keep-going", is_flag=True, help="Write what succeeded even if some lookups failed (exit is still 1).")
def enrich_command(slugs: tuple[str, ...], content_dir: Path, services: tuple[str, ...], contact: str | None,
                   cache_dir: Path, offline: bool, confirm: bool, review_file: Path | None, keep_going: bool) -> None:
    """Fill missing authors, arXiv id/DOI, PDF link and exact date from arXiv and Semantic Scholar.

    Only papers lacking one of these are looked up (all of them, or those among SLUGS); only certain
    matches are applied, only to empty fields, each recorded under the paper's sources. All or nothing.
    """
    _run_enrich(content_dir, list(slugs), services, contact, cache_dir, offline, keep_going, confirm, review_file)


@main.command("add")
@CONTENT_OPTION
@click.option("--title", help="The paper's title, as plain text.")
@click.option("--author", "authors", multiple=True, help="An author's name; repeat for each author, in order.")
@click.option("--date", help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--topic", "topics", multiple=True, help="A topic; repeat for each topic.")
@click.option("--arxiv", help="arXiv id or URL (arXiv:2106.01234v2 and arxiv.org links are normalised).")
@click.option("--url", help="A link to the paper, its code or project page.")
@click.option("--abstract", help="The abstract; without it, it is read from standard input (or asked for).")
@click.option("--doi", help="The DOI (10.1038/nature14539 or a doi.org link).")
@click.option("--bibtex", "bibtex_file", metavar="FILE|-", help="Add every entry of a BibTeX file ('-': paste it on "
              "standard input), e.g. what Google Scholar's 'Cite' shows.")
@click.option("--ris", "ris_file", metavar="FILE|-",
              help="Add every record of an RIS file (Zotero, Mendeley, EndNote).")
@click.option("--csl", "csl_file", metavar="FILE|-", help="Add every item of a CSL-JSON file (Zotero, citeproc).")
@click.option("--atom", "atom_file", metavar="FILE|-", help="Add every entry of a saved arXiv API response or feed.")
@click.option("--contact", default=None, help="Your e-mail or URL, sent to arXiv / Semantic Scholar with an --arxiv or "
              "--doi lookup (default: $PAPER_ARCHIVE_CONTACT).")
def add_command(content_dir: Path, title: str | None, authors: tuple[str, ...], date: str | None,
                topics: tuple[str, ...], arxiv: str | None, url: str | None, abstract: str | None,
                doi: str | None, bibtex_file: str | None, ris_file: str | None, csl_file: str | None,
                atom_file: str | None, contact: str | None) -> None:
    """Write new paper files: by arXiv id or DOI, from a BibTeX/RIS/CSL-JSON file, from flags, or by asking."""
    from .add import (PaperInput, add_paper, confirm_in_terminal, prompt_missing, settle_given_authors,
                      stdin_is_terminal)

    files = {flag: value for flag, value in (("--bibtex", bibtex_file), ("--ris", ris_file), ("--csl", csl_file),
                                             ("--atom", atom_file)) if value}
    if files:
        if len(files) > 1 or any((title, authors, date, topics, arxiv, url, abstract, doi)):
            raise click.UsageError("--bibtex, --ris, --csl and --atom take every field from the entries: give one "
                                   "of them, without --title, --author and the other field flags")
        from .add_from import add_entries, read_entries

        flag, source = next(iter(files.items()))
        records = read_entries(flag, source, dt.date.today())
        for result in add_entries(content_dir, records, "standard input" if source == "-" else source):
            for warning in result.warnings:
                click.echo(f"warning: {result.path}: {warning}", err=True)
            click.echo(f"wrote {result.path}")
        click.echo("next: run `papers check`, preview with `mkdocs serve` (or `make serve`), then open a pull request")
        return
    if (arxiv or doi) and title is None:
        if any((authors, date, url, abstract)) or (arxiv and doi):
            raise click.UsageError("--arxiv or --doi without --title fills every field from arXiv or Semantic "
                                   "Scholar: give one of them (and --topic if you like), or give --title too")
        from .add_from import add_by_identifier

        result = add_by_identifier(content_dir, arxiv, doi, list(topics), contact)
        for warning in result.warnings:
            click.echo(f"warning: {result.path}: {warning}", err=True)
        click.echo(f"wrote {result.path}")
        click.echo("next: run `papers check`, preview with `mkdocs serve` (or `make serve`), then open a pull request")
        return
    given = PaperInput(title, list(authors), date, list(topics), arxiv, url, abstract, doi=doi)
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
@click.option("--format", "output_format", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="text: file:line: field: message; github: GitHub workflow commands, so each problem is an "
                   "annotation on its line of the pull request.")
def check_command(content_dir: Path, output_format: str) -> None:
    """Validate every paper file: schema, dates, duplicates, file names. Exit 1 on any error."""
    from .check import check_store, github_annotation

    errors, warnings = check_store(content_dir)
    if output_format == "github":  # workflow commands are read from standard output
        for warning in warnings:
            click.echo(github_annotation(warning, "warning"))
        for error in errors:
            click.echo(github_annotation(error, "error"))
        if errors:
            click.echo(f"{content_dir}: {len(errors)} errors, {len(warnings)} warnings (annotated on their lines)",
                       err=True)
    else:
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


@main.command("preview")
@click.argument("papers", nargs=-1)
@CONTENT_OPTION
@click.option("--since", metavar="REF", default=None,
              help="Show the papers changed since your branch left REF (git merge-base HEAD REF).  "
                   "[default: origin/main, else main, else uncommitted changes only]")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site-preview"),
              show_default=True, help="Where --no-serve builds the preview (never the full site's folder).")
@click.option("--port", type=int, default=8000, show_default=True, help="Serve at http://127.0.0.1:PORT/.")
@click.option("--serve/--no-serve", default=True, show_default=True,
              help="Serve with live reload (mkdocs serve), or only build into --site-dir.")
def preview_command(papers: tuple[str, ...], content_dir: Path, since: str | None, site_dir: Path, port: int,
                    serve: bool) -> None:
    """Preview only the papers you changed, in seconds at any archive size: their pages, author, topic and year
    pages, home and search, each page saying what is left out. PAPERS (paths or slugs) picks them by hand;
    otherwise git does: files under content/papers/ changed since --since (committed or not) and untracked ones.
    """
    from .preview import build_preview, serve_preview

    if papers and since:
        raise click.UsageError("--since chooses papers by what changed; named PAPERS are shown as they are: give one")
    if serve:
        raise click.exceptions.Exit(serve_preview(content_dir, papers, since, port, site_dir, announce=click.echo))
    report = build_preview(content_dir, papers, since, site_dir)
    click.echo(report.summary())
    click.echo(f"look at it: python -m http.server --bind 127.0.0.1 --directory {report.site_dir} 8000")



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
