"""One exception type for everything a user can get wrong, with a source location."""

from __future__ import annotations

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


def read_text_file(path) -> str:
    """A UTF-8 input file's text, or a located error saying what to do (never a traceback)."""
    from pathlib import Path

    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise OfficialDocsError(Problem("文件不是 UTF-8 编码", Location(str(path)), "请另存为 UTF-8")) from None
    except OSError as exc:
        raise OfficialDocsError(Problem(f"无法读取文件：{exc.strerror}", Location(str(path)))) from None
