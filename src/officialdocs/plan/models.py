"""The plan.yaml schema as pydantic models, plus the views the generators need (tasks, units).

Every model forbids unknown keys so a typo is reported, not silently ignored. Validators raise
HintedValueError with Chinese messages; the loader turns them into located Problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from ..cjk import join_words
from ..errors import OfficialDocsError, Problem
from ..fields import (
    Bracketless,
    Classification,
    CopyNumber,
    DateValue,
    DocNumber,
    FormatName,
    StrList,
    Title,
    Urgency,
    none_as_empty,
)
from ..numerals import CN_NUMERAL_DATE, format_date
from ..yamlio import HintedValueError, PathKey, suggest
from .tasks import Assignment, Role, Task, TaskIndex, assignments, build_index

_Date = date  # the type, where a field called `date` shadows the name inside Plan
MAX_LEVEL = 4  # GB/T 9704 7.3.3: 一、 （一） 1. （1）


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# ---------------------------------------------------------------- field types
# Shared with the Markdown front matter (officialdocs.fields); only plan-specific types are defined here.

EmptyOk = BeforeValidator(none_as_empty)
PlanDate = DateValue
_DATE_LIKE = re.compile(r"^\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*$")


def _to_due(value: Any) -> Any:
    """A calendar date (2011-06-30, 2011年6月30日, 二〇一一年六月三十日) becomes 公文 date text; a period (一季度,
    年内, 6月底前) stays as written; an impossible date is an error."""
    if not isinstance(value, (date, str)):
        return value
    try:
        return format_date(value)
    except ValueError:
        cn = CN_NUMERAL_DATE.fullmatch(value.strip()) if isinstance(value, str) else None
        if isinstance(value, str) and (_DATE_LIKE.match(value) or (cn and cn.group(2) and cn.group(3))):
            raise
        return value


Due = Annotated[
    str,
    BeforeValidator(_to_due),
    WithJsonSchema({"type": "string", "examples": ["一季度", "年内", "2011年6月底前", "2011-06-30", "二〇一一年六月三十日"]}),
]


def _closed_choice(value: Any, choices: tuple[str, ...], what: str) -> Any:
    if isinstance(value, str) and value.strip() not in choices:
        guess = suggest(value.strip(), list(choices))
        hint = f"是否想写 “{guess}”？" if guess else f"可选：{'、'.join(choices)}"
        raise HintedValueError(f"{what} “{value}” 不认识", hint)
    return value.strip() if isinstance(value, str) else value


UNIT_KINDS = ("town", "street", "park", "department", "army", "other")
UnitKind = Annotated[
    Literal["town", "street", "park", "department", "army", "other"],
    BeforeValidator(lambda v: _closed_choice(v, UNIT_KINDS, "单位类别")),
]

# ---------------------------------------------------------------- models


class PlanMasthead(_Strict):
    """版头 [GB/T 9704 7.2]."""

    model_config = ConfigDict(title="版头", json_schema_extra={"description": "版头：发文机关标志、发文字号等"})

    issuer: str | None = Field(None, title="发文机关", description="发文机关名称（单一发文机关），与 issuers 二选一")
    issuers: list[str] | None = Field(None, title="联合行文的发文机关", description="联合行文的发文机关，主办机关在前；与 issuer 二选一")
    mark_suffix: str = Field("文件", title="发文机关标志后缀", description="发文机关标志后缀，默认“文件”；写 \"\" 只用机关名称；信函格式不加“文件”，命令格式写“令”或“命令”，纪要格式如“会议纪要”")
    doc_number: DocNumber | None = Field(None, title="发文字号", description="发文字号，如 区双拥〔2011〕1号：六角括号、年份四位、序号不加“第”和虚位")
    copy_number: CopyNumber | None = Field(
        None, title="份号", description="份号，6 位数字，须加引号，如 \"000001\""
    )
    classification: Classification | None = Field(None, title="密级和保密期限", description="密级和保密期限，如 秘密★1年")
    urgency: Urgency | None = Field(None, title="紧急程度", description="紧急程度：特急 或 加急")
    signers: StrList = Field(default_factory=list, title="签发人", description="签发人（上行文），可写一个或多个姓名")

    @field_validator("issuers")
    @classmethod
    def _not_both(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        # A field validator (issuer is validated first) so the message points at `issuers`.
        if value is not None and info.data.get("issuer") is not None:
            raise HintedValueError("版头同时写了 issuer 和 issuers", "单一发文机关写 issuer，联合行文写 issuers 列表，二者只写一个")
        if value is not None and not value:
            raise HintedValueError("issuers 不能为空列表", "至少写一个发文机关")
        return value

    @model_validator(mode="after")
    def _some_issuer(self) -> PlanMasthead:
        if self.issuer is None and self.issuers is None:
            raise HintedValueError("版头缺少发文机关", "单一发文机关写 issuer，联合行文写 issuers 列表")
        return self

    @property
    def issuer_names(self) -> list[str]:
        """The issuing organs, lead organ first, whichever form was used."""
        return list(self.issuers) if self.issuers is not None else [self.issuer or ""]


class Unit(_Strict):
    """责任单位: a town, street office, park or department named as lead or partner."""

    model_config = ConfigDict(title="责任单位", json_schema_extra={"description": "责任单位：镇、街道、园区、部门等"})

    name: str = Field(title="单位全称", description="单位全称，不可重复")
    short: str | None = Field(None, title="简称", description="简称，不可重复；任务的 lead / partners 可用全称或简称")
    kind: UnitKind = Field("other", title="单位类别", description="类别：town 镇 / street 街道 / park 园区 / department 部门 / army 部队 / other")
    signature: str | None = Field(None, title="落款", description="该单位实施方案的落款，默认为全称")
    title_name: str | None = Field(None, title="标题中的单位名称",
                                   description="该单位实施方案标题中的单位名称，默认为全称；要用简称时写在这里，如 华新镇")

    @model_validator(mode="before")
    @classmethod
    def _default_signature(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and data.get("signature") is None and isinstance(data.get("name"), str):
            return {**data, "signature": data["name"]}
        return data

    @property
    def keys(self) -> list[str]:
        """The names a task may use to refer to this unit."""
        return [self.name] + ([self.short] if self.short else [])

    @property
    def label(self) -> str:
        """The short name where there is one (task tables are narrow)."""
        return self.short or self.name


class _ItemFields(_Strict):
    title: Title = Field(title="标题", description="标题，不写序号（序号自动生成）")
    text: str | None = Field(None, title="正文", description="正文；有正文时标题作段首标题，段落间空一行")
    lead: str | None = Field(None, title="牵头单位", description="牵头单位：units 中单位的全称或简称")
    partners: StrList = Field(default_factory=list, title="配合单位", description="配合单位：units 中单位的全称或简称")
    due: Due | None = Field(None, title="完成时限", description="完成时限：时段（一季度、年内、2011年6月底前）或日期")


def _no_deeper(value: Any) -> Any:
    if value:
        raise HintedValueError(
            f"结构层次最多{MAX_LEVEL}级（一、（一）1.（1）），这里已是第{MAX_LEVEL + 1}级", "把这一层合并到上一级的 text 中"
        )
    return []


class Item4(_ItemFields):
    """Level 4 （1）: the deepest level."""

    model_config = ConfigDict(title="第四级事项", json_schema_extra={"description": "第四级事项（（1））"})

    items: Annotated[list[Any], BeforeValidator(_no_deeper), WithJsonSchema({"type": "array", "maxItems": 0})] = Field(
        default_factory=list, title="下级事项", description="第四级不能再分层"
    )


class Item3(_ItemFields):
    """Level 3 1."""

    model_config = ConfigDict(title="第三级事项", json_schema_extra={"description": "第三级事项（1.）"})

    items: Annotated[list[Item4], EmptyOk] = Field(default_factory=list, title="第四级事项", description="第四级（（1））")


class Item(_ItemFields):
    """Level 2 （一）: a task of the plan; may nest items for levels 3 and 4."""

    model_config = ConfigDict(title="第二级事项", json_schema_extra={"description": "第二级事项（（一））：一项工作任务"})

    items: Annotated[list[Item3], EmptyOk] = Field(default_factory=list, title="第三级事项", description="第三级（1.）")


AnyItem = Item | Item3 | Item4


class Section(_Strict):
    """A level-1 part 一、."""

    model_config = ConfigDict(title="一级部分", json_schema_extra={"description": "一级部分（一、）"})

    title: Title = Field(title="一级标题", description="一级标题，不写序号")
    text: str | None = Field(None, title="引言", description="本部分的引言段落")
    items: Annotated[list[Item], EmptyOk] = Field(default_factory=list, title="第二级事项", description="第二级（（一））")


class PlanAttachment(_Strict):
    """附件 [7.3.7]."""

    model_config = ConfigDict(title="附件", json_schema_extra={"description": "附件：另起一页"})

    title: Title = Field(title="附件名称", description="附件名称，末尾不加标点")
    text: str | None = Field(None, title="附件正文", description="附件正文（公文 Markdown）")


class PlanColophon(_Strict):
    """版记 [7.4]."""

    model_config = ConfigDict(title="版记", json_schema_extra={"description": "版记：抄送、印发机关和印发日期"})

    cc: StrList = Field(default_factory=list, title="抄送机关", description="抄送机关")
    printed_by: str | None = Field(None, title="印发机关", description="印发机关")
    printed_on: PlanDate | None = Field(None, title="印发日期", description="印发日期，如 2011-01-21")


class Notice(_Strict):
    """印发通知: the cover notice that issues the plan; it carries the masthead, 文号 and 版记 and has the
    plan (and its task table) as attachments."""

    model_config = ConfigDict(title="印发通知", json_schema_extra={
        "description": "印发通知：带版头、文号和版记，计划及任务分解表作为附件"})

    format: FormatName = Field("file", title="公文格式", description="印发通知的公文格式：file 文件格式（默认）；letter 信函格式（如办公室以函印发）")
    title: Title | None = Field(None, title="通知标题", description="通知标题，默认“关于印发《计划标题》的通知”")
    recipients: StrList | None = Field(None, title="主送机关", description="主送机关，默认同计划")
    text: str | None = Field(None, title="通知正文", description="通知正文，默认“现将《…》印发给你们，请结合实际，认真贯彻落实。”")


class Scheme(_Strict):
    """A sub-scheme (实施方案) the plan calls for, e.g. the evaluation scheme: a document of its own."""

    model_config = ConfigDict(title="子方案", json_schema_extra={"description": "计划要求制定的实施方案，单独成文"})

    title: Title = Field(title="方案标题", description="方案标题，如 ××区双拥模范城考评验收实施方案")
    format: FormatName = Field("file", title="公文格式", description="公文格式：file 文件格式（默认）、letter 信函格式、order 命令（令）格式、minutes 纪要格式")
    item: str | None = Field(None, title="提出本方案的条目", description="提出本方案的计划条目：条目标题，或序号如 二（一）")
    doc_number: DocNumber | None = Field(None, title="发文字号", description="本方案的发文字号（单独印发时）")
    preamble: str | None = Field(None, title="开头", description="开头段落")
    sections: Annotated[list[Section], EmptyOk] = Field(default_factory=list, title="一级部分", description="一级部分（一、）")
    closing: str | None = Field(None, title="结尾", description="结尾段落")
    attachments: Annotated[list[PlanAttachment], EmptyOk] = Field(default_factory=list, title="附件", description="附件")
    signature: StrList | None = Field(None, title="署名", description="署名，默认同计划")
    date: PlanDate | None = Field(None, title="成文日期", description="成文日期，默认同计划")


class UnitSchemes(_Strict):
    """Settings for the implementation schemes made for each responsible unit."""

    model_config = ConfigDict(title="单位实施方案", json_schema_extra={"description": "各责任单位实施方案的设置"})

    date: PlanDate | None = Field(
        None, title="成文日期", description="各单位实施方案的成文日期；默认取印发通知中的报送期限（如“于2011年2月28日前报区双拥办”），没有则同计划")


class Plan(_Strict):
    """A yearly work plan (工作要点 / 工作计划) as written in plan.yaml."""

    model_config = ConfigDict(
        title="工作要点 / 工作计划（officialdocs plan.yaml）",
        json_schema_extra={"description": "年度工作要点 / 工作计划，生成 GB/T 9704-2012 公文"},
    )

    profile: str | None = Field(None, title="样式配置", description="样式配置：内置名称（gbt9704）或 YAML 文件路径")
    format: FormatName = Field("file", title="公文格式", description="计划本身的公文格式：file 文件格式（默认）、letter 信函格式、order 命令（令）格式、minutes 纪要格式")
    masthead: PlanMasthead | None = Field(None, title="版头", description="版头：发文机关、发文字号、份号、密级、紧急程度、签发人")
    title: Title = Field(title="标题", description="公文标题，末尾不加标点")
    draft: Bracketless | None = Field(None, title="稿本标注", description="稿本标注，如 征求意见稿（标题下加括号显示）")
    recipients: StrList = Field(default_factory=list, title="主送机关", description="主送机关")
    recipients_in_colophon: bool | None = Field(
        None, title="主送机关移至版记", description="主送机关移至版记（“主送：…。”）；不写则在主送机关过长、首页无法显示正文时自动移入")
    preamble: str | None = Field(None, title="开头", description="开头段落，段落间空一行")
    sections: Annotated[list[Section], EmptyOk] = Field(default_factory=list, title="一级部分", description="一级部分（一、）")
    closing: str | None = Field(None, title="结尾", description="结尾段落，如 特此通知。")
    attachments: Annotated[list[PlanAttachment], EmptyOk] = Field(default_factory=list, title="附件", description="附件")
    signature: StrList | None = Field(None, title="发文机关署名", description="发文机关署名；联合行文写列表")
    date: PlanDate | None = Field(None, title="成文日期", description="成文日期，如 2011-01-20 或 2011年1月20日")
    seal: Path | None = Field(None, title="印章图片", description="印章图片，相对于 plan.yaml 所在目录")
    sealed: bool = Field(False, title="按加盖印章排版", description="无印章图片时也按加盖印章排版（手工盖章）")
    remark: Bracketless | None = Field(None, title="附注", description="附注，如 此件公开发布（括号自动添加）")
    colophon: PlanColophon | None = Field(None, title="版记", description="版记：抄送、印发机关、印发日期")
    units: Annotated[list[Unit], EmptyOk] = Field(default_factory=list, title="责任单位", description="责任单位：任务的牵头、配合单位须在此声明")
    notice: Notice | None = Field(None, title="印发通知", description="印发通知：有它时由通知带版头、文号和版记，计划作为附件")
    schemes: Annotated[list[Scheme], EmptyOk] = Field(default_factory=list, title="子方案", description="子方案（实施方案），各自成文")
    topic: str | None = Field(None, title="工作名称", description="各单位实施方案标题中的工作名称，默认从标题取，如 双拥工作")
    signature_title: str | None = Field(None, title="签署人职务", description="命令格式：签署人职务，排在签名章（或签署人姓名）左侧（GB/T 9704 7.3.5.3）")
    attendees: StrList = Field(default_factory=list, title="出席人员", description="纪要格式：出席人员（单位和姓名），正文后空一行排列")
    absentees: StrList = Field(default_factory=list, title="请假人员", description="纪要格式：请假人员")
    observers: StrList = Field(default_factory=list, title="列席人员", description="纪要格式：列席人员")
    unit_schemes: UnitSchemes | None = Field(None, title="单位实施方案", description="各责任单位实施方案的设置（成文日期）")

    _source: Path = PrivateAttr(default_factory=lambda: Path("plan.yaml"))
    _index: TaskIndex | None = PrivateAttr(None)
    _warnings: list[Problem] = PrivateAttr(default_factory=list)

    @field_validator("seal", mode="before")
    @classmethod
    def _seal_exists(cls, value: Any, info: ValidationInfo) -> Any:
        if value is not None and not isinstance(value, str):
            raise HintedValueError("应为印章图片的文件路径", "如 seal.png")
        base = (info.context or {}).get("base_dir")
        if value is not None and base is not None and not (Path(base) / value).is_file():
            raise HintedValueError(f"找不到印章图片 “{value}”", "路径相对于 plan.yaml 所在目录；没有图片可删去 seal，改写 sealed: true")
        if value is not None and base is not None:
            from ..validators import check_seal_image

            check_seal_image(Path(base) / value)  # a picture the writers can embed
        return value

    @model_validator(mode="after")
    def _references(self, info: ValidationInfo) -> Plan:
        # The loader runs these checks itself on the raw data, with positions; direct construction gets them here.
        if not (info.context or {}).get("references_checked"):
            findings = reference_findings(self.model_dump())
            if findings:
                raise HintedValueError("；".join(f.message for f in findings), findings[0].hint)
        return self

    # -------------------------------------------------------- derived views

    @property
    def source(self) -> Path:
        """The plan file; relative paths in the plan (seal) resolve against its directory."""
        return self._source

    @property
    def warnings(self) -> list[Problem]:
        """Located warnings from loading (load_plan): the plan renders, but the user should look at these."""
        return list(self._warnings)

    @property
    def seal_path(self) -> Path | None:
        # Absolute: the generated Markdown is parsed with the plan's folder as its base, which would prefix a path
        # relative to the working folder a second time (plans/plans/seal.png).
        return None if self.seal is None else self._source.parent.absolute() / self.seal

    @property
    def date_text(self) -> str | None:
        """成文日期 as printed: 2011年1月20日."""
        return None if self.date is None else format_date(self.date)

    @property
    def unit_schemes_date(self) -> _Date | None:
        """The date of the unit schemes: as set, else the deadline the notice gives the units (…于2011年2月28日前
        报区双拥办), else the plan's date."""
        if self.unit_schemes and self.unit_schemes.date:
            return self.unit_schemes.date
        deadline = _deadline(self.notice.text if self.notice and self.notice.text else "", self.year)
        return deadline or self.date

    @property
    def year(self) -> int | None:
        """The plan's year: from the title (2011年…), else from the date."""
        match = re.search(r"((?:19|20)\d{2})年", self.title)
        if match:
            return int(match.group(1))
        return self.date.year if self.date else None

    @property
    def topic_text(self) -> str:
        """The work the plan is about, for per-unit scheme titles: 双拥工作 from ××区2011年双拥工作要点,
        社区卫生服务工作 from ××区2024年社区卫生服务工作任务分工 (never 分工工作)."""
        if self.topic:
            return self.topic
        title = "".join(self.title.split("\n"))
        year = _TITLE_YEAR.search(title)
        if year:
            rest = title[year.end():]
        else:  # no year: drop the issuer's place (××区) and 关于
            place = next((m.group(0) for name in self._issuer_names() if (m := _PLACE_PREFIX.match(name))), "")
            rest = title[len(place):] if place and title.startswith(place) else title
        subject = _subject(re.sub(r"^关于", "", rest))
        return subject if subject.endswith("工作") else f"{subject}工作"

    def unit_scheme_title(self, unit: Unit) -> str:
        """××区华新镇人民政府2011年双拥工作实施方案: the unit's full name (or its title_name), the year, the
        topic; parts that end and start with digits are kept apart (社卫48 2024年)."""
        return join_words(unit.title_name or unit.name, f"{self.year}年" if self.year else None,
                          self.topic_text, "实施方案")

    def unit_task_table_title(self, unit: Unit) -> str:
        """The attachment of a unit scheme: ××区华新镇人民政府2011年双拥工作任务分解表."""
        return join_words(unit.title_name or unit.name, f"{self.year}年" if self.year else None,
                          self.topic_text, "任务分解表")

    def _issuer_names(self) -> list[str]:
        return (self.masthead.issuer_names if self.masthead else []) + list(self.signature or [])

    @property
    def notice_title(self) -> str:
        return (self.notice.title if self.notice and self.notice.title else None) or f"关于印发《{self.title}》的通知"

    @property
    def task_table_title(self) -> str:
        """××区2011年双拥工作要点 -> ××区2011年双拥工作任务分解表."""
        stem = _subject("".join(self.title.split("\n")))
        return f"{stem}{'' if stem.endswith('工作') else '工作'}任务分解表"

    def task_rows(self, tasks: list[Task] | None = None) -> list[list[str]]:
        """任务分解表 rows: 序号 / 工作任务 / 牵头单位 / 配合单位 / 完成时限, one per task with a unit."""
        rows: list[list[str]] = []
        for task in tasks if tasks is not None else self.tasks():
            if task.lead is None and not task.partners:
                continue
            rows.append([str(len(rows) + 1), task.title, task.lead.label if task.lead else "",
                         "、".join(u.label for u in task.partners), task.due or ""])
        return rows

    def units_by_key(self) -> dict[str, Unit]:
        """Full names and short names -> Unit."""
        return dict(self._tasks().units_by_key)

    def tasks(self) -> list[Task]:
        """Every item (levels 2–4) in document order; lead/partners as written, not inherited from parents."""
        return list(self._tasks().tasks)

    def scheme_tasks(self) -> list[Task]:
        """Every item of the sub-schemes, scheme by scheme (Task.scheme says which)."""
        return list(self._tasks().scheme_tasks)

    def tasks_for(self, unit: Unit | str, schemes: bool = False) -> list[tuple[Task, Role]]:
        """The tasks a unit leads (牵头) or supports (配合): the plan's in document order, then (with
        `schemes`) the sub-schemes'."""
        found = self._tasks().by_unit.get(self._unit(unit).name, [])
        return list(found) if schemes else [(task, role) for task, role in found if task.scheme is None]

    def assignments(self, unit: Unit | str) -> list[Assignment]:
        """Every task the unit holds, in the plan and its sub-schemes, in the plan's order, with its role."""
        return assignments(self, self._tasks(), self._unit(unit))

    def units_with_tasks(self) -> list[Unit]:
        """Declared units named by at least one task of the plan or its sub-schemes, in declaration order."""
        busy = self._tasks().by_unit
        return [u for u in self.units if u.name in busy]

    def units_without_tasks(self) -> list[Unit]:
        busy = self._tasks().by_unit
        return [u for u in self.units if u.name not in busy]

    def _tasks(self) -> TaskIndex:
        # Built on first use, once: the plan is frozen, so the index never goes stale.
        if self._index is None:
            self._index = build_index(self)
        return self._index

    def _unit(self, unit: Unit | str) -> Unit:
        if isinstance(unit, Unit):
            return unit
        found = self._tasks().units_by_key.get(unit)
        if found is None:
            raise OfficialDocsError(f"“{unit}” 不是 plan.yaml 中声明的责任单位")
        return found


