"""The YAML front matter of 公文 Markdown: splitting it off, validating it, turning it into Document parts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from .. import validators
from ..document import ATTENDANCE_LABELS, FORMAT_NAMES, Colophon, Masthead, Signature
from ..errors import Location, OfficialDocsError, Problem
from ..fields import Bracketless, Classification, CopyNumber, DateText, FormatName, StrList, Title, Urgency
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


# 000001 may be written unquoted in the front matter (quoted before parsing); the editor sees a number.
FrontCopyNumber = Annotated[CopyNumber, WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer"}]})]


class FrontMatter(BaseModel):
    """Every front-matter key (see docs/markup.md). `format` comes first: doc_number's check depends on it."""

    model_config = ConfigDict(extra="forbid", title="公文 Markdown 前置数据", json_schema_extra={
        "description": "公文 Markdown 文件开头两行 --- 之间的 YAML：版头、标题、主送机关、署名、日期、版记等"})

    format: FormatName = Field(
        "file", title="公文格式", description="file 文件格式（默认）、letter 信函格式、order 命令（令）格式、minutes 纪要格式")
    issuer: str | None = Field(None, title="发文机关", description="发文机关标志中的机关名称（单一发文机关），与 issuers 二选一")
    issuers: StrList | None = Field(None, title="联合行文的发文机关", description="联合行文的发文机关，主办机关在前；与 issuer 二选一")
    mark_suffix: str | None = Field(None, title="发文机关标志后缀",
                                    description="机关名称后的“文件”二字（信函格式无，纪要格式为“纪要”）；写 '' 只用机关名称")
    doc_number: str | None = Field(None, title="发文字号", description="如 区双拥〔2011〕1号：六角括号、年份四位、序号不加“第”和虚位")
    copy_number: FrontCopyNumber | None = Field(None, title="份号", description="6 位数字，如 000001（可不加引号）")
    classification: Classification | None = Field(None, title="密级和保密期限",
                                                  description="绝密、机密 或 秘密，可加 ★ 和保密期限，如 秘密★1年")
    urgency: Urgency | None = Field(None, title="紧急程度", description="特急 或 加急")
    signers: StrList = Field([], title="签发人", description="上行文的签发人姓名，可写一个或多个")
    title: Title | None = Field(None, title="标题", description="公文标题（必填），末尾不加句号；可写成多行列表指定换行位置")
    recipients: StrList = Field([], title="主送机关", description="主送机关，可写一个或多个；末尾的冒号由程序添加")
    recipients_in_colophon: bool | None = Field(
        None, title="主送机关移至版记",
        description="主送机关移至版记（“主送：…。”）；不写则在主送机关过长、首页无法显示正文时自动移入")
    attachment_list: StrList | None = Field(None, title="附件说明", description="附件名称列表；默认取正文中“# 附件：”各节的标题")
    signature: StrList = Field([], title="发文机关署名", description="署名；联合行文写列表")
    date: DateText | None = Field(None, title="成文日期", description="如 2011-01-20、2011/1/20 或 2011年1月20日")
    seal: str | None = Field(None, title="印章图片", description="印章图片文件，路径相对于 Markdown 文件所在的文件夹")
    sealed: bool | None = Field(None, title="按加盖印章排版", description="无印章图片时也按加盖印章排版（手工盖章）")
    remark: Bracketless | None = Field(None, title="附注", description="附注，如 此件公开发布（括号由程序添加）")
    cc: StrList = Field([], title="抄送机关", description="版记中的抄送机关；末尾的句号由程序添加")
    printed_by: str | None = Field(None, title="印发机关", description="版记中的印发机关")
    printed_on: DateText | None = Field(None, title="印发日期", description="版记中的印发日期，写法同 date（“印发”二字由程序添加）")
    draft: Bracketless | None = Field(None, title="稿本标注", description="如 征求意见稿、讨论稿，标题下加括号显示")
    signature_title: str | None = Field(None, title="签署人职务", description="命令格式：签署人职务，排在签名章左侧（7.3.5.3）")
    attendees: StrList = Field([], title="出席人员", description="纪要格式：出席人员（单位和姓名），用“、”连接")
    absentees: StrList = Field([], title="请假人员", description="纪要格式：请假人员")
    observers: StrList = Field([], title="列席人员", description="纪要格式：列席人员")

    @field_validator("doc_number")
    @classmethod
    def _doc_number(cls, value: str | None, info: ValidationInfo) -> str | None:
        # 命令（令）and 纪要 may be numbered by sequence alone (第12号); a 纪要 also by 第5期 or 〔2011〕5号.
        fmt = info.data.get("format")
        if value is not None and fmt == "minutes" and validators.MINUTES_NUMBER.match(value.strip()):
            return value.strip()
        return None if value is None else validators.check_doc_number(value, allow_serial=fmt in ("order", "minutes"))

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
    empty = []  # `title:` with nothing after it is null to YAML, which the optional field would accept
    if "title" in data and data["title"] is None:
        pos = position_of(positions, ("title",), key=True)
        empty.append(Problem("标题（title）没有内容", Location(file, *pos) if pos else Location(file),
                             "在 title: 后面写上公文标题"))
    try:
        return Meta(FrontMatter.model_validate(data), positions, keys, True), empty
    except ValidationError as exc:
        problems = pydantic_problems(exc, file, positions, model=FrontMatter)
        return Meta(_valid_part(data, exc), positions, keys, True), empty + problems


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
    from ..completeness import ISSUED_HINT, PRINTED_HINT, issued_missing, printed_before_signed

    problems: list[Problem] = []
    if "title" not in meta.keys and meta.data.format != "order":  # a 令 has no title (10.2)
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
    return problems + _check_format(meta, file) + _check_request(meta, file)


