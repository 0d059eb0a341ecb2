"""The public site URL: one spelling everywhere, and '' when none is set (then nothing carries an absolute URL)."""

from __future__ import annotations

import os
import re
from pathlib import Path

# mkdocs.yml's top-level `site_url:` line, read without a YAML parser: importing MkDocs' loader costs ~0.2 s,
# more than half of a `papers build` that finds nothing changed. Only the plain forms are read this way
# (a URL, quoted or not, `null`, `!ENV NAME`, `!ENV [NAME, ..., default]`); anything else goes to MkDocs.
SITE_URL_LINE = re.compile(r"^site_url:[ \t]*(?P<value>[^#\n]*?)[ \t]*(?:#.*)?$", re.M)
ENV_TAG = re.compile(r"!ENV[ \t]+(?:\[(?P<items>[^\]\[{}]*)\]|(?P<name>[A-Za-z_][A-Za-z0-9_]*))")
PLAIN_VALUE = re.compile(r"""(?P<quote>["']?)(?P<text>[^"'\[\]{}!&*|>]*)(?P=quote)""")
NULLS = {"", "~", "null", "Null", "NULL"}

def normalise_site_url(site_url: str | None) -> str:
    """'https://x.org/archive/' with one trailing slash, or '' when unset (None, blank or a bare '/')."""
    site_url = (site_url or "").strip()
    return site_url.rstrip("/") + "/" if site_url.rstrip("/") else ""


# A valid sitemap listing nothing: what the site publishes without a site URL (a sitemap <loc> must be
# absolute), and feeds/sitemap.xml, which mkdocs-material fetches beside every alternate link.
EMPTY_SITEMAP = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                 b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


def _scalar(text: str) -> str | None:
    """A plain or quoted YAML scalar as MkDocs would read a site URL; None for null; ValueError otherwise."""
    match = PLAIN_VALUE.fullmatch(text.strip())
    if not match:
        raise ValueError(text)
    return None if not match["quote"] and match["text"] in NULLS else match["text"]


def configured_site_url(config_file: Path) -> str:
    """`site_url` of mkdocs.yml as MkDocs reads it (its !ENV tag sees the environment), '' when unset."""
    text = config_file.read_text("utf-8")
    line = SITE_URL_LINE.search(text)
    try:
        if not line:
            return ""
        env = ENV_TAG.fullmatch(line["value"])
        if not env:
            return normalise_site_url(_scalar(line["value"]))
        names = [env["name"]] if env["name"] else [item.strip() for item in env["items"].split(",")]
        default = _scalar(names.pop()) if len(names) > 1 else None
        return normalise_site_url(next((os.environ[name] for name in names if name in os.environ), default))
    except ValueError:  # a form this reader does not know: ask MkDocs' own loader
        from mkdocs.utils.yaml import yaml_load

        return normalise_site_url((yaml_load(text) or {}).get("site_url"))
