"""One store and site holding every injection payload in every field, built once per test session.

Listing payloads go through the real parsers and `papers import` (one Daily Papers page, one author
profile, one AITopics page per payload, since a topic page has one topic); hand-written paper files
carry each payload (multi-line ones too) in title, authors, topics, links and abstract.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.render import feeds, home
from generator.store import StoredPaper, load_store
from payloads import ALL, SINGLE_LINE
from sitebuild import BuiltSite, _temporary_root, build_store

CAPTURED = dt.date(2025, 11, 22)


def listing_abstract(payload: str) -> str:
    """An abstract-shaped line (two sentences) carrying the payload."""
    return f"We study {payload} in depth. It is a hostile abstract with enough words to be one."


def hf_page(items: list[tuple[str, str]]) -> str:
    """A Daily Papers page: payload in title, abstract and organisation of one entry per payload."""
    lines = ["new", "Daily Papers", "byAK and the research community", "Nov 6"]
    for key, payload in items:
        lines += [f"{payload} hf {key}", listing_abstract(payload), payload, "·", "Jun 17, 2024 5"]
    return "\n\n".join(lines) + "\n"


def author_profile_page(items: list[tuple[str, str]]) -> str:
    """An author profile: payload in the glued title and the abstract (author names must look like names)."""
    lines = []
    for key, payload in items:
        lines += ["12.5LGMar 3, 2024Code", f"{payload} ap {key}Jane Doe, John Smith et al.", listing_abstract(payload)]
    return "\n".join(lines) + "\n"


def aitopics_page(key: str, payload: str) -> str:
    """An AITopics page whose topic, title, venue and abstract all carry the payload."""
    return "\n\n".join(["Goto", "Collaborating Authors", " " + payload, "",
                        f"{payload} ai {key}", payload, listing_abstract(payload)]) + "\n"


def hand_written(key: str, payload: str) -> str:
    """A paper file as a contributor would write it, with the payload in every free-text field (quoted YAML)."""
    meta = {"title": f"{payload} hand {key}", "authors": [payload, "Jane Doe"], "date": "2024-02-03",
            "topics": [payload], "links": [payload, f"https://example.org/?q={payload}"]}
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1_000_000)
    return f"---\n{front}---\n\n{payload}\n\nSecond paragraph about {payload}.\n"


def write_listings(directory: Path) -> list[Path]:
    """Every listing file of the corpus."""
    directory.mkdir(parents=True, exist_ok=True)
    items = list(SINGLE_LINE.items())
    files = {"hf-payloads.txt": hf_page(items), "profile-payloads.txt": author_profile_page(items)}
    files.update({f"aitopics-{key}.txt": aitopics_page(key, payload) for key, payload in items})
    for name, text in files.items():
        (directory / name).write_text(text, "utf-8")
    return [directory / name for name in files]


@dataclass
class InjectionSite:
    """The built payload site and the store it came from."""

    built: BuiltSite
    papers: list[StoredPaper]
    import_output: str

    def by_slug(self) -> dict[str, StoredPaper]:
        """Stored papers keyed by slug."""
        return {item.slug: item for item in self.papers}


_SITE: list[InjectionSite] = []


def injection_site() -> InjectionSite:
    """Import the listing corpus, add the hand-written files, and build the site (once per session).

    Home and feed normally show the latest 20/50 papers; here they show all, so every payload is
    checked on every page type.
    """
    if _SITE:
        return _SITE[0]
    root = _temporary_root("paper-archive-injection-")
    content = root / "content"
    result = CliRunner().invoke(main, ["import", "--content", str(content), "--captured", CAPTURED.isoformat(),
                                       *map(str, write_listings(root / "listings"))])
    assert result.exit_code == 0, result.output
    for key, payload in ALL.items():
        (content / "papers" / f"hand-{key}.md").write_text(hand_written(key, payload), "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(feeds, "FEED_SIZE", 10_000)
        patch.setattr(home, "LATEST_ON_HOME", 10_000)
        patch.setattr(home, "TOPICS_ON_HOME", 10_000)
        built = build_store(root, content)
    _SITE.append(InjectionSite(built, load_store(content), result.output))
    return _SITE[0]