_TITLE_YEAR = re.compile(r"(?:19|20)\d{2}年度?")
_PLACE_PREFIX = re.compile(r"^.{1,10}?[省市县区]")
# What a plan's title calls the document, longest first: stripped to leave its subject (双拥工作).
_DOC_KINDS = ("任务分工方案", "责任分工方案", "任务分工", "责任分工", "分工方案", "工作要点", "工作计划", "工作方案",
              "实施方案", "实施意见", "工作安排", "要点", "计划", "方案", "安排", "意见")


def _subject(title: str) -> str:
    """××区2011年双拥工作要点 -> ××区2011年双拥工作: the title without what kind of document it is."""
    stem = title
    while True:
        kind = next((k for k in _DOC_KINDS if stem.endswith(k) and len(stem) > len(k)), None)
        if kind is None:
            break
        stem = stem[:-len(kind)].rstrip("的")
    return stem


_DEADLINE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:之?前)")


def _deadline(text: str, year: int | None) -> date | None:
    """The first 'by date' (2011年2月28日前, 2月28日之前) in a notice's text."""
    for match in _DEADLINE.finditer(text):
        full_year = int(match.group(1)) if match.group(1) else year
        if full_year is None:
            continue
        try:
            return date(full_year, int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    return None


# ---------------------------------------------------------------- cross-field checks


@dataclass(frozen=True)
class Finding:
    """A cross-field problem at a path of the plan data, before it is given a file position."""

    path: PathKey
    message: str
    hint: str | None = None
    warning: bool = False  # reported, but the plan still renders
    offset: int | None = None  # where in the (string) value at `path`, when the message is about one spot


def reference_findings(data: Mapping[str, Any]) -> list[Finding]:
    """Duplicate unit names and task units that are not declared.

    Works on raw YAML data as well as on Plan.model_dump(), and skips whatever has the wrong shape:
    the model reports those.
    """
    findings, keys = _unit_declarations(data.get("units"))
    choices = list(keys)
    references = list(_unit_references(data.get("sections")))
    schemes = data.get("schemes")
    for k, scheme in enumerate(schemes if isinstance(schemes, list) else []):  # a wrong shape: the model says so
        if isinstance(scheme, Mapping):
            references += [(("schemes", k, *path), name) for path, name in _unit_references(scheme.get("sections"))]
    for path, name in references:
        if name not in keys:
            guess = suggest(name, choices)
            hint = f"是否想写 “{guess}”？若是另一单位，请在 units 下声明它" if guess else "请在 units 下声明它：name 写全称，可加 short 简称"
            findings.append(Finding(path, f"“{name}” 不是已声明的责任单位", hint))
    return findings


def _unit_declarations(units: Any) -> tuple[list[Finding], dict[str, int]]:
    """Names and short names -> unit index, and a finding for each one already taken by another unit."""
    findings: list[Finding] = []
    keys: dict[str, int] = {}
    for i, unit in enumerate(units if isinstance(units, list) else []):
        if not isinstance(unit, Mapping):
            continue
        for field_name in ("name", "short"):
            key = unit.get(field_name)
            if not isinstance(key, str) or not key.strip():
                continue
            key = key.strip()
            owner = keys.setdefault(key, i)
            if owner != i:
                findings.append(
                    Finding(("units", i, field_name), f"单位名称 “{key}” 与第 {owner + 1} 个单位重复", "全称和简称都不能重复")
                )
    return findings, keys


def _unit_references(sections: Any) -> Iterator[tuple[PathKey, str]]:
    """Every lead / partners entry in the sections, with its path."""
    for s, section in enumerate(sections if isinstance(sections, list) else []):
        if isinstance(section, Mapping):
            yield from _item_references(section.get("items"), ("sections", s))


def _item_references(items: Any, parent: PathKey) -> Iterator[tuple[PathKey, str]]:
    for i, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, Mapping):
            continue
        path = (*parent, "items", i)
        lead = item.get("lead")
        if isinstance(lead, str) and lead.strip():
            yield (*path, "lead"), lead.strip()
        partners = item.get("partners")
        if isinstance(partners, str):
            yield (*path, "partners"), partners.strip()
        elif isinstance(partners, list):
            for p, partner in enumerate(partners):
                if isinstance(partner, str):
                    yield (*path, "partners", p), partner.strip()
        yield from _item_references(item.get("items"), path)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of plan.yaml, for editors (yaml-language-server) and `officialdocs schema`."""
    from ..schemas import PLAN_ID, draft07

    return draft07(Plan.model_json_schema(by_alias=True), PLAN_ID)
