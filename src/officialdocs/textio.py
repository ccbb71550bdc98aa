"""Reading a user's text file: its encoding (UTF-8, GB 18030, UTF-16 with a BOM), a size limit, invisible
control characters reported at line:col, and `-` for standard input.

Every input a user writes (plan.yaml, 公文 Markdown, profiles, text to import, lint --fix) comes through
here, so the rules are the same everywhere. Control characters are refused, not removed: the user's file
must say what the document says, and the message points at the spot (an editor cannot show them).
"""

from __future__ import annotations

import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import Location, OfficialDocsError, Problem, os_error_text

STDIN = "-"
STDIN_NAME = "<stdin>"  # how standard input is named in messages
DEFAULT_MAX_INPUT_MB = 10.0  # ~500 times the sample plan; a 10,000-unit plan is about 1 MB
ENV_MAX_INPUT = "OFFICIALDOCS_MAX_INPUT_MB"
log = logging.getLogger("officialdocs")

# C0 controls except tab, newline and carriage return; DEL and the C1 controls; the two noncharacters
# U+FFFE/U+FFFF; UTF-16 surrogates (only YAML escapes can make them). None of them can appear in a .docx.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_CONTROL_NAMES = {"\x00": "空字符", "\r": "回车符", "\x0b": "垂直制表符", "\x0c": "换页符", "\x1b": "转义字符", "\x7f": "删除符",
                  "\ufffe": "非字符", "\uffff": "非字符"}
_ENCODING_NAMES = {"utf-8": "UTF-8", "gb18030": "GB 18030（GBK）", "utf-16": "UTF-16"}
_stdin_cache: tuple[object, bytes] | None = None  # (the stream, its bytes): several readers, one read


def max_input_bytes() -> int:
    """The size limit for one input file: OFFICIALDOCS_MAX_INPUT_MB or --max-input-mb, else 10 MB."""
    value = os.environ.get(ENV_MAX_INPUT)
    try:
        mb = float(value) if value else DEFAULT_MAX_INPUT_MB
    except ValueError:
        mb = DEFAULT_MAX_INPUT_MB
    return int(max(mb, 0.001) * 1024 * 1024)


def set_max_input_mb(mb: float) -> None:
    os.environ[ENV_MAX_INPUT] = repr(float(mb))


def display_name(path: Path | str) -> str:
    return STDIN_NAME if str(path) == STDIN else str(path)


def is_stdin(path: Path | str | None) -> bool:
    return path is not None and str(path) == STDIN


def read_input_bytes(path: Path | str) -> bytes:
    """The bytes of a file (or of standard input for `-`, read once), refused beyond the size limit."""
    limit = max_input_bytes()
    name = display_name(path)
    if is_stdin(path):
        global _stdin_cache
        if _stdin_cache is None or _stdin_cache[0] is not sys.stdin:  # read once per stream
            stream = getattr(sys.stdin, "buffer", None)
            data = stream.read(limit + 1) if stream is not None else sys.stdin.read(limit + 1).encode("utf-8")
            _stdin_cache = (sys.stdin, data)
        data = _stdin_cache[1]
        if len(data) > limit:
            raise _too_big(name, len(data), limit, more=True)
        return data
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise _too_big(name, size, limit)
            data = handle.read(limit + 1)  # a FIFO or /proc file has no size: bound the read itself
    except OSError as exc:
        raise OfficialDocsError(Problem(f"无法读取文件：{os_error_text(exc)}", Location(name))) from None
    if len(data) > limit:
        raise _too_big(name, len(data), limit, more=True)
    return data


def _too_big(name: str, size: int, limit: int, more: bool = False) -> OfficialDocsError:
    what = f"超过 {size / 1048576:.1f} MB" if more else f"{size / 1048576:.1f} MB"
    return OfficialDocsError(Problem(
        f"文件过大（{what}），超过输入上限 {limit / 1048576:g} MB", Location(name),
        f"确认文件无误后可放宽上限：--max-input-mb 或环境变量 {ENV_MAX_INPUT}"))


@dataclass(frozen=True)
class TextFile:
    """A decoded input: text with "\\n" line ends, and how to write it back the way it came."""

    text: str
    name: str
    encoding: str = "utf-8"  # utf-8 | gb18030 | utf-16
    bom: bool = False
    newline: str = "\n"

    def encode(self, text: str) -> bytes:
        """`text` in this file's encoding, BOM and line ends (lint --fix writes a file back unchanged in kind)."""
        text = text.replace("\n", self.newline)
        if self.encoding == "utf-16":
            return text.encode("utf-16")  # with a BOM, native order
        data = text.encode(self.encoding)
        return (b"\xef\xbb\xbf" + data) if self.bom else data


