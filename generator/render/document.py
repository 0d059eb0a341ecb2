"""A generated page: YAML front matter (what templates read) followed by a Markdown body."""

from __future__ import annotations

from typing import Any

import yaml


def markdown_document(meta: dict[str, Any], body: str = "") -> str:
    """The text of a Markdown page with front matter; stable key order, so unchanged input gives equal bytes."""
    header = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1_000_000)
    return f"---\n{header}---\n\n{body.strip()}\n" if body.strip() else f"---\n{header}---\n"
