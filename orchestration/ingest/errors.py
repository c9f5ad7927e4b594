"""The one error type for bad input: it always names the file, the line and the problem; and
the words for a file that cannot be read at all (permissions, dangling links, a full disk)."""

from __future__ import annotations

import errno
from pathlib import Path

_ERRNO_WORDS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.ENOENT: "it does not exist",
    errno.EISDIR: "it is a folder, not a file",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ELOOP: "it is a link that points to itself",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EIO: "the disk reported a read or write error",
}


def os_error_words(error: OSError) -> str:
    """What an OSError means, without its path: 'permission denied', 'the disk is full'..."""
    where = error.filename
    if isinstance(where, bytes):
        where = where.decode(errors="replace")
    if error.errno == errno.ENOENT and where and Path(where).is_symlink():
        return "it is a link to a file that does not exist"
    return _ERRNO_WORDS.get(error.errno or -1, error.strerror or str(error))


def os_error_text(error: OSError) -> str:
    """An OSError as '<path>: <what it means>'."""
    where = error.filename
    if isinstance(where, bytes):
        where = where.decode(errors="replace")
    return f"{where}: {os_error_words(error)}" if where else os_error_words(error)


class SourceFileError(Exception):
    """A file that breaks the contract; it is rejected as a whole."""

    def __init__(self, file: str | Path, problem: str, line: int | None = None) -> None:
        self.file = str(file)
        self.line = line
        self.problem = problem
        where = f"line {line}: " if line is not None else ""
        super().__init__(f"{self.file}: {where}{problem}")


class RejectedFiles(Exception):
    """One or more files were rejected; carries every one so the run can report them all."""

    def __init__(self, errors: list[SourceFileError]) -> None:
        self.errors = errors
        count = f"{len(errors)} source file{'s were' if len(errors) > 1 else ' was'} rejected"
        lines = "\n".join(f"  - {error}" for error in errors)
        super().__init__(
            f"{count}; nothing of {'their' if len(errors) > 1 else 'its'} kind was loaded in "
            f"this run and what was loaded before is unchanged:\n{lines}"
        )