def decode_bytes(data: bytes, file: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else GB 18030 (a superset of GBK and GB 2312).
    Returns the text with "\\n" line ends and the encoding's name."""
    decoded = decode(data, file)
    return decoded.text, decoded.encoding


def decode(data: bytes, name: str) -> TextFile:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _broken(data, exc, "utf-16", name, "文件以 UTF-16 的字节顺序标记开头，但这里的内容不是有效的 UTF-16") from None
        return _text_file(text, name, "utf-16", True)
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    try:
        return _text_file(data.decode("utf-8"), name, "utf-8", bom)
    except UnicodeDecodeError as exc:
        utf8_error = exc
        if bom or _mostly_utf8(data):  # a UTF-8 file with a damaged spot, not a GB 18030 file
            raise _broken(data, exc, "utf-8", name, "这里的字节不是有效的 UTF-8，文件可能已损坏或混入了其他编码的文字") from None
    if b"\x00" in data[:4096]:  # binary, or UTF-16 without a BOM: not GB 18030 either
        raise _broken(data, utf8_error, "utf-8", name,
                      "文件不是可识别的文本（含 NUL 字节，编码无法确定）：这里是第一处不是 UTF-8 的字节")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise _broken(data, utf8_error, "utf-8", name,
                      "无法识别文件编码（既不是 UTF-8 也不是 GB 18030/GBK）：这里是第一处不是 UTF-8 的字节") from None
    return _text_file(text, name, "gb18030", False)


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 characters outnumber the broken spots many times over (GB 18030 text read as UTF-8 is
    almost all broken)."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch > "\x7f") - bad
    return good >= 8 * bad


def _broken(data: bytes, exc: UnicodeDecodeError, encoding: str, name: str, message: str) -> OfficialDocsError:
    """A decoding error at the line:col of the first bad byte."""
    before = data[:exc.start].decode(encoding, "replace")
    if encoding == "utf-16":
        before = before.lstrip("\ufeff")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return OfficialDocsError(Problem(message, Location(name, line, column), "请用编辑器检查这一处，另存为 UTF-8"))


def _text_file(text: str, name: str, encoding: str, bom: bool) -> TextFile:
    text = text.lstrip("\ufeff")
    newline = "\r\n" if "\r\n" in text else "\n"
    return TextFile(text.replace("\r\n", "\n").replace("\r", "\n"), name, encoding, bom, newline)


def read_text(path: Path | str, *, controls: bool = True) -> TextFile:
    """A user's text input (`-`: standard input). Not UTF-8: a note says which encoding was read.
    With `controls`, invisible control characters are refused at their line:col."""
    name = display_name(path)
    decoded = decode(read_input_bytes(path), name)
    if decoded.encoding != "utf-8":
        log.info("%s 按 %s 编码读取（不是 UTF-8）", name, _ENCODING_NAMES[decoded.encoding])
    if controls:
        problems = control_problems(decoded.text, name)
        if problems:
            raise OfficialDocsError(problems)
    return decoded


_YAML_KEY_LINE = re.compile(r"^[A-Za-z_][\w-]*[ \t]*[:：]")


def sniff_kind(text: str) -> str:
    """"yaml" (plan data) or "md" (公文 Markdown) for text without a file name (standard input): Markdown
    if it opens with front matter or its first line of content is not a `key:` line."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---" and any(line.strip() in ("---", "...") for line in lines[1:]):
        return "md"
    for line in lines:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):  # YAML comments and Markdown headings alike
            return "yaml" if _YAML_KEY_LINE.match(stripped) else "md"
    return "md"


def read_text_file(path: Path | str) -> str:
    """The text of a user's input file (see read_text)."""
    return read_text(path).text


def char_name(ch: str) -> str:
    """U+0001（控制字符） — how a control character is named in a message."""
    cp = ord(ch)
    kind = _CONTROL_NAMES.get(ch) or ("代理码位" if 0xD800 <= cp <= 0xDFFF else "控制字符")
    return f"U+{cp:04X}（{kind}）"


CONTROL_HINT = "删除它：这是看不见的字符，常随从网页、PDF 或其他软件复制的文字混入，公文中不能出现"


def control_problems(text: str, file: str, first_line: int = 1, limit: int = 10) -> list[Problem]:
    """Every control character in `text`, located at its line:col (at most `limit`, then a count)."""
    problems: list[Problem] = []
    found = list(CONTROL.finditer(text))
    for match in found[:limit]:
        start = match.start()
        line = text.count("\n", 0, start) + first_line
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        problems.append(Problem(f"这里有一个看不见的控制字符 {char_name(match.group())}", Location(file, line, column),
                                CONTROL_HINT))
    if len(found) > limit:
        problems.append(Problem(f"另有 {len(found) - limit} 处控制字符未列出", Location(file)))
    return problems


__all__ = ["CONTROL", "STDIN", "STDIN_NAME", "TextFile", "control_problems", "decode", "decode_bytes",
           "display_name", "is_stdin", "max_input_bytes", "read_input_bytes", "read_text", "read_text_file", "set_max_input_mb",
           "sniff_kind"]
