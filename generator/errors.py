"""One exception family: every error names the file, the line and the field it is about."""

from __future__ import annotations

from dataclasses import dataclass

import click


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what to do about it."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class PaperArchiveError(click.ClickException):
    """Base error: the CLI prints its message, never a traceback."""

    exit_code = 1


class InputError(PaperArchiveError):
    """One or more inputs are unusable; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def input_error(file: str, line: int | None, field: str | None, message: str) -> InputError:
    """Shorthand for an InputError carrying a single problem."""
    return InputError([Problem(file, line, field, message)])
