"""Fuzzing (issue 12.8): random plans and 公文 Markdown with hostile strings (control, bidi, non-BMP characters,
YAML syntax characters, huge and empty values), and random edits of valid files, through the CLI in-process.

Every run must end with exit 0 or 1 (never a usage or internal error); on 1 the message names the input
file (with its line where there is one) and nothing is written, except a plan family where some documents
failed and the manifest says which; on 0 every .docx passes a zip test and opens in python-docx, and every
PDF opens in PDFium with at least one page.

The default run is bounded (a few seconds per test); `pytest -m exhaustive tests/test_fuzz.py -s` runs more
than 10,000 examples and prints the counts.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import random
import re
import tempfile
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from officialdocs import cli

from .conftest import ROOT, SAMPLE

CJK = "关于印发年度工作要点的通知各单位要认真贯彻落实区委宣传部民政局双拥模范城建设一二三四五六七八九十"
PUNCT = "，。、；：？！“”‘’（）《》〔〕【】—…·％"
HOSTILE = ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f", "\u200b", "\u200e",
           "\u200f", "\u202a", "\u202b", "\u202e", "\u2066", "\u2069", "\ufeff", "\ufffe", "\uffff", "\U00020000",
           "\U0001f600", "\U0010fffd", "𠮷", "\u3000", "\t", "\r", "\n", "\u2028", "\u00a0", "\ud800", "\udfff"]
SYNTAX = list(":-#&*!|>'\"%@`{}[],?~\\<>_=+") + ["\n- ", ": ", " #", "---", "...", "{{ x }}", "{% if %}", "<br>"]
ASCII = "abcXYZ0129 "
SPECIAL_VALUES = ["", " ", "~", "null", "yes", "no", "0001", "1e400", "2011-02-30", "-1", ".inf", "<<"]

CONTROLS = [c for c in HOSTILE if c in "\x00\x01\x07\x0b\x0c\x1b\x1f\x7f\x85\x9f\r\ufffe\uffff\ud800\udfff"]
PRINTABLE = [c for c in HOSTILE if c not in CONTROLS]  # bidi controls, non-BMP, odd spaces: must render
friendly = st.text(st.sampled_from(CJK), min_size=1, max_size=24)
anything = st.one_of(st.sampled_from(list(CJK + PUNCT + ASCII)), st.sampled_from(HOSTILE), st.sampled_from(SYNTAX),
                     st.characters(codec="utf-8"))
hostile = st.lists(anything, max_size=30).map("".join)
odd_but_printable = st.lists(st.one_of(st.sampled_from(list(CJK + PUNCT + ASCII)), st.sampled_from(PRINTABLE),
                                       st.sampled_from(SYNTAX)), min_size=1, max_size=30).map("".join)
huge = st.sampled_from(["关于" * 3000, "工作" * 20000 + "。", "a" * 70000, "。" * 5000, "\n\n".join(["段落。"] * 2000)])
_seeds = st.integers(0, 2**32 - 1)


def chance(p: float) -> st.SearchStrategy[bool]:
    """True with probability `p` (Hypothesis's own draws lean to edge cases; these odds are meant)."""
    return _seeds.map(lambda seed: random.Random(seed).random() < p)


@st.composite
def weighted(draw, *options: tuple[float, st.SearchStrategy]):
    """One of the strategies, chosen with the given weights."""
    pick = random.Random(draw(_seeds)).random() * sum(w for w, _ in options)
    for weight, strategy in options:
        pick -= weight
        if pick < 0:
            return draw(strategy)
    return draw(options[-1][1])


def texts(huge_too: bool = True) -> st.SearchStrategy[str]:
    """Mostly ordinary Chinese text; often with bidi, non-BMP and YAML/Markdown syntax characters; now and
    then control characters, a special YAML word, an empty or a huge value."""
    mixed = st.builds(lambda a, b, c: a + b + c, friendly, odd_but_printable, friendly)
    return weighted((70, friendly), (15, mixed), (6, odd_but_printable), (3, hostile), (3, st.sampled_from(SPECIAL_VALUES)),
                    (1 if huge_too else 0, huge))


titles = weighted((85, friendly), (10, texts(huge_too=False)),
                  (5, st.sampled_from(["关于" + "加强工作" * 60, "通知。", "《要点》", ""])))
_any_date = st.dates(date(1949, 10, 1), date(2099, 12, 31))
dates = weighted((50, _any_date.map(date.isoformat)), (35, _any_date.map(lambda d: f"{d.year}年{d.month}月{d.day}日")),
                 (10, st.sampled_from(["二〇一一年一月二十日", "2011-02-30", "2011/3/5", "明天"])), (5, texts(huge_too=False)))
doc_numbers = weighted((90, st.integers(1, 999).map(lambda n: f"区双拥〔2011〕{n}号")), (10, texts(False)))
odd_values = st.one_of(st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(), st.just([]), st.just({}),
                       st.lists(st.integers(), max_size=3), st.dictionaries(friendly, friendly, max_size=2))


@st.composite
def maybe(draw, value: st.SearchStrategy):
    """`value`, or now and then (1 in 40) a value of the wrong type."""
    return draw(odd_values) if draw(chance(0.025)) else draw(value)


@st.composite
def fields(draw, required: dict, optional: dict[str, tuple[float, st.SearchStrategy]]) -> dict:
    """A mapping with the `required` keys and each optional key with its own probability."""
    out = {key: draw(maybe(strategy)) for key, strategy in required.items()}
    for key, (p, strategy) in optional.items():
        if draw(chance(p)):
            out[key] = draw(maybe(strategy))
    return out


@st.composite
def plans(draw) -> dict:
    units = draw(st.lists(weighted((90, friendly.map(lambda s: s[:10] + "局")), (10, texts(huge_too=False))),
                          max_size=3, unique=True))
    refs = st.sampled_from(units) if units else friendly

    def items(depth: int):
        assign = 1.0 if units else 0.03  # without declared units, a lead is a mistake (now and then)
        optional = {"text": (0.7, texts()), "lead": (0.6 * assign, refs),
                    "partners": (0.4 * assign, st.lists(refs, max_size=2)),
                    "due": (0.4, weighted((80, dates), (20, st.just("年内"))))}
        if depth < 3:
            optional["items"] = (0.3, st.lists(items(depth + 1), max_size=2))
        return fields({"title": titles}, optional)

    section = fields({"title": titles}, {"text": (0.6, texts()), "items": (0.8, st.lists(items(1), max_size=3))})
    sections = st.lists(section, min_size=1, max_size=3)
    plan = draw(fields({"title": titles, "sections": sections}, {
        "masthead": (0.5, fields({"issuer": friendly}, {
            "doc_number": (0.9, doc_numbers), "mark_suffix": (0.2, st.sampled_from(["文件", "", "通知"])),
            "signers": (0.1, st.lists(friendly.map(lambda t: t[:3]), max_size=3)),
            "copy_number": (0.2, st.sampled_from(["000018", "1", "0001234"])),
            "classification": (0.2, st.sampled_from(["秘密", "机密★5年", "绝密", "内部"])),
            "urgency": (0.2, st.sampled_from(["特急", "加急", "急"]))})),
        "recipients": (0.6, st.lists(friendly, max_size=3)),
        "preamble": (0.6, texts()),
        "closing": (0.3, texts()),
        "signature": (0.85, weighted((80, friendly), (20, st.lists(friendly, min_size=1, max_size=2)))),
        "date": (0.85, dates),
        "sealed": (0.1, st.booleans()),
        "remark": (0.15, texts(False)),
        "colophon": (0.3, fields({}, {"cc": (0.7, st.lists(friendly, max_size=2)), "printed_by": (0.7, friendly),
                                      "printed_on": (0.5, dates)})),
        "attachments": (0.3, st.lists(fields({"title": titles}, {"text": (0.8, texts())}), max_size=2)),
        "notice": (0.3, fields({}, {"title": (0.3, titles), "text": (0.7, texts())})),
        "schemes": (0.2, st.lists(fields({"title": titles}, {
            "preamble": (0.7, texts()), "sections": (0.8, sections),
            "item": (0.3, st.sampled_from(["一（一）", "二", "x"])), "doc_number": (0.3, doc_numbers),
            "date": (0.3, dates), "signature": (0.3, friendly)}), max_size=2)),
        "draft": (0.1, st.sampled_from(["征求意见稿", "讨论稿"])),
        "topic": (0.2, friendly),
        "未知键": (0.03, texts(False)),
    }))
    if units:
        plan["units"] = [draw(fields({"name": st.just(name)}, {
            "short": (0.3, friendly.map(lambda t: t[:4])),
            "kind": (0.5, st.sampled_from(["town", "street", "park", "department", "army", "other", "村"])),
            "signature": (0.1, friendly)})) for name in units]
    return plan


def dump_yaml(data, style: str) -> str:
    """Block YAML (ruamel, escapes where it must), or JSON (also YAML): both styles users write."""
    if style == "json":
        return json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n"
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    buffer = io.StringIO()
    try:
        yaml.dump(data, buffer)
    except Exception:
        return dump_yaml(data, "json")
    return buffer.getvalue()


@st.composite
def markdown_files(draw) -> str:
    front = draw(fields({"title": titles}, {
        "issuer": (0.4, friendly), "issuers": (0.05, st.lists(friendly, max_size=3)),
        "doc_number": (0.4, weighted((80, doc_numbers), (20, st.sampled_from(["第3号", "x"])))),
        "format": (0.15, st.sampled_from(["file", "letter", "order", "minutes", "memo"])),
        "recipients": (0.6, st.lists(friendly, max_size=3)), "signature": (0.85, friendly), "date": (0.85, dates),
        "cc": (0.3, st.lists(friendly, max_size=2)), "printed_by": (0.3, friendly), "printed_on": (0.2, dates),
        "remark": (0.15, texts(False)), "attachment_list": (0.1, st.lists(friendly, max_size=2)),
        "draft": (0.1, st.sampled_from(["征求意见稿", ""])), "sealed": (0.1, st.booleans()),
        "signers": (0.1, st.lists(friendly, max_size=2)), "copy_number": (0.15, st.sampled_from(["000001", "12"])),
        "urgency": (0.15, st.sampled_from(["特急", "急"])), "classification": (0.15, st.sampled_from(["秘密★1年", "内部"])),
        "mark_suffix": (0.2, st.sampled_from(["文件", ""])),
        "seal": (0.05, st.sampled_from(["missing.png", "../../etc/passwd", ""])),
    }))
    if "issuer" in front and "doc_number" not in front and draw(chance(0.9)):
        front["doc_number"] = draw(doc_numbers)  # a masthead needs its 发文字号
    block = st.one_of(
        texts(), texts(), friendly.map(lambda t: t + "。"),
        st.builds(lambda n, t: "#" * n + " " + t, weighted((90, st.integers(1, 4)), (10, st.integers(5, 6))),
                  texts(False)),
        st.builds(lambda t, b: f"## {t}。\n\n{b}", friendly, texts()),
        st.lists(friendly, min_size=1, max_size=3).map(lambda xs: "\n".join(f"{i}. {x}" for i, x in enumerate(xs, 1))),
        st.lists(st.lists(texts(False), min_size=1, max_size=3), min_size=1, max_size=3).map(
            lambda rows: "\n".join(["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
                                   + ["| " + " | ".join(r) + " |" for r in rows[1:]])),
        st.builds(lambda t, b: f"# 附件：{t}\n\n{b}", friendly, texts()),
        st.sampled_from(["---", "```\ncode\n```", "> 引用", "<div>html</div>", "[链接](http://x)", "![图](x.png)",
                         "***", "- - -", "1) 列表", "&#1;&#x7f;&#xFFFF;&amp;"]),
    )
    body = ([draw(friendly) + "。"] if draw(chance(0.9)) else []) + draw(st.lists(block, max_size=8))
    style = draw(st.sampled_from(["block", "json"]))
    head = "---\n" + dump_yaml(front, style) + "---\n" if not draw(chance(0.05)) else ""
    return head + "\n" + "\n\n".join(body) + "\n"


SEED_MD = (ROOT / "samples" / "notice.md").read_text(encoding="utf-8")
SEED_YAML = "\n".join(SAMPLE.read_text(encoding="utf-8").split("\n")[:60]) + "\n"  # notice, masthead, first items


@st.composite
def mutated(draw) -> tuple[str, str]:
    """A valid file with a few random edits: inserted hostile or syntax characters, deleted or repeated spans."""
    kind = draw(st.sampled_from(["md", "yaml"]))
    text = SEED_MD if kind == "md" else SEED_YAML
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["insert", "insert", "delete", "repeat"]))
        if edit == "insert":
            text = text[:at] + draw(st.one_of(st.sampled_from(HOSTILE + SYNTAX), hostile)) + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)):]
        else:
            text = text[:at] + text[at:at + draw(st.integers(1, 80))] * draw(st.integers(2, 5)) + text[at:]
    return kind, text


