"""Unit schemes (issue 13.6) and the unit -> tasks index that makes them linear (issue 12.6/12.9)."""

from __future__ import annotations

import pytest

from officialdocs.family import plan_jobs
from officialdocs.plan import Plan
from officialdocs.plan import tasks as task_views


def _many_units(n: int) -> Plan:
    """n units with one task each (the shape of the 10,000-unit report in issue 12)."""
    units = [{"name": f"××区第{i}街道办事处", "short": f"第{i}街道", "kind": "street"} for i in range(n)]
    items = [{"title": f"做好第{i}项工作", "text": f"认真做好第{i}项工作。", "lead": f"第{i}街道", "due": "年内"}
             for i in range(n)]
    sections = [{"title": f"第{s + 1}部分", "items": items[s * 1000:(s + 1) * 1000]} for s in range(-(-n // 1000))]
    return Plan.model_validate({"title": "××区2011年双拥工作要点", "sections": sections, "units": units})


def _count_task_work(monkeypatch, n: int) -> int:
    """Items walked plus tasks built while making the unit-scheme jobs of an n-unit plan."""
    calls = {"n": 0}
    walk, make = task_views.walk, task_views.make_task

    def counting_walk(items, parent):
        calls["n"] += 1
        return walk(items, parent)

    def counting_make(*args, **kwargs):
        calls["n"] += 1
        return make(*args, **kwargs)

    monkeypatch.setattr(task_views, "walk", counting_walk)
    monkeypatch.setattr(task_views, "make_task", counting_make)
    plan = _many_units(n)
    jobs = plan_jobs(plan, ["units"])
    assert len(jobs) == n and not plan.units_without_tasks()
    assert [task.title for task, _ in plan.tasks_for(plan.units[-1])] == [f"做好第{n - 1}项工作"]
    return calls["n"]


@pytest.mark.slow
def test_unit_schemes_are_linear_in_the_number_of_units(monkeypatch):
    small = _count_task_work(monkeypatch, 1_000)
    large = _count_task_work(monkeypatch, 10_000)
    # One walk over the plan, however many units ask: 10× the units is 10× the work (it was 100×).
    assert small <= 3 * 1_000
    assert large <= 10.5 * small


# ---------------------------------------------------------------- unit schemes worth sending (issue 13.6)

from officialdocs import parse_markup  # noqa: E402
from officialdocs.document import Heading, Paragraph  # noqa: E402
from officialdocs.plan import load_plan, load_plan_text  # noqa: E402

from .conftest import SAMPLE  # noqa: E402


@pytest.fixture(scope="module")
def sample():
    return load_plan(SAMPLE)


def _scheme_doc(plan, unit):
    job = next(j for j in plan_jobs(plan, ["units"]) if j.context["unit"] == unit)
    return job, parse_markup(job.markdown(), source=job.source)


def _held_from_raw_data(plan, unit) -> list[tuple[str, str]]:
    """(title, role) of every item naming the unit, read straight from the plan data (not the index)."""
    keys = set(unit.keys)
    found = []

    def visit(items):
        for item in items:
            if item.lead in keys:
                found.append((item.title, "牵头"))
            elif keys & set(item.partners):
                found.append((item.title, "配合"))
            visit(item.items)

    for document in [plan, *plan.schemes]:
        for section in document.sections:
            visit(section.items)
    return found


def _tasks_in(doc) -> list[tuple[str, str]]:
    """(title, role) of the tasks listed in a unit scheme, role read from its duty sentence."""
    found = []
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph) and block.run_in and block.run_in.level == 3:
            duty = next(b.text for b in blocks[i:] if isinstance(b, Paragraph) and "本单位" in b.text and "牵头" in b.text)
            found.append((block.run_in.text.rstrip("。"), "牵头" if "由本单位牵头" in duty else "配合"))
    return found


def test_every_unit_lists_the_tasks_it_holds_in_the_plan_and_the_sub_schemes(sample):
    for unit in sample.units_with_tasks():
        _, doc = _scheme_doc(sample, unit)
        assert sorted(_tasks_in(doc)) == sorted(_held_from_raw_data(sample, unit)), unit.name
    assert {u.name for u in sample.units_without_tasks()} == set()


@pytest.mark.parametrize("short", ["区委宣传部", "区人武部"])
def test_a_unit_in_the_plan_and_both_sub_schemes_gets_all_of_them_with_their_text(sample, short):
    unit = sample.units_by_key()[short]
    held = sample.assignments(unit)
    assert {h.scheme_title for h in held} == {None, *(s.title for s in sample.schemes)}  # plan and both schemes
    _, doc = _scheme_doc(sample, unit)
    text = "\n".join(b.text for b in doc.blocks if isinstance(b, Paragraph))
    for h in held:
        first_sentence = h.task.text.split("。")[0]
        assert first_sentence in text, h.task.title  # the plan's own words, not a stock sentence
        if h.scheme_title:
            assert f"此项为《{h.scheme_title}》中的任务" in text
    assert "做好此项工作" not in text
    preamble = doc.blocks[0].text
    assert all(f"《{s.title}》" in preamble for s in sample.schemes)


def test_tasks_are_grouped_under_the_plans_sections_with_role_partners_and_deadline(sample):
    unit = sample.units_by_key()["华新镇"]
    _, doc = _scheme_doc(sample, unit)
    sections = [h.text for h in doc.blocks if isinstance(h, Heading) and h.level == 2]
    assert sections == ["服务和推动军民融合式发展，在促进双拥工作创新发展上下功夫"]
    titles = [t for t, _ in _tasks_in(doc)]
    # 三（二）, then the tasks of the scheme that implements 三（二）, then nothing else
    assert titles == ["进一步打造双拥工作品牌", "进一步引导“两新”组织拥军创新发展", "摸清底数，制定规划", "结对共建，搭建平台"]
    duties = [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.text.endswith("。") and "本单位配合" in b.text]
    assert duties[0] == "由区委宣传部牵头，本单位配合，一同配合的还有区双拥办、夏阳街道；完成时限：全年。"
    assert duties[3] == ("此项为《××区“两新”组织拥军工作实施方案》中的任务，由区人武部牵头，本单位配合，"
                         "一同配合的还有××工业园区、白鹤镇；完成时限：6月底前。")
    lead = sample.units_by_key()["区委宣传部"]
    _, doc = _scheme_doc(sample, lead)
    assert any(b.text == "由本单位牵头，区双拥办、华新镇、夏阳街道配合；完成时限：全年。" for b in doc.blocks
               if isinstance(b, Paragraph))


def test_long_texts_are_condensed_to_the_sentences_that_concern_the_unit(sample):
    unit = sample.units_by_key()["夏阳街道"]
    held = next(h for h in sample.assignments(unit) if h.task.title == "进一步推进社会化拥军")
    what = held.what(180)
    assert len(what) <= 180 < len(held.task.text)
    assert what.startswith("积极调动社会各界力量") and what.endswith("。")
    assert "各镇、街道、园区要依托社区服务中心" in what  # the sentence addressed to streets is kept
    assert what in held.task.text.replace("\n", "") or all(s in held.task.text for s in what.split("。") if s)


def test_full_name_in_title_and_signature_date_from_the_notice(sample):
    unit = sample.units_by_key()["华新镇"]
    job, doc = _scheme_doc(sample, unit)
    assert doc.title == "××区华新镇人民政府2011年双拥工作实施方案" == job.title
    assert doc.signature.issuers == ["××区华新镇人民政府"]
    assert doc.signature.date == "2011年2月28日"  # the notice: 于2011年2月28日前报区双拥办
    assert doc.attachments[0].title == "××区华新镇人民政府2011年双拥工作任务分解表"


def _plan(extra: str = "", title: str = "××区2011年双拥工作要点", unit: str = "name: ××区华新镇人民政府\n    short: 华新镇",
          notice: str = "") -> str:
    return (f"title: {title}\npreamble: 为做好工作，制定本要点。\nsignature: ××区双拥工作领导小组\ndate: 2011-01-20\n{notice}"
            f"sections:\n  - title: 工作任务\n    items:\n      - title: 做好工作\n        text: 认真做好工作。\n"
            f"        lead: 华新镇\nunits:\n  - {unit}\n{extra}")


def test_short_name_date_and_topic_where_the_plan_says_so():
    plan = load_plan_text(_plan("unit_schemes:\n  date: 2011年3月1日\n", unit="name: ××区华新镇人民政府\n    short: 华新镇\n"
                                "    title_name: 华新镇"))
    unit = plan.units[0]
    _, doc = _scheme_doc(plan, unit)
    assert doc.title == "华新镇2011年双拥工作实施方案"  # title_name: the plan asks for the short name
    assert doc.signature.issuers == ["××区华新镇人民政府"] and doc.signature.date == "2011年3月1日"
    # no unit_schemes.date and no deadline in the notice: the plan's date
    plan = load_plan_text(_plan(notice="notice:\n  text: 现将要点印发给你们。\n"))
    assert plan.unit_schemes_date.isoformat() == "2011-01-20"
    plan = load_plan_text(_plan(notice="notice:\n  text: 请于3月5日前报区双拥办。\n"))
    assert plan.unit_schemes_date.isoformat() == "2011-03-05"  # the year is the plan's


def test_titles_never_glue_numbers_or_double_words():
    plan = load_plan_text(_plan(title="××区2024年社区卫生服务工作任务分工", unit="name: 社卫48\n    short: 华新镇"))
    assert plan.unit_scheme_title(plan.units[0]) == "社卫48 2024年社区卫生服务工作实施方案"
    assert plan.unit_task_table_title(plan.units[0]) == "社卫48 2024年社区卫生服务工作任务分解表"
    assert plan.task_table_title == "××区2024年社区卫生服务工作任务分解表"
    _, doc = _scheme_doc(plan, plan.units[0])
    assert doc.title == "社卫48 2024年社区卫生服务工作实施方案"
    for title, topic in [("××区2011年双拥工作要点", "双拥工作"), ("××区2024年重点工作任务分工方案", "重点工作"),
                         ("关于2024年安全生产工作的实施意见", "安全生产工作"), ("××区双拥工作要点", "双拥工作")]:
        assert load_plan_text(_plan(title=title)).topic_text == topic, title
