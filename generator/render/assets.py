"""Static files the pages need that come from installed packages: MathJax, served locally (no CDN)."""

from __future__ import annotations

from importlib import resources

from ..errors import PaperArchiveError

# MathJax 3 as shipped by the `django-static-mathjax` wheel (plain static files; Django is not needed).
# tex-svg.js is one self-contained file: no web fonts to fetch, so it works offline and from file://.
MATHJAX_FILES = {"assets/mathjax/tex-svg.js": "es5/tex-svg.js", "assets/mathjax/LICENSE": "LICENSE"}


def mathjax_assets() -> dict[str, bytes]:
    """The MathJax files to place in the docs tree, keyed by their path there."""
    try:
        base = resources.files("mathjax").joinpath("static", "mathjax")
        return {target: base.joinpath(*source.split("/")).read_bytes() for target, source in MATHJAX_FILES.items()}
    except (ModuleNotFoundError, FileNotFoundError) as error:
        raise PaperArchiveError(
            f"MathJax files not found ({error}): install the 'django-static-mathjax' package") from error
