"""The YAML front matter of 公文 Markdown: splitting it off, validating it, turning it into Document parts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator

from .. import validators
from ..document import Colophon, Masthead, Signature
from ..errors import Location, OfficialDocsError, Problem
from ..fields import Bracketless, Classification, CopyNumber, DateText, StrList, Title, Urgency
from ..numerals import parse_date
from ..yamlio import Positions, parse_yaml_text, position_of, pydantic_problems

_FENCE = re.compile(r"^---[ \t]*$")
_END_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
# A top-level plain scalar made of digits and date separators (000001, 2011-01-20, 2011-02-30).
_NUMERIC_SCALAR = re.compile(r"^([A-Za-z_]\w*[ \t]*:[ \t]+)([0-9][0-9./-]*)([ \t]*(#.*)?)$")


@dataclass
class FrontMatterText:
    """The YAML between the fences and where the Markdown body starts."""

    yaml: str | None  # None: the file has no front matter
    body: str
    body_offset: int  # lines before the body; body line 1 is file line body_offset + 1


def split_front_matter(text: str, file: str) -> FrontMatterText:
    """Cut `---` … `---` off the top; the front matter must start on line 1."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return FrontMatterText(None, text, 0)
    for index in range(1, len(lines)):
        if _END_FENCE.match(lines[index]):
            yaml_text = "\n".join(lines[1:index]) + "\n"
            return FrontMatterText(yaml_text, "\n".join(lines[index + 1:]), index + 1)
    raise OfficialDocsError(
        Problem("前置数据（front matter）没有结束行", Location(file, 1, 1), "在 YAML 字段之后单独写一行 ---")
    )


def _quote_numeric_scalars(yaml_text: str) -> str:
    """Keep 000001 and 2011-01-20 as text: YAML would read a 份号 as the number 1, and dates are checked
    (and located) by the model anyway. The quote goes where the value starts, so value columns stay correct."""
    return "\n".join(_NUMERIC_SCALAR.sub(r'\1"\2"\3', line) for line in yaml_text.split("\n"))




