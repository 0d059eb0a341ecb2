"""The public site URL: one spelling everywhere, and '' when none is set (then nothing carries an absolute URL)."""

from __future__ import annotations


def normalise_site_url(site_url: str | None) -> str:
    """'https://x.org/archive/' with one trailing slash, or '' when unset (None, blank or a bare '/')."""
    site_url = (site_url or "").strip()
    return site_url.rstrip("/") + "/" if site_url.rstrip("/") else ""


# A valid sitemap listing nothing: what the site publishes without a site URL (a sitemap <loc> must be
# absolute), and feeds/sitemap.xml, which mkdocs-material fetches beside every alternate link.
EMPTY_SITEMAP = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                 b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')
