"""The one error type for bad input: it always names the file, the line and the problem."""

from __future__ import annotations

from pathlib import Path


class SourceFileError(Exception):
    """A file that breaks the contract; it is rejected as a whole."""

    def __init__(self, file: str | Path, problem: str, line: int | None = None) -> None:
        self.file = str(file)
        self.line = line
        self.problem = problem
        where = f"line {line}" if line is not None else "file"
        super().__init__(f"{self.file}: {where}: {problem}")


class RejectedFiles(Exception):
    """One or more files were rejected; carries every one so the run can report them all."""

    def __init__(self, errors: list[SourceFileError]) -> None:
        self.errors = errors
        lines = "\n".join(f"  - {error}" for error in errors)
        super().__init__(f"{len(errors)} source file(s) rejected:\n{lines}")