def mark_suffix(fm: FrontMatter) -> str:
    """The word after the organ's name in the mark: as written, else the format's own (文件格式: 文件; 信函 and
    命令: none, the name must then end in 令; 纪要: 纪要 unless the name already ends in it)."""
    if fm.mark_suffix is not None:
        return fm.mark_suffix.strip()
    names = [fm.issuer] if fm.issuer else list(fm.issuers or [])
    if fm.format == "minutes":
        return "" if names and names[0].strip().endswith("纪要") else "纪要"
    return "文件" if fm.format == "file" else ""


def _check_format(meta: Meta, file: str) -> list[Problem]:
    """What chapter 10 asks of each special format's data (S20, S23), located at the key to change."""
    fm = meta.data
    problems: list[Problem] = []

    def add(key: str, message: str, hint: str) -> None:
        problems.append(Problem(message, _key_location(meta, key if key in meta.keys else "format", file), hint))

    name = FORMAT_NAMES[fm.format]
    issuers = [fm.issuer] if fm.issuer else list(fm.issuers or [])
    mark = (issuers[0].strip() if issuers else "") + mark_suffix(fm)
    if fm.format != "file" and not issuers:
        add("format", f"{name}需要发文机关标志", "写 issuer: 发文机关全称")
    if fm.format == "letter" and "文件" in (fm.mark_suffix or ""):
        add("mark_suffix", "信函格式的发文机关标志只用机关全称或规范化简称，不加“文件”（GB/T 9704 10.1）", "删去 mark_suffix")
    if fm.format == "order" and issuers and not mark.endswith("令"):
        add("mark_suffix", f"命令格式的发文机关标志由机关全称加“命令”或“令”组成（10.2），现为 “{mark}”",
            "写 mark_suffix: 令 或 mark_suffix: 命令")
    if fm.format == "minutes" and issuers and not mark.endswith("纪要"):
        add("mark_suffix", f"纪要格式的标志应以“纪要”结尾（10.3），现为 “{mark}”", "如 mark_suffix: 会议纪要")
    if fm.format == "minutes" and (fm.seal or fm.sealed):
        add("seal" if fm.seal else "sealed", "纪要不加盖印章（GB/T 9704 10.3）", "删去 seal / sealed")
    if fm.format == "order" and fm.seal and len(fm.signature) != 1:
        add("seal", "签名章图片只能配一位签署人", "signature 只写签署人姓名")
    for key, label in ATTENDANCE_LABELS.items():
        if getattr(fm, key) and fm.format != "minutes":
            add(key, f"{label}名单（{key}）只用于纪要格式", "加 format: minutes，或删去它")
    if fm.signature_title and fm.format != "order":
        add("signature_title", "签署人职务（signature_title）用于命令格式的签名章", "加 format: order，或删去它")
    if fm.signers and fm.format != "file":
        add("signers", f"{name}没有签发人位置：签发人只标注在文件格式的版头（7.2.6）", "上行文用文件格式：删去 format")
    return problems


