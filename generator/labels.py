"""Readers' words for the archive's internal codes: where a paper was seen, and arXiv category names.

Pages and the search facets show these instead of our file names (`hf-daily-papers-1.txt`) and bare
category codes (`LG`). One place, so the paper page, listings and search never disagree.
"""

from __future__ import annotations

import datetime as dt
import functools

from .models import Source

# A listing format's name as its readers know the site it was saved from (generator/formats/*.NAME).
FORMAT_NAMES = {
    "hf-daily-papers": "Hugging Face Daily Papers",
    "author-profile": "an author profile",
    "aitopics": "AITopics",
    "bibtex": "a BibTeX library",
    "ris": "an RIS library export",
    "csl-json": "a CSL-JSON library export",
    "arxiv-atom": "arXiv",
    "arxiv-api": "arXiv",  # records `papers enrich` filled fields from (generator/sources/)
    "semantic-scholar": "Semantic Scholar",
}

# arXiv's subject classes (arxiv.org/category_taxonomy), the ones AI and ML listings carry. Listings often
# drop the archive prefix ("LG" for "cs.LG"), so bare codes are looked up under cs first.
ARXIV_CATEGORIES = {
    "cs.AI": "Artificial Intelligence",
    "cs.AR": "Hardware Architecture",
    "cs.CC": "Computational Complexity",
    "cs.CE": "Computational Engineering, Finance, and Science",
    "cs.CG": "Computational Geometry",
    "cs.CL": "Computation and Language",
    "cs.CR": "Cryptography and Security",
    "cs.CV": "Computer Vision and Pattern Recognition",
    "cs.CY": "Computers and Society",
    "cs.DB": "Databases",
    "cs.DC": "Distributed, Parallel, and Cluster Computing",
    "cs.DL": "Digital Libraries",
    "cs.DM": "Discrete Mathematics",
    "cs.DS": "Data Structures and Algorithms",
    "cs.ET": "Emerging Technologies",
    "cs.FL": "Formal Languages and Automata Theory",
    "cs.GL": "General Literature",
    "cs.GR": "Graphics",
    "cs.GT": "Computer Science and Game Theory",
    "cs.HC": "Human-Computer Interaction",
    "cs.IR": "Information Retrieval",
    "cs.IT": "Information Theory",
    "cs.LG": "Machine Learning",
    "cs.LO": "Logic in Computer Science",
    "cs.MA": "Multiagent Systems",
    "cs.MM": "Multimedia",
    "cs.MS": "Mathematical Software",
    "cs.NA": "Numerical Analysis",
    "cs.NE": "Neural and Evolutionary Computing",
    "cs.NI": "Networking and Internet Architecture",
    "cs.OH": "Other Computer Science",
    "cs.OS": "Operating Systems",
    "cs.PF": "Performance",
    "cs.PL": "Programming Languages",
    "cs.RO": "Robotics",
    "cs.SC": "Symbolic Computation",
    "cs.SD": "Sound",
    "cs.SE": "Software Engineering",
    "cs.SI": "Social and Information Networks",
    "cs.SY": "Systems and Control",
    "eess.AS": "Audio and Speech Processing",
    "eess.IV": "Image and Video Processing",
    "eess.SP": "Signal Processing",
    "eess.SY": "Systems and Control",
    "math.OC": "Optimization and Control",
    "math.ST": "Statistics Theory",
    "q-bio.NC": "Neurons and Cognition",
    "stat.AP": "Applications",
    "stat.CO": "Computation",
    "stat.ME": "Methodology",
    "stat.ML": "Machine Learning",
    "stat.TH": "Statistics Theory",
}


def arxiv_category_code(code: str) -> str:
    """The full arXiv code of a category as listings write it: 'LG' -> 'cs.LG', 'stat.ML' kept."""
    return code if "." in code or f"cs.{code}" not in ARXIV_CATEGORIES else f"cs.{code}"


def arxiv_category_label(code: str) -> str:
    """'cs.LG — Machine Learning' for 'LG' or 'cs.LG'; an unknown code is shown as it is."""
    full = arxiv_category_code(code)
    name = ARXIV_CATEGORIES.get(full)
    return f"{full} — {name}" if name else code


def listing_name(source: Source) -> str:
    """The listing a paper was seen in, as a reader would name it: 'AITopics: Rote Learning'."""
    name = FORMAT_NAMES.get(source.format, source.format.replace("-", " ").capitalize())
    if source.format == "aitopics" and source.topic:
        return f"{name}: {source.topic}"
    return name


@functools.lru_cache(maxsize=65536)  # a few thousand distinct dates, asked ~25 times a paper by listings
def readable_date(date: str) -> str:
    """'2025-12-26' -> '26 Dec 2025'; '2025-12' -> 'Dec 2025'; a year or anything else as it is."""
    for layout, shown in (("%Y-%m-%d", "{d.day} {d:%b %Y}"), ("%Y-%m", "{d:%b %Y}")):
        try:
            return shown.format(d=dt.datetime.strptime(date, layout))
        except ValueError:
            continue
    return date


# Which of a paper's fields `papers enrich` filled, in readers' words (Source.filled holds the field names).
FILLED_NAMES = {"authors": "authors", "arxiv": "arXiv id", "doi": "DOI", "pdf": "PDF link", "date": "date",
                "abstract": "abstract", "arxiv_category": "arXiv category"}


def sighting(source: Source) -> str:
    """One sighting in readers' words: 'Seen on Hugging Face Daily Papers, captured 26 Dec 2025'.

    A record `papers enrich` used reads 'Filled in from arXiv (authors, PDF link), looked up 1 Dec 2026'.
    """
    if source.filled:
        fields = ", ".join(FILLED_NAMES.get(name, name) for name in source.filled)
        text = f"Filled in from {listing_name(source)} ({fields})"
        return f"{text}, looked up {readable_date(source.captured)}" if source.captured else text
    text = f"Seen on {listing_name(source)}"
    return f"{text}, captured {readable_date(source.captured)}" if source.captured else text
