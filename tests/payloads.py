"""The injection corpus: hostile text that must be rejected with a clear error or shown as inert text.

Every payload that could run code sets `window.__pwned = 1` or changes `document.title`, so the
browser test (tests/test_injection_browser.py) only has to check those two after loading a page.
Payloads are single lines unless they are about line structure (MULTILINE), because listings are
line-based: a newline inside a listing field ends the field.
"""

from __future__ import annotations

PWNED_TITLE = "pwned"

HTML: dict[str, str] = {
    "script": "<script>window.__pwned=1</script>",
    "script-upper": "<SCRIPT SRC=data:text/javascript,window.__pwned=1></SCRIPT>",
    "img-onerror": "<img src=x onerror=\"window.__pwned=1\">",
    "img-onerror-unquoted": "<img src=x onerror=window.__pwned=1//>",
    "svg-onload": "<svg onload=window.__pwned=1><circle r=1></svg>",
    "svg-script": "<svg><script>document.title='pwned'</script></svg>",
    "close-jsonld": "</script><script>window.__pwned=1</script>",
    "close-title": "</title><script>window.__pwned=1</script>",
    "close-textarea": "</textarea><img src=x onerror=window.__pwned=1>",
    "iframe-js": "<iframe src=\"javascript:window.__pwned=1\"></iframe>",
    "a-javascript": "<a href=\"javascript:window.__pwned=1\">click</a>",
    "attr-double-quote": "\" onmouseover=\"window.__pwned=1\" autofocus onfocus=\"window.__pwned=1\" x=\"",
    "attr-single-quote": "' onfocus='window.__pwned=1' autofocus '",
    "meta-refresh": "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__pwned=1\">",
    "style-expression": "<style>*{background:url(javascript:window.__pwned=1)}</style>",
    "entity-script": "&lt;script&gt;window.__pwned=1&lt;/script&gt; &amp;amp; &#60;b&#62;",
    "comment-break": "<!-- --><script>window.__pwned=1</script><!-- -->",
    "cdata": "<![CDATA[<script>window.__pwned=1</script>]]>",
    "javascript-url": "javascript:window.__pwned=1",
    "data-url": "data:text/html,<script>window.__pwned=1</script>",
}

YAML: dict[str, str] = {
    "python-object": "!!python/object/apply:os.system [\"touch /tmp/paper-archive-pwned\"]",
    "python-name": "!!python/name:os.system",
    "yaml-anchor": "&a [*a, *a] {x: *a}",
    "yaml-flow": "{title: evil, authors: [a, b]}",
    "yaml-document": "--- !!python/object:object {}",
    "yaml-key": "title: overwritten",
}

MARKDOWN: dict[str, str] = {
    "jinja-expression": "{{ 7*7 }} {{ config.site_name }} {{ page.meta }}",
    "jinja-statement": "{% for x in range(3) %}{{ x }}{% endfor %} {% include 'main.html' %}",
    "jinja-raw": "{% raw %}{{ 7*7 }}{% endraw %} {# comment #}",
    "md-javascript-link": "[x](javascript:window.__pwned=1) [y](  javascript:window.__pwned=1 \"t\")",
    "md-image": "![x](javascript:window.__pwned=1) ![y](x \"onerror=window.__pwned=1\")",
    "md-reference": "[click][evil] [evil]: javascript:window.__pwned=1",
    "md-autolink": "<javascript:window.__pwned=1> <https://example.org/> <mail@example.org>",
    "md-attr-list": "Title {: onclick=\"window.__pwned=1\" } {#id .class onload=window.__pwned=1}",
    "md-emphasis": "**bold** _it_ `code` ~~del~~ # heading | table | ++ins++",
    "md-math-break": "$</span><script>window.__pwned=1</script>$ \\(<img src=x onerror=window.__pwned=1>\\)",
    "md-html-block": "<div markdown=\"1\"><script>window.__pwned=1</script></div>",
    "tex-href": "$\\href{javascript:window.__pwned=1}{click}$ \\(\\class{x}{\\style{color:red}{y}}\\)",
}

# Payloads about line structure: only hand-written paper files (and abstracts there) can carry them.
MULTILINE: dict[str, str] = {
    "md-reference-block": "[click][evil]\n\n[evil]: javascript:window.__pwned=1",
    "md-html-raw-block": "<div>\n<script>window.__pwned=1</script>\n</div>",
    "md-fence": "```html\n<script>window.__pwned=1</script>\n```",
    "yaml-separator": "first part\n---\ntitle: injected\n---\nsecond part",
    "md-setext": "Heading\n=======\n\n    indented <script>window.__pwned=1</script>",
}

SINGLE_LINE: dict[str, str] = {**HTML, **YAML, **MARKDOWN}
ALL: dict[str, str] = {**SINGLE_LINE, **MULTILINE}

# Front matter that must be rejected with file:line: field: message (YAML-level attacks and mistakes).
BAD_FRONT_MATTER: dict[str, tuple[str, int, str]] = {
    # name: (front matter lines, expected line of the error, expected text in the message)
    "python-object-tag": ("title: !!python/object/apply:os.system ['touch /tmp/pwned']", 2, "python/object"),
    "python-name-tag": ("title: T\nauthors: !!python/name:os.system", 3, "python/name"),
    "billion-laughs": ("title: T\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                       + "".join(f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 9))
                       + "authors: *a8", 4, "alias"),
    "alias-in-authors": ("title: T\nauthors: &names [A B]\ntopics: *names", 4, "alias"),
    "merge-key": ("title: T\nbase: &b {x: 1}\nother:\n  <<: *b", 5, "alias"),
    "duplicate-key": ("title: First\nauthors: [A]\ntitle: Second", 4, "duplicate key 'title'"),
    "unknown-tag": ("title: !evil T", 2, "!evil"),
}
