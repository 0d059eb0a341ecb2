"""The public site URL: one spelling everywhere, and '' when none is set (then nothing carries an absolute URL)."""

from __future__ import annotations


def normalise_site_url(site_url: str | None) -> str:
    """'https://x.org/archive/' with one trailing slash, or '' when unset (None, blank or a bare '/')."""
    site_url = (site_url or "").strip()
    return site_url.rstrip("/") + "/" if site_url.rstrip("/") else ""