class FrontMatter(BaseModel):
    """Every front-matter key (see docs/markup.md). `format` comes first: doc_number's check depends on it."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["file", "letter", "order", "minutes"] = "file"
    issuer: str | None = None
    issuers: StrList | None = None
    mark_suffix: str = "文件"
    doc_number: str | None = None
    copy_number: CopyNumber | None = None
    classification: Classification | None = None
    urgency: Urgency | None = None
    signers: StrList = []
    title: Title | None = None
    recipients: StrList = []
    recipients_in_colophon: bool | None = None
    attachment_list: StrList | None = None
    signature: StrList = []
    date: DateText | None = None
    seal: str | None = None
    sealed: bool | None = None
    remark: Bracketless | None = None
    cc: StrList = []
    printed_by: str | None = None
    printed_on: DateText | None = None
    draft: Bracketless | None = None

    @field_validator("doc_number")
    @classmethod
    def _doc_number(cls, value: str | None, info: ValidationInfo) -> str | None:
        # 命令（令）and 纪要 may be numbered by sequence alone (第12号).
        serial_ok = info.data.get("format") in ("order", "minutes")
        return None if value is None else validators.check_doc_number(value, allow_serial=serial_ok)

    @field_validator("remark", "draft")
    @classmethod
    def _empty_is_none(cls, value: str | None) -> str | None:
        return value or None


@dataclass
class Meta:
    """The validated front matter, ready to be copied into a Document."""

    data: FrontMatter
    positions: Positions = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)  # keys the writer typed, valid or not
    present: bool = False  # the file has a front matter block


def parse_front_matter(yaml_text: str | None, file: str) -> tuple[Meta, list[Problem]]:
    """Validate the front matter; problems are returned (not raised) so body problems can join them."""
    if yaml_text is None:
        return Meta(FrontMatter()), []
    data, positions = parse_yaml_text(_quote_numeric_scalars(yaml_text), file, line_offset=1)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problem = Problem("前置数据应为“字段: 值”的键值表", Location(file, 2, 1), "例如 title: ××关于××的通知")
        return Meta(FrontMatter(), present=True), [problem]
    keys = {str(k) for k in data}
    try:
        return Meta(FrontMatter.model_validate(data), positions, keys, True), []
    except ValidationError as exc:
        problems = pydantic_problems(exc, file, positions, model=FrontMatter)
        return Meta(_valid_part(data, exc), positions, keys, True), problems


def _valid_part(data: dict[str, Any], exc: ValidationError) -> FrontMatter:
    """The keys that did validate, so later checks (title, body) still run and report more problems."""
    bad = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
    good = {k: v for k, v in data.items() if k not in bad and k in FrontMatter.model_fields}
    try:
        return FrontMatter.model_validate(good)
    except ValidationError:
        return FrontMatter()


# Keys that make a document one that is sent out (a masthead, a seal, a 版记, a 署名 or date).
_ISSUED_KEYS = frozenset({"issuer", "issuers", "doc_number", "copy_number", "seal", "sealed", "signature", "date", "cc",
                          "printed_by", "printed_on"})
_COMMENTS = re.compile(r"<!--.*?-->", re.S)


def check_required(meta: Meta, file: str, body: str | None = None) -> list[Problem]:
    """A title is required; a document that is sent out needs 正文, 署名 and 成文日期 (and a 文号 under a
    masthead), a seal something to sit on, and the 版记 cannot be printed before the date."""
    from ..plan.checks import ISSUED_HINT, PRINTED_HINT, issued_missing, printed_before_signed

    problems: list[Problem] = []
    if "title" not in meta.keys:
        problems.append(Problem("缺少标题（title）", _start(meta, file), "在文件开头的两行 --- 之间写 title: ××关于××的通知"))
    if {"issuer", "issuers"} <= meta.keys:
        problems.append(Problem(
            "issuer 和 issuers 只能写一个", _key_location(meta, "issuers", file), "联合行文用 issuers 列表，主办机关在前"
        ))
    fm = meta.data
    # Like plan.yaml: whether the document is complete is asked once every key is valid.
    valid = "title" in meta.keys and meta.keys <= fm.model_fields_set
    if valid and meta.keys & _ISSUED_KEYS:
        missing = issued_missing(
            body=body is None or bool(_COMMENTS.sub("", body).strip()), signature=bool(fm.signature),
            date_given=fm.date is not None, masthead=bool(fm.issuer or fm.issuers), doc_number=bool(fm.doc_number),
            draft=bool(fm.draft), minutes=fm.format == "minutes")
        if missing:
            fixes = {"正文": "在第二个 --- 之后写正文", "发文机关署名": "signature: 发文机关名称", "成文日期": "date: 2011-01-20",
                     "发文字号": "doc_number: 区双拥〔2011〕1号"}
            problems.append(Problem(f"这份公文缺少必备的要素：{'、'.join(missing)}", _start(meta, file),
                                    f"{ISSUED_HINT}。请补写：{'；'.join(fixes[m] for m in missing)}"))
    early = printed_before_signed(_as_date(fm.printed_on), _as_date(fm.date))
    if early:
        problems.append(Problem(early, _key_location(meta, "printed_on", file), PRINTED_HINT))
    return problems


def _start(meta: Meta, file: str) -> Location:
    pos = position_of(meta.positions, ()) if meta.present else None
    return Location(file, *pos) if pos else Location(file, 1, 1)


def _as_date(text: str | None):
    return None if text is None else parse_date(text)


def _key_location(meta: Meta, key: str, file: str) -> Location:
    pos = position_of(meta.positions, (key,), key=True)
    return Location(file, *pos) if pos else Location(file)


def resolve_seal(meta: Meta, base_dir: Path, file: str) -> tuple[Path | None, list[Problem]]:
    """The seal image is relative to the Markdown file's folder and must exist."""
    if not meta.data.seal:
        return None, []
    path = base_dir / meta.data.seal
    if path.is_file():
        return path, []
    pos = position_of(meta.positions, ("seal",))
    where = Location(file, *pos) if pos else Location(file)
    return None, [Problem(f"印章图片不存在：{path}", where, "路径相对于 Markdown 文件所在的文件夹")]


def masthead(fm: FrontMatter) -> Masthead:
    issuers = [fm.issuer] if fm.issuer else list(fm.issuers or [])
    return Masthead(
        issuers=[name.strip() for name in issuers if name.strip()],
        mark_suffix=fm.mark_suffix,
        doc_number=fm.doc_number,
        copy_number=fm.copy_number,
        classification=fm.classification,
        urgency=fm.urgency,
        signers=list(fm.signers),
    )


def signature(fm: FrontMatter, seal: Path | None) -> Signature | None:
    if not fm.signature and fm.date is None:
        return None
    return Signature(issuers=list(fm.signature), date=fm.date or "", seal=seal, sealed=fm.sealed)


def colophon(fm: FrontMatter) -> Colophon:
    # 抄送 ends with 。 on output (7.4.2); the writer adds it, so a typed one is dropped here.
    cc = _strip_last(fm.cc, "。.")
    return Colophon(cc=cc, printed_by=fm.printed_by, printed_on=fm.printed_on)


def recipients(fm: FrontMatter) -> list[str]:
    # 主送机关 ends with a full-width colon on output (7.3.2); the writer adds it.
    return _strip_last(fm.recipients, "：:")


def _strip_last(names: list[str], chars: str) -> list[str]:
    names = [name.strip() for name in names if name.strip()]
    if names:
        names[-1] = names[-1].rstrip(chars).rstrip()
    return names
