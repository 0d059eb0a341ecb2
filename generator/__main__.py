"""`python -m generator` runs the `papers` command (handy before the package is installed)."""

from .cli import main

main(prog_name="papers")
