"""Feeds written as text: the same document ElementTree would write, with untrusted fields escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser

from generator.models import Paper, Source
from generator.render.feeds import ATOM, atom_feed
from generator.render.group_feeds import GROUP_FEED_SIZE, group_feeds
from generator.render.site import Site, gather_site
from generator.store import StoredPaper

HOSTILE = "<b>Tom & \"Jerry\"</b> 'quoted'\tend ]]> \x07"
TOPIC = "A&B \"<i>\" 'x'\t\ny"


def hostile_site() -> Site:
    """Twelve papers of one author and topic, every text field carrying markup, quotes and control characters."""
    papers = [Paper(title=f"{HOSTILE} {number}", authors=[HOSTILE, "Jane Doe"], date=f"2024-01-{10 + number}",
                    topics=[TOPIC], abstract=f"An {HOSTILE}\n\nabstract {number}.") for number in range(12)]
    papers.append(Paper(title="No authors, no abstract", date="2023"))
    stored = [StoredPaper(f"paper-{number}", Path(f"paper-{number}.md"), paper) for number, paper in enumerate(papers)]
    return gather_site(stored, "https://example.org/archive/")


def hostile_group_feeds(site: Site) -> dict[str, bytes]:
    (slug, group), = site.topics.items()
    return group_feeds(site, "topic", slug, group.name, list(group.papers))


def elementtree_bytes(document: bytes, indent: bool) -> bytes:
    """The document parsed and written again by ElementTree, indented or with its whitespace as it was."""
    ET.register_namespace("", ATOM)
    root = ET.fromstring(document)
    if indent:
        ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def test_atom_feeds_are_what_elementtree_writes() -> None:
    site = hostile_site()
    atom = next(data for path, data in hostile_group_feeds(site).items() if path.endswith(".xml"))
    assert elementtree_bytes(atom_feed(site), indent=True) == atom_feed(site)
    assert elementtree_bytes(atom, indent=False) == atom  # a group feed's entries are one line each
    assert atom.count(b"\n  <entry><id>") == GROUP_FEED_SIZE
    for document in (atom_feed(site), atom):
        parsed = feedparser.parse(document)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert all(entry.title_detail.type == "text/plain" for entry in parsed.entries)


def test_untrusted_fields_come_back_as_the_same_text() -> None:
    site = hostile_site()
    entries = ET.fromstring(atom_feed(site)).findall(f"{{{ATOM}}}entry")
    clean = HOSTILE.replace("\x07", "")
    first = entries[0]
    assert first.find(f"{{{ATOM}}}title").text == f"{clean} 11"
    assert first.find(f"{{{ATOM}}}title").get("type") == first.find(f"{{{ATOM}}}summary").get("type") == "text"
    assert [name.text for name in first.iter(f"{{{ATOM}}}name")] == [clean, "Jane Doe"]
    assert [category.get("term") for category in first.iter(f"{{{ATOM}}}category")] == [TOPIC]
    abstract = " ".join(f"An {HOSTILE}\n\nabstract 11.".split()).replace("\x07", "")  # split, then cleaned
    assert first.find(f"{{{ATOM}}}summary").text == abstract
    assert entries[-1].find(f"{{{ATOM}}}summary") is None
    assert [name.text for name in entries[-1].iter(f"{{{ATOM}}}name")] == []  # no invented "Unknown" author
    feed_author = ET.fromstring(atom_feed(site)).find(f"{{{ATOM}}}author/{{{ATOM}}}name")
    assert feed_author.text == "Paper Archive"  # RFC 4287: entries without an author inherit the feed's


def test_group_feeds_hold_the_latest_papers_only_in_atom() -> None:
    feeds = hostile_group_feeds(hostile_site())
    assert [path.rsplit(".", 1)[1] for path in feeds] == ["xml"]  # no JSON Feed beside it
    parsed = feedparser.parse(next(iter(feeds.values())))
    titles = [entry.title for entry in parsed.entries]
    assert len(titles) == GROUP_FEED_SIZE == 10
    assert titles[0].endswith(" 11") and titles[-1].endswith(" 2")  # newest first
    assert [name.name for name in parsed.entries[0].authors] == [HOSTILE.replace("\x07", "").strip(), "Jane Doe"]
    assert parsed.entries[0].summary == " ".join(f"An {HOSTILE}\n\nabstract 11.".replace("\x07", "").split())


def test_undated_papers_carry_their_capture_date_never_an_invented_one() -> None:
    """An undated paper is dated by the first capture of a listing naming it; one with neither date is left out."""
    sighting = [Source(listing="later.txt", format="aitopics", line=1, captured="2025-12-03"),
                Source(listing="first.txt", format="aitopics", line=9, captured="2025-11-30")]
    papers = {"dated": Paper(title="Dated", authors=["Ada Lovelace"], date="2024-02-01", topics=["T"]),
              "captured": Paper(title="Captured", author_count=4, topics=["T"], sources=sighting),
              "dateless": Paper(title="Dateless", topics=["T"])}
    site = gather_site([StoredPaper(slug, Path(f"{slug}.md"), paper) for slug, paper in papers.items()],
                       "https://example.org/")
    (slug, group), = site.topics.items()
    feeds = group_feeds(site, "topic", slug, group.name, list(group.papers))
    atom = feeds[f"feeds/topic-{slug}.xml"]
    for parsed in (feedparser.parse(atom), feedparser.parse(atom_feed(site))):
        assert not parsed.bozo and parsed.feed.updated == "2025-11-30T00:00:00Z"
        dated, captured = parsed.entries  # "Dateless" is left out; the dated paper first
        assert (dated.title, dated.updated, dated.published) == ("Dated", "2024-02-01T00:00:00Z", "2024-02-01T00:00:00Z")
        assert (captured.title, captured.updated, "published" in captured) == ("Captured", "2025-11-30T00:00:00Z", False)
        assert "authors" not in captured  # "4 authors" is no one's name; the feed's own author stands in