# ---------------------------------------------------------------------------------------- the property

STATS: Counter[str] = Counter()
_WHERE = re.compile(r"(?::\d+(?::\d+)?)?: ")
_ENGLISH = re.compile(r"\b[A-Za-z]{3,} [a-z]{2,} [a-z]{2,}\b")


def check_run(kind: str, text: str, encoding: str = "utf-8") -> None:
    """Render `text` as a .yaml or .md file through the CLI and check the outcome's contract."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        source = Path(tmp) / ("plan.yaml" if kind == "yaml" else "doc.md")
        try:
            source.write_bytes(text.encode(encoding, "surrogatepass"))
        except UnicodeEncodeError:
            source.write_bytes(text.encode("utf-8", "surrogatepass"))
        out = Path(tmp) / "out"
        err, stdout = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(stdout):
            code = cli.main(["render", str(source), "-o", str(out), "-j", "1"])
        err_text = err.getvalue()
        STATS[f"exit {code}"] += 1
        assert code in (0, 1), f"exit {code}\n{err_text}\n--- input ---\n{text[:2000]!r}"
        assert "内部错误" not in err_text and "Traceback" not in err_text, err_text
        written = sorted(p for p in out.rglob("*") if p.is_file()) if out.exists() else []
        if code == 1:
            _check_failure(source, err_text, written, text)
        else:
            assert written, err_text
        _check_files(written)


def _check_failure(source: Path, err: str, written: list[Path], text: str) -> None:
    errors = [line.strip()[3:] for line in err.splitlines() if line.strip().startswith("错误：")]
    assert errors, err
    located = [e for e in errors if e.startswith(str(source)) and _WHERE.match(e, len(str(source)))]
    assert located, f"no located message:\n{err}\n--- input ---\n{text[:2000]!r}"
    STATS["located with a line"] += any(re.match(re.escape(str(source)) + r":\d+", e) for e in located)
    for message in errors:  # Chinese for the user: no English sentence outside quoted input and parser hints
        bare = re.sub(r"“[^”]*”|改成：.*|解析器原文：.*|[\w./-]*fuzz-\w+[\w./-]*", "", message)
        assert not _ENGLISH.search(bare), message
    if written:  # only a plan family in which some documents failed: the manifest names them
        manifest = json.loads((source.parent / "out" / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["failed"] and "失败：" in err, err
        STATS["partial families"] += 1


def _check_files(files: list[Path]) -> None:
    import docx
    import pypdfium2

    for path in files:
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as z:
                assert z.testzip() is None
            docx.Document(str(path))
            STATS["valid .docx"] += 1
        elif path.suffix == ".pdf":
            pdf = pypdfium2.PdfDocument(str(path))
            try:
                assert len(pdf) >= 1
            finally:
                pdf.close()
            STATS["valid .pdf"] += 1


def _plan_case(plan: dict, style: str, encoding: str) -> None:
    check_run("yaml", dump_yaml(plan, style), encoding)


def _markdown_case(text: str, encoding: str) -> None:
    check_run("md", text, encoding)


def _mutation_case(case: tuple[str, str]) -> None:
    check_run(*case)


encodings = st.sampled_from(["utf-8", "utf-8", "utf-8", "gb18030", "utf-16"])
_SETTINGS = {"deadline": None, "suppress_health_check": list(HealthCheck), "database": None}


def _run(test, max_examples: int, derandomize: bool) -> None:
    settings(max_examples=max_examples, derandomize=derandomize, **_SETTINGS)(test)()


def _plan_test():
    return given(plans(), st.sampled_from(["block", "json"]), encodings)(_plan_case)


def _markdown_test():
    return given(markdown_files(), encodings)(_markdown_case)


def _mutation_test():
    return given(mutated())(_mutation_case)


# A bounded, reproducible run for every test session (a few seconds each).
def test_fuzz_plans():
    _run(_plan_test(), 40, derandomize=True)


def test_fuzz_markdown():
    _run(_markdown_test(), 80, derandomize=True)


def test_fuzz_edits_of_valid_files():
    _run(_mutation_test(), 150, derandomize=True)


@pytest.mark.exhaustive
def test_fuzz_exhaustive():
    """More than 10,000 random examples; prints the counts (run with -s)."""
    STATS.clear()
    _run(_plan_test(), 3000, derandomize=False)
    _run(_markdown_test(), 4000, derandomize=False)
    _run(_mutation_test(), 4000, derandomize=False)
    total = STATS["exit 0"] + STATS["exit 1"]
    print(f"\nfuzz: {total} runs: " + ", ".join(f"{k} {v}" for k, v in sorted(STATS.items())))
    assert total >= 10_000


# ------------------------------------------------------------- every field with a value of every wrong type

_PLAN = {
    "title": "关于做好双拥工作的意见", "recipients": ["各镇"], "preamble": "为了做好工作。", "signature": "区双拥办",
    "masthead": {"issuer": "区双拥办", "doc_number": "区双拥〔2011〕1号", "copy_number": "000001", "classification": "秘密",
                 "urgency": "特急", "signers": ["张三"], "mark_suffix": "文件"},
    "date": "2011-01-20", "closing": "特此通知。", "remark": "此件公开发布", "topic": "双拥工作", "sealed": True,
    "sections": [{"title": "总体要求", "text": "要坚持。", "items": [{
        "title": "开展宣传", "text": "要宣传。", "lead": "区委宣传部", "partners": ["区民政局"], "due": "年内",
        "items": [{"title": "编印材料", "text": "印发。"}]}]}],
    "units": [{"name": "区委宣传部", "short": "宣传部", "kind": "department"}, {"name": "区民政局"}],
    "notice": {"title": "关于印发意见的通知", "text": "现印发。"},
    "schemes": [{"title": "宣传实施方案", "item": "一（一）", "sections": [{"title": "目标", "text": "做好。"}]}],
    "colophon": {"cc": ["市双拥办"], "printed_by": "区双拥办", "printed_on": "2011-01-21"},
    "attachments": [{"title": "联系表", "text": "见表。"}],
}
_FRONT = {"title": "关于召开会议的通知", "issuer": "区双拥办", "doc_number": "区双拥〔2011〕2号", "copy_number": "000001",
          "classification": "秘密★1年", "urgency": "特急", "signers": ["张三"], "recipients": ["各镇"],
          "signature": "区双拥办", "date": "2011-02-15", "cc": ["市双拥办"], "printed_by": "区双拥办",
          "printed_on": "2011-02-15", "remark": "此件公开发布", "attachment_list": ["回执"], "mark_suffix": "文件",
          "sealed": True, "format": "file", "draft": "征求意见稿"}
_BODY = ("\n为做好工作，现通知如下。\n\n# 会议时间\n\n时间：2月25日。\n\n## 做好准备。\n\n各单位要准备。\n\n"
         "# 附件：回执\n\n| 单位 | 姓名 |\n|---|---|\n| 甲 | 乙 |\n")
_WRONG = (1, 1.5, [], {}, "x", None, True, ["x"], {"a": "b"}, "", "\x01")


def _paths(node, prefix=()):
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        yield (*prefix, key)
        yield from _paths(value, (*prefix, key))


def _replaced(data, path, value):
    out = copy.deepcopy(data)
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


@pytest.mark.slow
def test_every_field_with_a_wrong_value():
    """Each key of a complete plan (every level) and of a front matter set to each of 11 wrong values: 891 runs."""
    for path in _paths(_PLAN):
        for value in _WRONG:
            check_run("yaml", dump_yaml(_replaced(_PLAN, path, value), "json"))
    for key in _FRONT:
        for value in _WRONG:
            check_run("md", "---\n" + dump_yaml(_replaced(_FRONT, (key,), value), "block") + "---\n" + _BODY)


# Inputs the fuzzer found that once gave exit 3 (kept so they stay fixed).
FOUND = [
    ("md", "---\ntitle: 0\n---\n\n## 一\n"),  # a text opening with （一）: the PDF outline skipped a level
    ("md", "---\ntitle: null\n---\n\n\n"),  # `title:` with no value passed as present, then crashed
    # A unit name with an escaped carriage return broke a generated title over two lines: refused at the value.
    ("yaml", 'sections:\n- items:\n  - lead: "一，\\r一"\n    title: 一\n  title: 一\ntitle: 一\nunits:\n- name: "一，\\r一"\n'),
    # `schemes: 1` (a number where a list belongs) crashed the unit cross-check before the model could say so.
    ("yaml", "date: 2000年1月1日\nschemes: 1\nsections:\n- title: 一\nsignature:\n- 一\ntitle: 一\n"),
]


@pytest.mark.parametrize("kind,text", FOUND)
def test_inputs_the_fuzzer_found(kind, text):
    check_run(kind, text)
