"""plan.yaml: the schema, the loader's located messages, and the task/unit views."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from officialdocs.errors import OfficialDocsError
from officialdocs.plan import Plan, Unit, json_schema, load_plan, load_plan_text

BAD = Path(__file__).parent / "data" / "bad_plans"

BARE = """\
title: ××区2011年双拥工作要点
sections: []
"""
# The least a plan that can be issued has: 正文, 署名 and 成文日期.
MINIMAL = """\
title: ××区2011年双拥工作要点
preamble: 为做好2011年双拥工作，制定本要点。
signature: ××区双拥工作领导小组
date: 2011-01-20
"""

FULL = """\
masthead:
  issuer: ××区双拥工作领导小组
  doc_number: 区双拥〔2011〕1号
  copy_number: "000001"
  classification: 秘密★1年
  urgency: 加急
title: ××区2011年双拥工作要点
recipients: 各镇人民政府
sections:
  - title: 一、服务和推动军民融合式发展
    items:
      - title: 全力支持部队现代化建设
        text: 各级双拥组织要……
        lead: 区民政局
        partners: 区人武部
        due: 2011-06-30
        items:
          - title: 保障部队训练
            lead: ××镇
            items:
              - title: 协调训练场地
                partners: [区民政局, ××镇]
                due: 年内
      - title: （二）做好优抚安置工作
        lead: ××区人民武装部
        partners: [区民政局]
        due: 一季度
  - title: 深入开展双拥宣传
    items:
      - title: 组织主题宣传活动
        lead: 区民政局
signature: ××区双拥工作领导小组
date: 2011年1月20日
remark: （此件公开发布）
colophon:
  cc: 市双拥办
  printed_by: ××区双拥工作领导小组办公室
  printed_on: "2011-01-21"
units:
  - {name: ××区民政局, short: 区民政局, kind: department}
  - {name: ××区人民武装部, short: 区人武部, kind: army}
  - {name: ××区××镇人民政府, short: ××镇, kind: town, signature: ××镇人民政府}
  - {name: ××区××街道办事处, kind: street}