def _check_request(meta: Meta, file: str) -> list[Problem]:
    """A 请示 goes up to one organ and names its 签发人 (7.2.6; 《党政机关公文处理工作条例》第九、十五条)."""
    fm = meta.data
    if not fm.title or not fm.title.replace("\n", "").endswith("请示"):
        return []
    problems = []
    if not fm.signers:
        problems.append(Problem("请示是上行文，须标注签发人", _key_location(meta, "title", file), "写 signers: 签发人姓名"))
    if not recipients(fm):  # several: lint warns (S25); the 条例 says 一般只写一个主送机关
        problems.append(Problem("请示须写主送机关", _key_location(meta, "title", file), "写 recipients: 受理的上级机关"))
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
    pos = position_of(meta.positions, ("seal",))
    where = Location(file, *pos) if pos else Location(file)
    if not path.is_file():
        return None, [Problem(f"印章图片不存在：{path}", where, "路径相对于 Markdown 文件所在的文件夹")]
    try:
        validators.check_seal_image(path)
    except ValueError as exc:
        return None, [Problem(str(exc), where, getattr(exc, "hint", None))]
    return path, []


def masthead(fm: FrontMatter) -> Masthead:
    issuers = [fm.issuer] if fm.issuer else list(fm.issuers or [])
    if fm.format == "letter":
        issuers = issuers[:1]  # joint 信函: the lead organ's mark only (10.1)
    return Masthead(
        issuers=[name.strip() for name in issuers if name.strip()],
        mark_suffix=mark_suffix(fm),
        doc_number=fm.doc_number,
        copy_number=fm.copy_number,
        classification=fm.classification,
        urgency=fm.urgency,
        signers=list(fm.signers),
    )


def signature(fm: FrontMatter, seal: Path | None) -> Signature | None:
    if not fm.signature and fm.date is None:
        return None
    return Signature(issuers=list(fm.signature), date=fm.date or "", seal=seal, sealed=fm.sealed,
                     title=fm.signature_title)


def attendance(fm: FrontMatter) -> dict[str, list[str]]:
    """纪要 出席 / 请假 / 列席 lists, in that order, each without a trailing mark (the list is not a sentence)."""
    lists = {key: _strip_last(getattr(fm, key), "。.；;，,") for key in ATTENDANCE_LABELS}
    return {key: names for key, names in lists.items() if names}


def default_title(fm: FrontMatter) -> str:
    """A 令 has no title (10.2): its mark and 令号 name the document (file name, document properties)."""
    issuers = [fm.issuer] if fm.issuer else list(fm.issuers or [])
    return (issuers[0].strip() if issuers else "") + mark_suffix(fm) + (fm.doc_number or "") or FORMAT_NAMES[fm.format]


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


def front_matter_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of the front matter, for `officialdocs schema --front-matter`."""
    from ..schemas import FRONT_MATTER_ID, draft07

    return draft07(FrontMatter.model_json_schema(), FRONT_MATTER_ID)
