"""Awkward but valid listings are accepted faithfully: CRLF, BOM, odd spaces, RTL, emoji, huge fields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.importer import import_listings
from generator.store import load_store

ODD_TITLE = ("Zero\u200bwidth,\u00a0no-break, tab\there, cafe\u0301 (combining), "
             "\u05e2\u05d1\u05e8\u05d9\u05ea \u0627\u0644\u0639\u0631\u0628\u064a\u0629 RTL, emoji \U0001f9ea\U0001f4c4")
ODD_ABSTRACT = "We test \u200b\u00a0odd spaces. \u202eRTL override\u202c stays text. Emoji \U0001f600 too."
LONG_TITLE = "Long " + "title " * 1665  # about 10,000 characters
HUGE_ABSTRACT = ("A sentence about results. " * 40_000).strip()  # about 1 MB


def hf_page(*entries: tuple[str, str]) -> str:
    blocks = "".join(f"{title}\n\n{abstract}\n\n  \u2022 3 authors\n\u00b7\nJun 17, 2024 5\n\n" for title, abstract in entries)
    return f"new\n\nDaily Papers\n\nbyAK and the research community\n\nNov 6\n\n{blocks}"


def aitopics_page(*entries: tuple[str, str]) -> str:
    blocks = "\n\n\n".join(f"{title}\n\narXiv.org AI\n\n{abstract}" for title, abstract in entries)
    return f"Goto\n\nCollaborating Authors\n\n Odd Things\n\n\n{blocks}\n"


def imported(tmp_path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> dict[str, str]:
    listing = tmp_path / "listing.txt"
    listing.write_bytes(text.replace("\n", newline).encode(encoding))
    content = tmp_path / "content"
    import_listings([listing], content, dt.date(2025, 11, 22))
    return {item.paper.title: item.paper.abstract for item in load_store(content)}


@pytest.mark.parametrize("page", [hf_page, aitopics_page])
@pytest.mark.parametrize("encoding, newline", [("utf-8", "\n"), ("utf-8-sig", "\r\n"), ("utf-8-sig", "\r")])
def test_odd_characters_and_line_ends_round_trip(tmp_path, page, encoding, newline):
    papers = imported(tmp_path, page((ODD_TITLE, ODD_ABSTRACT), ("Plain Title", ODD_ABSTRACT)), encoding, newline)
    assert papers == {ODD_TITLE: ODD_ABSTRACT, "Plain Title": ODD_ABSTRACT}


@pytest.mark.parametrize("page", [hf_page, aitopics_page])
def test_ten_thousand_character_title_and_one_megabyte_abstract(tmp_path, page):
    papers = imported(tmp_path, page((LONG_TITLE.strip(), HUGE_ABSTRACT), ("Next Paper", "Short. Abstract here.")))
    assert papers[LONG_TITLE.strip()] == HUGE_ABSTRACT
    assert len(HUGE_ABSTRACT) > 1_000_000 and len(LONG_TITLE.strip()) > 9_900
    [path] = [p for p in (tmp_path / "content" / "papers").iterdir() if p.name.startswith("long-title")]
    assert len(path.name.encode()) <= 100


def test_author_profile_with_crlf_bom_and_diacritics(tmp_path):
    text = ("12.5LGMar 3, 2024Code\nÜber Models of GPT-4Zoë Müller, Jean-Luc Martin, Carla Gómez-Ruiz et al.\n"
            "An abstract with ünïcödé. It is fine.\n")
    listing = tmp_path / "profile.txt"
    listing.write_bytes(text.replace("\n", "\r\n").encode("utf-8-sig"))
    import_listings([listing], tmp_path / "content", dt.date(2025, 1, 1))
    [stored] = load_store(tmp_path / "content")
    paper = stored.paper
    assert (paper.title, paper.authors, paper.authors_truncated) == (
        "Über Models of GPT-4", ["Zoë Müller", "Jean-Luc Martin", "Carla Gómez-Ruiz"], True)
    assert (paper.score, paper.arxiv_category, paper.date, paper.code) == (12.5, "LG", "2024-03-03", True)
    assert stored.slug == "uber-models-of-gpt-4"
