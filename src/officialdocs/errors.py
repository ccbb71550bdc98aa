"""One exception type for everything a user can get wrong, with a source location."""

from __future__ import annotations

import errno
from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where in a source file a problem is: 1-based line and column, both optional."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    """One located message (Chinese, user-facing) with an optional hint on what to do."""

    message: str
    location: Location | None = None
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f"（{self.hint}）"
        return text


class OfficialDocsError(Exception):
    """A user error: bad input, a missing file, an impossible request. The CLI prints it without a traceback."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


_OS_ERRORS = {getattr(errno, name): text for name, text in (
    ("EEXIST", "文件已存在"), ("ENOENT", "文件或文件夹不存在"), ("EACCES", "没有权限"), ("EPERM", "没有权限"),
    ("ENOSPC", "磁盘已满"), ("EDQUOT", "超出磁盘配额"), ("ENAMETOOLONG", "文件名过长"), ("EROFS", "只读文件系统"),
    ("EISDIR", "这是一个文件夹"), ("ENOTDIR", "路径中有一段不是文件夹"), ("EFBIG", "文件超过系统允许的大小"),
    ("EIO", "读写设备出错"), ("EMFILE", "打开的文件过多"), ("ELOOP", "符号链接循环"), ("EBUSY", "文件正被占用"),
    ("ETXTBSY", "文件正被占用"), ("ENOTEMPTY", "文件夹不是空的"), ("EXDEV", "不能跨磁盘移动"),
) if hasattr(errno, name)}


def os_error_text(exc: OSError) -> str:
    """The cause of an OS error in Chinese (已存在, 没有权限, 磁盘已满, 文件名过长 …), else the OS's own words."""
    return _OS_ERRORS.get(exc.errno or 0) or exc.strerror or str(exc)
