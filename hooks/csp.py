"""MkDocs hook: a Content Security Policy on every page, computed from the page's final HTML.

GitHub Pages sets no response headers, so the policy is a `<meta http-equiv="Content-Security-Policy">`,
inserted first in <head> (after `<meta charset>` when that opens it, so the charset stays in the first
1,024 bytes). A policy in a meta element applies to what follows it, so every script of the page is under it.
Scripts may come from the site itself and, inline, only with the exact text the build produced: the hook
hashes (sha256) every inline <script> of the page as written, whatever the templates print, so a
template change needs no edit here, and a script planted in a built page later, or printed by an escaping
slip, does not run. HTML files copied from the docs tree as they are get the same treatment after the
build. Links to other sites get rel="noopener noreferrer"; a referrer policy keeps page
addresses from other sites.

Runs after every other post-page hook (compact_html.py only changes whitespace between tags, never inside a
<script>, but the hashes must be of the final bytes). Off under `mkdocs serve`: its live-reload script is
injected into each response after the build, with a changing id, and no hash could allow it (the served
preview has no policy; `papers build` and `mkdocs build` always have one). PAPER_ARCHIVE_CSP=0 switches it off.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

SWITCH = "PAPER_ARCHIVE_CSP"  # "0": hook off
REFERRER_POLICY = "same-origin"  # our own pages see where a reader came from; other sites see nothing

# style-src needs 'unsafe-inline': MathJax's SVG output inserts a <style> element and style attributes at
# run time, and Material sets style attributes; inline CSS cannot run script. data: images are Material's
# icons, written into its CSS as data: URIs.
FIXED_DIRECTIVES = (
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)

# A <script> element to its end tag: HTML ends a script's text at the first "</script" (any case) followed by
# whitespace, "/" or ">". Attributes are read with quoted values whole (a ">" inside one does not end the tag).
TAG_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
SCRIPT = re.compile(rf"<script(?=[\s/>])({TAG_ATTRIBUTES})>(.*?)</script(?=[\s/>])", re.IGNORECASE | re.DOTALL)
HAS_SRC = re.compile(r"""\ssrc\s*=""", re.IGNORECASE)
HEAD = re.compile(r"<head(?:\s[^>]*)?>(\s*<meta\s+charset=[^>]*>)?", re.IGNORECASE)
LINK = re.compile(rf"<a(?=\s)({TAG_ATTRIBUTES})>", re.IGNORECASE)
HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
REL = re.compile(r"""\srel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)

_SERVING = False
_STATIC_HTML: list[str] = []  # HTML files copied from the docs tree as they are, given their policy after the build
POLICY_META = re.compile(r"""<meta\s+http-equiv=["']?Content-Security-Policy""", re.IGNORECASE)


def enabled() -> bool:
    """False under `mkdocs serve` and when PAPER_ARCHIVE_CSP=0."""
    return not _SERVING and os.environ.get(SWITCH, "1") != "0"


def script_hash(text: str) -> str:
    """The CSP source for an inline script: sha256 of its text as the browser reads it (CR LF as LF)."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_script_hashes(html: str) -> list[str]:
    """Hashes of every inline script of the page, in page order, each once. JSON data blocks
    (application/json, application/ld+json) are not run and need none, but a hash of one is harmless."""
    hashes: list[str] = []
    for match in SCRIPT.finditer(html):
        if not HAS_SRC.search(match.group(1)):
            source = script_hash(match.group(2))
            if source not in hashes:
                hashes.append(source)
    return hashes


def policy(html: str) -> str:
    """The page's policy: the fixed directives and script-src with the page's own inline scripts."""
    script_src = " ".join(["script-src 'self'", *inline_script_hashes(html)])
    return "; ".join([FIXED_DIRECTIVES[0], script_src, *FIXED_DIRECTIVES[1:]])


def attribute_value(match: re.Match[str] | None) -> str | None:
    """The value of an attribute found by HREF or REL, whichever way it was quoted."""
    if match is None:
        return None
    return next(group for group in match.groups() if group is not None)


def mark_external_link(match: re.Match[str], site_url: str) -> str:
    """An <a> tag to another site with noopener and noreferrer added to its rel (existing values kept)."""
    attributes = match.group(1)
    href = attribute_value(HREF.search(attributes))
    if href is None or not EXTERNAL.match(href) or (site_url and href.strip().startswith(site_url)):
        return match.group()
    rel = REL.search(attributes)
    values = (attribute_value(rel) or "").split()
    values += [value for value in ("noopener", "noreferrer") if value not in values]
    if rel is None:
        return f'<a{attributes} rel="{" ".join(values)}">'
    return f'<a{attributes[:rel.start()]} rel="{" ".join(values)}"{attributes[rel.end():]}>'


def mark_external_links(html: str, site_url: str) -> str:
    """Every link leaving the site marked; script text is left byte for byte as it is."""
    parts, position = [], 0
    for script in SCRIPT.finditer(html):
        parts.append(LINK.sub(lambda link: mark_external_link(link, site_url), html[position:script.start()]))
        parts.append(script.group())
        position = script.end()
    parts.append(LINK.sub(lambda link: mark_external_link(link, site_url), html[position:]))
    return "".join(parts)


def secure_page(html: str, site_url: str = "") -> str:
    """The page with its policy and referrer meta first in <head> and its external links marked."""
    html = mark_external_links(html, site_url)
    head = HEAD.search(html)
    if head is None:
        return html
    meta = (f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
            f'<meta name="referrer" content="{REFERRER_POLICY}">')
    return html[:head.end()] + meta + html[head.end():]


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs serve` (the policy would block its live-reload script)."""
    global _SERVING
    _SERVING = command == "serve"


def on_files(files, config: MkDocsConfig):
    """Remember the HTML files MkDocs will copy untouched (none today; a generated redirect page, say)."""
    _STATIC_HTML[:] = [file.abs_dest_path for file in files if file.src_uri.endswith((".html", ".htm"))]
    return files


@event_priority(-100)
def on_post_build(config: MkDocsConfig) -> None:
    """The copied HTML files get their policy too (once: a file --dirty did not copy again already has it)."""
    if not enabled():
        return
    for path in _STATIC_HTML:
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as file:
                html = file.read()
            if not POLICY_META.search(html):
                with open(path, "w", encoding="utf-8") as file:
                    file.write(secure_page(html, config.site_url or ""))


@event_priority(-100)  # last: the hashes are of the page's final bytes
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Every Markdown page with its policy."""
    return secure_page(output, config.site_url or "") if enabled() else output


@event_priority(-100)
def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Static HTML templates (404.html) too; sitemap.xml stays as it is."""
    if enabled() and template_name.endswith(".html"):
        return secure_page(output_content, config.site_url or "")
    return output_content