"""


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan_text(FULL)


def test_minimal_plan_loads() -> None:
    plan = load_plan_text(MINIMAL)
    assert plan.title == "××区2011年双拥工作要点"
    assert plan.sections == [] and plan.masthead is None and plan.units == [] and plan.warnings == []
    assert plan.source == Path("plan.yaml")


def test_values_are_normalised(plan: Plan) -> None:
    assert plan.date == date(2011, 1, 20)
    assert plan.date_text == "2011年1月20日"
    assert plan.colophon is not None and plan.colophon.printed_on == date(2011, 1, 21)
    assert plan.colophon.cc == ["市双拥办"]
    assert plan.recipients == ["各镇人民政府"]
    assert plan.remark == "此件公开发布"
    assert plan.masthead is not None and plan.masthead.issuer_names == ["××区双拥工作领导小组"]
    assert plan.masthead.mark_suffix == "文件"
    assert plan.sections[0].items[0].due == "2011年6月30日"
    assert plan.sections[0].items[1].due == "一季度"
    assert plan.units[0].signature == "××区民政局"
    assert plan.units[2].signature == "××镇人民政府"
    assert plan.units[3].kind == "street"


@pytest.mark.parametrize("text", ["2011-01-20", "'2011-01-20'", "2011年1月20日", "2011/1/20"])
def test_date_forms(text: str) -> None:
    assert load_plan_text(MINIMAL.replace("2011-01-20", text)).date == date(2011, 1, 20)


def test_tasks_in_document_order(plan: Plan) -> None:
    tasks = plan.tasks()
    assert [(t.path, t.level, t.number) for t in tasks] == [
        ((0, 0), 2, "（一）"),
        ((0, 0, 0), 3, "1."),
        ((0, 0, 0, 0), 4, "（1）"),
        ((0, 1), 2, "（二）"),
        ((1, 0), 2, "（一）"),
    ]
    first = tasks[0]
    assert first.title == "全力支持部队现代化建设"
    assert first.section_title == "服务和推动军民融合式发展"  # the typed 一、 is not part of the title
    assert first.lead is not None and first.lead.name == "××区民政局"
    assert [u.short for u in first.partners] == ["区人武部"]
    assert tasks[3].title == "做好优抚安置工作"
    assert tasks[3].lead is not None and tasks[3].lead.short == "区人武部"  # full name works too


def test_tasks_for_roles(plan: Plan) -> None:
    found = [(t.number, t.title, role) for t, role in plan.tasks_for("区民政局")]
    assert found == [
        ("（一）", "全力支持部队现代化建设", "牵头"),
        ("（1）", "协调训练场地", "配合"),
        ("（二）", "做好优抚安置工作", "配合"),
        ("（一）", "组织主题宣传活动", "牵头"),
    ]
    town = plan.units_by_key()["××镇"]
    assert plan.tasks_for(town) == plan.tasks_for("××区××镇人民政府")
    assert [role for _, role in plan.tasks_for(town)] == ["牵头", "配合"]


def test_units_with_and_without_tasks(plan: Plan) -> None:
    assert [u.name for u in plan.units_with_tasks()] == ["××区民政局", "××区人民武装部", "××区××镇人民政府"]
    assert [u.name for u in plan.units_without_tasks()] == ["××区××街道办事处"]
    assert set(plan.units_by_key()) == {
        "××区民政局", "区民政局", "××区人民武装部", "区人武部", "××区××镇人民政府", "××镇", "××区××街道办事处"
    }


def test_tasks_for_unknown_unit_is_a_user_error(plan: Plan) -> None:
    with pytest.raises(OfficialDocsError, match="不是 plan.yaml 中声明的责任单位"):
        plan.tasks_for("区财政局")


def test_direct_construction_still_checks_units() -> None:
    with pytest.raises(ValueError, match="不是已声明的责任单位"):
        Plan(title="x", sections=[{"title": "s", "items": [{"title": "t", "lead": "区财政局"}]}])
    Plan(title="x", units=[Unit(name="区财政局")], sections=[{"title": "s", "items": [{"title": "t", "lead": "区财政局"}]}])


def test_seal_resolves_next_to_the_plan(tmp_path: Path) -> None:
    (tmp_path / "seal.png").write_bytes((Path(__file__).parent / "data" / "seal.png").read_bytes())  # a real image
    path = tmp_path / "plan.yaml"
    path.write_text(MINIMAL + "seal: seal.png\n", encoding="utf-8")
    plan = load_plan(path)
    assert plan.source == path
    assert plan.seal_path == tmp_path / "seal.png"


def test_all_problems_reported_in_line_order() -> None:
    text = BARE + "date: 2011-02-30\nrecipents: [x]\nunits:\n  - {name: 甲, short: 甲镇}\n  - {name: 甲镇}\n"
    with pytest.raises(OfficialDocsError) as info:
        load_plan_text(text)
    assert [p.location.line for p in info.value.problems if p.location] == [3, 4, 7]


def test_missing_plan_file(tmp_path: Path) -> None:
    with pytest.raises(OfficialDocsError, match="找不到计划文件"):
        load_plan(tmp_path / "plan.yaml")


def test_json_schema_has_chinese_help() -> None:
    schema = json_schema()
    assert schema["title"] and "公文" in schema["description"]
    assert schema["additionalProperties"] is False
    assert "发文字号" in schema["definitions"]["PlanMasthead"]["properties"]["doc_number"]["description"]
    assert "source" not in schema["properties"]
    assert schema["definitions"]["Item4"]["properties"]["items"]["maxItems"] == 0  # editors flag a fifth level too


# One defect per file: where it is reported, and a phrase of the message or hint.
BAD_PLANS = [
    ("unknown_key_typo.yaml", 2, 1, "“recipients”"),
    ("item_key_typo.yaml", 6, 9, "未知的字段 “titel”"),
    ("sections_wrong_type.yaml", 2, 11, "应为列表"),
    ("missing_title.yaml", 2, 1, "缺少必填字段 “title”"),
    ("impossible_date.yaml", 4, 7, "2011年没有2月30日"),
    ("bad_printed_on.yaml", 4, 15, "不存在"),
    ("doc_number_leading_zero.yaml", 4, 15, "不编虚位（不加前导0）（应写成 “区双拥〔2011〕1号”）"),
    ("doc_number_square_brackets.yaml", 4, 15, "六角括号〔〕（应写成 “区双拥〔2011〕1号”）"),
    ("doc_number_fullwidth_square.yaml", 4, 15, "六角括号〔〕（应写成 “区双拥〔2011〕1号”）"),
    ("doc_number_lenticular.yaml", 4, 15, "六角括号〔〕（应写成 “区双拥〔2011〕1号”）"),
    ("doc_number_parentheses.yaml", 4, 15, "六角括号〔〕（应写成 “区双拥〔2011〕1号”）"),
    ("doc_number_small_tortoise.yaml", 4, 15, "六角括号〔〕（应写成 “区双拥〔2011〕1号”）"),
    ("doc_number_two_digit_year.yaml", 4, 15, "年份应写全4位（应写成 “区双拥〔2011〕1号”）"),
    ("doc_number_di.yaml", 4, 15, "序号前不加“第”字（应写成 “区双拥〔2011〕1号”）"),
    ("doc_number_no_hao.yaml", 4, 15, "序号后应加“号”（应写成 “区双拥〔2011〕1号”）"),
    ("undeclared_lead.yaml", 6, 15, "“区民政” 不是已声明的责任单位（是否想写 “区民政局”"),
    ("undeclared_partner.yaml", 7, 26, "“区财政局” 不是已声明的责任单位"),
    ("duplicate_unit.yaml", 4, 29, "“区民政局” 与第 1 个单位重复"),
    ("unknown_unit_kind.yaml", 4, 11, "是否想写 “town”"),
    ("copy_number_int.yaml", 4, 16, "\"000123\""),
    ("bad_urgency.yaml", 4, 12, "紧急程度 “特快”"),
    ("bad_classification.yaml", 4, 19, "实心五角星★（应写成 “秘密★1年”"),
    ("issuer_and_issuers.yaml", 4, 12, "同时写了 issuer 和 issuers"),
    ("title_trailing_period.yaml", 1, 8, "标题末尾不加标点"),
    ("nesting_too_deep.yaml", 11, 19, "结构层次最多4级"),
    ("missing_seal.yaml", 3, 7, "找不到印章图片"),
    ("yaml_syntax_error.yaml", 2, 13, "方括号 [ ] 里的列表没有闭合"),  # where the unclosed [ opens
    ("duplicate_key.yaml", 3, 1, "重复的键“title”"),
    ("empty.yaml", 1, 1, "计划文件是空的"),
    ("top_level_list.yaml", 1, 1, "顶层应为键值表"),
]


@pytest.mark.parametrize(("name", "line", "col", "phrase"), BAD_PLANS, ids=[row[0] for row in BAD_PLANS])
def test_bad_plan_is_reported_at_its_line(name: str, line: int, col: int, phrase: str) -> None:
    path = BAD / name
    with pytest.raises(OfficialDocsError) as info:
        load_plan(path)
    problems = info.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    assert str(problems[0]).startswith(f"{path}:{line}:{col}: ")
    assert phrase in str(problems[0])


def test_every_bad_plan_is_in_the_table() -> None:
    assert {p.name for p in BAD.glob("*.yaml")} == {row[0] for row in BAD_PLANS}


# ---------------------------------------------------------------- locations a clerk reads (issue 13.4)

CLERK = """\
title: ××区2011年双拥工作要点
sections:
  - title: 第一部分
    items:
      - title: 甲
  - title: 第二部分
    items:
      - title: 乙
      - title: 丙
      -
        text: 标题被删掉了
        items:
          - title: 丁
            due: [年内]
