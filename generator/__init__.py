"""Paper Archive: scraped paper listings -> a Markdown store -> a static, searchable site.

The pipeline: formats/ (parse) -> merge (normalise, dedupe) -> store (content/) -> render -> build.
"""

__version__ = "0.1.0"
