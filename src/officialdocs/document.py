"""The `Document` model: one 公文 as plain data, the middle of the pipeline.

markup builds it; writers/docx and layout read it. It knows nothing about files, fonts or Word.
Names follow the glossary (docs/glossary: masthead, body, colophon ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

DocFormat = Literal["file", "letter", "order", "minutes"]
# GB/T 9704's four layouts: 文件格式 (7) and the special formats of chapter 10.
FORMAT_NAMES: dict[str, str] = {"file": "文件格式", "letter": "信函格式", "order": "命令（令）格式", "minutes": "纪要格式"}
# 纪要 attendance lists (10.3), in their printed order: label -> Document.attendance key.
ATTENDANCE_LABELS = {"attendees": "出席", "absentees": "请假", "observers": "列席"}


@dataclass
class Masthead:
    """版头 [7.2]."""

    issuers: list[str] = field(default_factory=list)  # 发文机关标志 names; several = joint issuance, lead first
    mark_suffix: str = "文件"  # "文件" to the right of the names, or "" for the name alone
    doc_number: str | None = None  # 发文字号, e.g. 区双拥〔2011〕1号
    copy_number: str | None = None  # 份号, 6 digits
    classification: str | None = None  # 密级和保密期限, e.g. 秘密★1年
    urgency: str | None = None  # 紧急程度: 特急 / 加急
    signers: list[str] = field(default_factory=list)  # 签发人 (upward documents only)

    def corner_rows(self) -> list[tuple[str, str]]:
        """(text, font role) of the lines at the block's top-left (7.2.1-7.2.3): 份号 on line 1, 密级 on
        line 2 (line 1 left empty without a 份号), 紧急程度 on the next line."""
        rows: list[tuple[str, str]] = []
        if self.copy_number:
            rows.append((self.copy_number, "copy_number"))
        if self.classification:
            if not rows:
                rows.append(("", "copy_number"))
            rows.append((self.classification, "classification"))
        if self.urgency:
            rows.append((self.urgency, "urgency"))
        return rows

    @property
    def upward(self) -> bool:
        """A document sent upward (上行文) carries 签发人 and a left-aligned 发文字号."""
        return bool(self.signers)


@dataclass
class Heading:
    """A stand-alone heading paragraph, level 1–4, number already resolved (一、 （一） 1. （1）)."""

    level: int
    number: str
    text: str

    @property
    def full_text(self) -> str:
        return self.number + self.text


@dataclass
class RunIn:
    """A run-in heading (段首标题): heading font up to and including the final 。, body font after."""

    level: int
    number: str
    text: str  # ends with 。

    @property
    def full_text(self) -> str:
        return self.number + self.text


@dataclass
class Span:
    """An inline piece of a paragraph; `emphasis` maps to the level-2 face (楷体), never to bold."""

    text: str
    emphasis: bool = False


@dataclass
class Paragraph:
    """A body paragraph with a 2-character first-line indent, optionally led by a run-in heading."""

    spans: list[Span]
    run_in: RunIn | None = None
    indent: bool = True  # False for flush-left lines such as a closing "特此通知。" variant

    @property
    def text(self) -> str:
        head = self.run_in.full_text if self.run_in else ""
        return head + "".join(s.text for s in self.spans)

    @classmethod
    def plain(cls, text: str, run_in: RunIn | None = None) -> Paragraph:
        return cls(spans=[Span(text)] if text else [], run_in=run_in)


@dataclass
class Table:
    """A table; the first `header_rows` rows repeat after a page break."""

    rows: list[list[str]]
    header_rows: int = 1
    widths: list[float] | None = None  # relative column widths; None = derived from content
    caption: str | None = None
    landscape: bool = False  # set a page of its own in landscape (GB/T 9704 clause 8)
    align: list[str] | None = None  # per column: "left" | "center" | "right"


@dataclass
class PageBreak:
    pass


Block = Heading | Paragraph | Table | PageBreak


@dataclass
class Attachment:
    """附件 [7.3.7]: starts a new page with 附件N top-left and its title centred on line 3."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    label: str = "附件"  # "附件" or "附件2" -- resolved by Document.attachment_label()


@dataclass
class Signature:
    """发文机关署名、成文日期、印章 [7.3.5]."""

    issuers: list[str] = field(default_factory=list)  # one name, or several for joint issuance (lead first)
    date: str = ""  # formatted 成文日期, e.g. 2011年1月20日
    seal: Path | None = None  # image supplied by the user; its presence selects the sealed layout
    sealed: bool | None = None  # force the sealed layout without an image (seal stamped by hand)
    title: str | None = None  # the signer's title left of a 签名章 (命令格式, 7.3.5.3); the issuers are then names

    @property
    def is_sealed(self) -> bool:
        return self.sealed if self.sealed is not None else self.seal is not None


@dataclass
class Colophon:
    """版记 [7.4]: 抄送 / 印发机关 / 印发日期 between black rules at the foot of the last page."""

    cc: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # 主送 moved to the 版记 (7.4.2)
    printed_by: str | None = None
    printed_on: str | None = None  # formatted date, without 印发

    @property
    def empty(self) -> bool:
        return not (self.cc or self.recipients or self.printed_by or self.printed_on)


@dataclass
class Document:
    """One 公文."""

    title: str  # "\n" marks a line break chosen by the writer
    masthead: Masthead = field(default_factory=Masthead)
    format: DocFormat = "file"
    recipients: list[str] = field(default_factory=list)
    recipients_in_colophon: bool | None = None  # 主送 in the 版记 (7.4.2); None: when page 1 would hold no 正文
    blocks: list[Block] = field(default_factory=list)
    attachment_list: list[str] = field(default_factory=list)  # 附件说明 names, in order
    signature: Signature | None = None
    remark: str | None = None  # 附注, without the brackets
    attachments: list[Attachment] = field(default_factory=list)
    colophon: Colophon = field(default_factory=Colophon)
    attendance: dict[str, list[str]] = field(default_factory=dict)  # 纪要: attendees / absentees / observers
    draft: str | None = None  # e.g. 征求意见稿: printed under the title in brackets
    author: str | None = None  # for document metadata; defaults to the first issuer
    source: str | None = None  # the file it came from, for messages

    @property
    def title_lines(self) -> list[str]:
        return [line.strip() for line in self.title.split("\n") if line.strip()]

    @property
    def plain_title(self) -> str:
        return "".join(self.title_lines)

    def attachment_label(self, index: int) -> str:
        """附件 alone for a single attachment, 附件1, 附件2 ... for several."""
        return "附件" if len(self.attachments) == 1 else f"附件{index + 1}"

    def headings(self) -> list[Heading | RunIn]:
        """Every heading of the body in order, stand-alone or run-in (for bookmarks and checks)."""
        found: list[Heading | RunIn] = []
        for block in self.blocks:
            if isinstance(block, Heading):
                found.append(block)
            elif isinstance(block, Paragraph) and block.run_in:
                found.append(block.run_in)
        return found