attachments:
  - title: 名单
  - text: 没有名称的附件
units:
  - name: ××区华新镇人民政府
    short: 华新镇
    kind: twn
"""


def test_fields_are_named_the_way_a_clerk_reads_the_plan() -> None:
    with pytest.raises(OfficialDocsError) as info:
        load_plan_text(CLERK)
    assert [str(p).split("（title：")[0] for p in info.value.problems] == [
        "plan.yaml:10:7: 缺少必填字段 第二部分（三）的“title”",  # on the item's own `-`, not the line below
        "plan.yaml:14:18: 第二部分（三）1.的“due” 应为文本，实际是 列表",
        "plan.yaml:17:3: 缺少必填字段 附件2的“title”",
        "plan.yaml:21:11: 单位“××区华新镇人民政府”的“kind”：单位类别 “twn” 不认识（是否想写 “town”？）",
    ]
    missing = str(info.value.problems[0])
    assert missing.endswith("（title：标题，不写序号（序号自动生成））")  # the schema's own words as the hint


def test_a_missing_field_on_the_dash_line() -> None:
    text = CLERK.replace("      -\n        text: 标题被删掉了", "      - text: 标题被删掉了")
    with pytest.raises(OfficialDocsError) as info:
        load_plan_text(text)
    assert str(info.value.problems[0]).startswith("plan.yaml:10:7: 缺少必填字段 第二部分（三）的“title”")
