"""Helpers shared by the formats: is a paragraph an abstract or a title, and filing what an entry became."""

from __future__ import annotations

import re

from ..errors import Problem
from ..models import Source

# A sentence end inside a paragraph: 'data. We', 'work! The'. '?' is left out on purpose: titles such as
# 'Words are all you need? Language as ...' use it.
SENTENCE_BREAK = re.compile(r"[a-z0-9)\]%][.!] +[A-Z]")
ABSTRACT_MIN_CHARS = 300
ABSTRACT_MIN_WORDS = 40


def looks_like_abstract(text: str) -> bool:
    """Whether a paragraph is shaped like an abstract rather than a title.

    Titles are one short sentence (arXiv titles stay well under 300 characters and 40 words and do
    not contain sentence breaks); abstracts are long or have at least two sentences ('... data. We
    propose ...', or one break plus a closing full stop).
    """
    if len(text) > ABSTRACT_MIN_CHARS or len(text.split()) > ABSTRACT_MIN_WORDS:
        return True
    sentences = len(SENTENCE_BREAK.findall(text)) + (1 if text.endswith((".", "!")) else 0)
    return sentences >= 2


def preview(text: str, limit: int = 60) -> str:
    """A short quotable excerpt of a line for problem messages."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def file_outcome(outcome: Source | Problem, records: list[Source], problems: list[Problem]) -> None:
    """Put what an entry became, a record or the reason it cannot be one, where it belongs."""
    (problems if isinstance(outcome, Problem) else records).append(outcome)  # type: ignore[arg-type]
