"""公文 Markdown -> Document: front matter, body blocks, heading numbers, run-in headings, attachments."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import numerals
from ..cjk import ATTACHMENT_HEADING, NAME_END_FORBIDDEN
from ..document import Attachment, Block, Document, Heading, PageBreak, Paragraph, RunIn
from ..errors import Location, OfficialDocsError, Problem
from ..textio import read_text_file
from . import frontmatter as fm
from .blocks import RawBlock, RawHeading, RawParagraph, read_blocks

_MAX_LEVEL = 4


def parse_markup(text: str, source: str = "<text>", base_dir: Path | None = None) -> Document:
    """Parse 公文 Markdown; raise OfficialDocsError listing every located problem found."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise OfficialDocsError(Problem("文件为空", Location(source), "至少需要前置数据中的 title 和正文"))
    split = fm.split_front_matter(text, source)
    meta, problems = fm.parse_front_matter(split.yaml, source)
    problems += fm.check_required(meta, source, split.body)
    seal, seal_problems = fm.resolve_seal(meta, base_dir if base_dir is not None else Path.cwd(), source)
    body = _assemble(read_blocks(split.body, split.body_offset), source)
    problems += seal_problems + body.problems
    if problems:
        raise OfficialDocsError(sorted(problems, key=_position))
    return _document(meta.data, body, seal, source)


def load_markup(path: Path) -> Document:
    """Read a UTF-8 .md file; a seal path in it is relative to the file's folder."""
    path = Path(path)
    text = read_text_file(path)
    return parse_markup(text, source=str(path), base_dir=path.parent)


def _document(data: fm.FrontMatter, body: _Body, seal: Path | None, source: str) -> Document:
    # check_required reported a missing title; a 令 may have none (10.2)
    title = data.title if data.title is not None else fm.default_title(data)
    attachment_list = data.attachment_list if data.attachment_list is not None else body.titles()
    doc = Document(
        title=title,
        masthead=fm.masthead(data),
        format=data.format,
        recipients=fm.recipients(data),
        recipients_in_colophon=data.recipients_in_colophon,
        blocks=body.blocks,
        attachment_list=[name.strip() for name in attachment_list if name.strip()],
        signature=fm.signature(data, seal),
        remark=data.remark,
        attachments=body.attachments,
        colophon=fm.colophon(data),
        attendance=fm.attendance(data),
        draft=data.draft,
        source=source,
    )
    for index, attachment in enumerate(doc.attachments):
        attachment.label = doc.attachment_label(index)
    return doc


def _position(problem: Problem) -> tuple[int, int]:
    loc = problem.location
    return (loc.line or 0, loc.column or 0) if loc else (0, 0)


class _Numberer:
    """Automatic heading numbers: one counter per level, deeper counters reset by a higher level."""

    def __init__(self) -> None:
        self.counts = [0] * (_MAX_LEVEL + 1)

    def next(self, level: int) -> str:
        self.counts[level] += 1
        for deeper in range(level + 1, _MAX_LEVEL + 1):
            self.counts[deeper] = 0
        return numerals.heading_number(level, self.counts[level])


@dataclass
class _Body:
    blocks: list[Block] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def titles(self) -> list[str]:
        return [attachment.title for attachment in self.attachments]


def _assemble(raw: list[RawBlock], source: str) -> _Body:
    body = _Body()
    target = body.blocks
    numberer = _Numberer()
    index = 0
    while index < len(raw):
        block = raw[index]
        following = raw[index + 1] if index + 1 < len(raw) else None
        if isinstance(block, RawHeading):
            attachment = _attachment(block, source, body.problems)
            if attachment is not None:
                _drop_trailing_breaks(target)
                body.attachments.append(attachment)
                target, numberer = attachment.blocks, _Numberer()
            elif _check_heading(block, source, body.problems):
                merged = _heading(block, numberer.next(block.level), following)
                target.append(merged)
                if isinstance(merged, Paragraph):
                    index += 1  # the paragraph was absorbed by its run-in heading
        elif isinstance(block, RawParagraph):
            target.append(Paragraph(spans=block.spans))
        else:
            target.append(block)
        index += 1
    _drop_trailing_breaks(target)
    return body


def _drop_trailing_breaks(blocks: list[Block]) -> None:
    # Attachments start on a new page by themselves (7.3.7), and a break at the end of the 正文 would only
    # separate the signature from the text, so a page break before an attachment or at the end is dropped.
    while blocks and isinstance(blocks[-1], PageBreak):
        blocks.pop()


def _heading(block: RawHeading, number: str, following: RawBlock | None) -> Heading | Paragraph:
    """A Heading, or a run-in Paragraph when a level 2–4 heading ends in 。 and a paragraph follows."""
    text = _strip_typed_number(block.level, block.text)
    run_in = block.level > 1 and text.endswith("。")
    if run_in and isinstance(following, RawParagraph) and following.plain:
        return Paragraph(spans=following.spans, run_in=RunIn(block.level, number, text))
    return Heading(block.level, number, text)


def _strip_typed_number(level: int, text: str) -> str:
    """Drop an ordinal the writer typed (the automatic number replaces it, even when they disagree).

    The level's own form is tried first; another level's form (一、 typed on a `##`) is dropped too, so a
    number is never doubled. Whether the typed number was right is the linter's business.
    """
    for candidate in (level, *(lv for lv in range(1, _MAX_LEVEL + 1) if lv != level)):
        value, rest = numerals.strip_heading_number(candidate, text)
        if value is not None:
            return rest.strip()
    return text


def _check_heading(block: RawHeading, source: str, problems: list[Problem]) -> bool:
    if block.level > _MAX_LEVEL:
        problems.append(Problem(
            f"标题层级过深（{block.level} 级）：公文正文最多 4 级标题（一、（一）1.（1））",
            Location(source, block.line, block.column),
            "用 # 到 #### 表示一到四级标题，更细的内容写成段落",
        ))
        return False
    if not _strip_typed_number(block.level, block.text):
        problems.append(Problem("标题没有内容", Location(source, block.line, block.column), "删除这一行或补写标题"))
        return False
    return True


def _attachment(block: RawHeading, source: str, problems: list[Problem]) -> Attachment | None:
    """A level-1 `附件：标题` heading starts an attachment; None for any other heading."""
    match = ATTACHMENT_HEADING.match(block.text) if block.level == 1 else None
    if match is None:
        return None
    title = match.group(2).strip()
    if not title:
        problems.append(Problem("附件缺少标题", Location(source, block.line, block.column), "写成 # 附件：附件标题"))
    elif title[-1] in NAME_END_FORBIDDEN:
        column = block.source.rfind(title[-1]) + 1 or block.column
        problems.append(Problem(
            f"附件标题末尾不能有标点“{title[-1]}”（GB/T 9704 7.3.4）",
            Location(source, block.line, column),
            f"写成 “{title.rstrip(NAME_END_FORBIDDEN)}”",
        ))
    return Attachment(title=title)
