"""The `officialdocs` command. Thin: parses options, calls the public API, prints results in Chinese.

Exit codes (README "Exit codes"): 0 success; 1 bad input, a failed check or lint, a document that could not
be made; 2 usage error (unknown option, missing argument: click's convention); 3 internal error (a bug).
`-` names standard input (`render -`, `import -`) or standard output (`-o -` of schema, import, draft).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import traceback
from pathlib import Path

import click

from . import __version__, cli_locale
from .errors import Location, OfficialDocsError, Problem, os_error_text

# Only click and the small errors module are imported up front: `--help` and `--version` stay instant, and
# each command imports the stages it needs when it runs.

EXIT_USER, EXIT_USAGE, EXIT_INTERNAL = 1, 2, 3
RENDER_SUFFIXES = (".yaml", ".yml", ".md", ".markdown")
cli_locale.install()  # before the commands below are built: click's own words in Chinese
_FORCE_HELP = "覆盖已存在的文件（默认不覆盖，以免替换你修改过的文件）。"


def _formats(_ctx, _param, value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None  # the profile's `formats` (docx,pdf by default)
    from .render import FORMATS

    chosen = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"未知的格式 {', '.join(unknown) or '（空）'}；可选：{', '.join(FORMATS)}")
    return chosen


def _kinds(_ctx, _param, value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    from .family import KINDS

    chosen = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    unknown = [k for k in chosen if k not in KINDS]
    if unknown or not chosen:
        raise click.BadParameter(f"未知的类别 {', '.join(unknown) or '（空）'}；可选：{','.join(KINDS)}")
    return chosen


def _font_pins(_ctx, _param, values: tuple[str, ...]) -> dict[str, Path]:
    pins: dict[str, Path] = {}
    for value in values:
        role, sep, path = value.partition("=")
        if not sep or not role.strip() or not path.strip():
            raise click.BadParameter(f"“{value}” 应写成 角色=字体文件，如 body=/usr/share/fonts/fangsong.ttf")
        file = Path(path.strip()).expanduser()
        if not file.is_file():
            raise click.BadParameter(f"字体文件不存在：{file}")
        pins[role.strip()] = file
    return pins


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-q", "--quiet", is_flag=True, help="只显示警告和错误，不列出生成的文件。")
@click.option("-v", "--verbose", is_flag=True, help="显示更多过程信息：每份文档的进度和总用时。")
@click.option("--debug", is_flag=True, help="出错时显示 Python 调用栈（供开发者排查）。")
@click.option("--max-input-mb", type=click.FloatRange(min=0.001), default=None, metavar="MB",
              help="单个输入文件的大小上限，单位 MB（默认 10，也可用环境变量 OFFICIALDOCS_MAX_INPUT_MB）。")
@click.version_option(version=__version__, message="officialdocs %(version)s")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool, debug: bool, max_input_mb: float | None) -> None:
    """officialdocs：从计划数据生成符合 GB/T 9704-2012 的党政机关公文（.docx 和 PDF）。

    全局选项写在命令之前，如 officialdocs -q render plan.yaml。
    """
    if quiet and verbose:
        raise click.UsageError("--quiet 和 --verbose 只能选一个")
    ctx.obj = {"debug": debug, "verbosity": -1 if quiet else 1 if verbose else 0}
    if max_input_mb is not None:
        from .textio import set_max_input_mb

        set_max_input_mb(max_input_mb)


def _verbosity() -> int:
    ctx = click.get_current_context(silent=True)
    return ((ctx.find_root().obj or {}).get("verbosity", 0)) if ctx else 0


def _say(message: str, level: int = 0, err: bool = False) -> None:
    """Print `message` unless --quiet (level 0) or unless --verbose was asked for (level 1)."""
    if _verbosity() >= level:
        click.echo(message, err=err)


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILE...")
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="输出目录。")
@click.option("--format", "formats", default=None, callback=_formats,
              help="输出格式，逗号分隔：docx,pdf,ofd（ofd 为 GB/T 33190 版式文档）；默认取样式配置的 formats（docx,pdf）。")
@click.option("--templates", "templates", multiple=True, type=click.Path(path_type=Path),
              help="自定义模板目录（可多次给出），优先于内置模板。")
@click.option("--profile", default=None, help="样式配置：内置名称（gbt9704）或 YAML 文件路径。")
@click.option("--font", "font_pins", multiple=True, callback=_font_pins, metavar="ROLE=PATH",
              help="为字体角色指定字体文件（可多次给出），如 --font body=/path/仿宋_GB2312.ttf。")
@click.option("--strict", is_flag=True, help="有字符在所有字体中都缺失、或指定的字体不含汉字时报错（默认只警告）。")
@click.option("--only", "only", default=None, callback=_kinds, metavar="KINDS",
              help="计划文件只生成其中几类，逗号分隔：plan,notice,schemes,units（默认全部）。")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="并行进程数（每个进程只加载一次字体）。")
@click.option("--check-only", is_flag=True, help="只做排版前检查（与 lint 的第一步相同），报告会导致失败的问题，不写任何文件。")
@click.option("--preview", is_flag=True, help="同时在输出文件旁生成页面预览图（PNG）和总览图（需 officialdocs[preview]）。")
@click.option("--compression", type=click.Choice(["fast", "small"]), default=None,
              help="PDF 压缩方式：fast（默认，最快）或 small（文件约小 3%，较慢）。")
def render(sources: tuple[Path, ...], out_dir: Path, formats: tuple[str, ...] | None, templates: tuple[Path, ...],
           profile: str | None, font_pins: dict[str, Path], strict: bool, only: tuple[str, ...] | None,
           jobs: int, check_only: bool, preview: bool, compression: str | None) -> None:
    """把 plan.yaml（计划数据）或 .md（公文 Markdown）排成公文（.docx 和 PDF）。

    计划文件生成全套文件：印发通知、计划（附任务分解表）、子方案和各责任单位的实施方案，并写出 manifest.json。
    可给出多个文件或文件夹（文件夹中的每个 .yaml 和 .md）：每个计划的全套文件放在输出目录下以计划文件名命名的
    子目录中，公文 Markdown 的文件直接放在输出目录中。FILE 为 - 时从标准输入读取（自动识别 YAML 或 Markdown）。
    """
    inputs = _expand(sources, RENDER_SUFFIXES, "计划（.yaml）或公文 Markdown（.md）文件")
    if check_only:
        from .check.lint.preflight import check_source

        for source in inputs:
            count = check_source(source, templates, profile)
            click.echo(f"{source}：排版前检查通过，{count} 份文档均可生成（未写任何文件）")
        return
    from .fonts.book import pin_problems
    from .writers.pdf import COMPRESSION_ENV

    if compression:
        os.environ[COMPRESSION_ENV] = compression  # the writer reads it, in worker processes too
    pinned = pin_problems(font_pins)
    if pinned and strict:
        raise OfficialDocsError(pinned)
    for problem in pinned:
        click.echo(f"警告：{problem}", err=True)
    options = {"formats": formats, "templates": templates, "profile": profile, "fonts": font_pins or None,
               "strict": strict, "only": only, "jobs": jobs, "preview": preview}
    if len(inputs) == 1:
        _render_one(inputs[0], out_dir, options)
        return
    failed = 0
    for source, target in _render_targets(inputs, out_dir, templates):
        try:
            if isinstance(target, OfficialDocsError):
                raise target
            _render_one(source, target, options)
        except (OfficialDocsError, _Failed) as exc:
            failed += 1
            for problem in getattr(exc, "problems", None) or [exc]:
                click.echo(f"错误：{problem}", err=True)
    if failed:
        raise _Failed(f"{len(inputs)} 个输入中有 {failed} 个未能完整生成（见上），其余已生成。")


def _render_one(source: Path, out_dir: Path, options: dict) -> None:
    from .render import render_file

    templates, only = options["templates"], options["only"]
    started = time.perf_counter()
    with _Progress(_verbosity()) as progress:
        result = render_file(source, out_dir, options["formats"], templates, options["profile"], options["fonts"],
                             options["strict"], only=only, jobs=options["jobs"], progress=progress.step)
    for problem in result.warnings:
        click.echo(f"警告：{problem}", err=True)
    for out in result.outputs:
        _say(f"已生成 {out.path}")
    for note in result.notes:
        _say(f"提示：{note}", err=True)
    documents = len({out.path.with_suffix("") for out in result.outputs})
    if result.manifest:
        _say(f"共 {documents} 份文档、{len(result.outputs)} 个文件，清单见 {result.manifest}")
    _say(f"用时 {time.perf_counter() - started:.1f} 秒", level=1, err=True)
    if options["preview"]:
        from .preview import preview_file, preview_pdf

        pdfs = [out.path for out in result.outputs if out.format == "pdf"]
        if pdfs:  # next to each PDF just written
            _report_previews([preview_pdf(pdf, pdf.parent) for pdf in pdfs])
        elif result.outputs:  # --format docx: draw the PDFs in a temporary folder, previews next to the .docx
            _report_previews(preview_file(source, out_dir, templates=templates, profile=options["profile"],
                                          fonts=options["fonts"], only=only))
    if result.failed:
        for title, problems in result.failed:
            click.echo(f"失败：{title}", err=True)
            for problem in problems:
                click.echo(f"  错误：{problem}", err=True)
        rest = "其余已生成" if result.outputs else "输出目录未改动"
        raise _Failed(f"{source}：{len(result.failed)} 份文档生成失败，{rest}。")


def _expand(sources: tuple[Path, ...], suffixes: tuple[str, ...], what: str) -> list[Path]:
    """The files named, a folder standing for every file with one of `suffixes` in it (sorted, no hidden)."""
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            found = sorted(p for p in source.iterdir()
                           if p.suffix.lower() in suffixes and not p.name.startswith(".") and p.is_file())
            if not found:
                raise OfficialDocsError(Problem(f"文件夹中没有{what}", Location(str(source)),
                                                "可用的扩展名：" + "、".join(suffixes)))
            files += found
        else:
            files.append(source)
    return list(dict.fromkeys(files))


def _render_targets(inputs: list[Path], out_dir: Path, templates) -> list[tuple[Path, Path | OfficialDocsError]]:
    """Where each of several inputs goes: a plan's family into OUT/<plan file name>/, a Markdown document
    into OUT itself. Two documents with the same title would overwrite each other: the later one is refused."""
    from .output import safe_filename
    from .render import load_document

    targets: list[tuple[Path, Path | OfficialDocsError]] = []
    folders: set[str] = set()
    titles: dict[str, Path] = {}
    for source in inputs:
        if source.suffix.lower() in (".yaml", ".yml"):
            name = safe_filename(source.stem)
            folder, n = name, 1
            while folder in folders:
                n += 1
                folder = f"{name}-{n}"
            folders.add(folder)
            targets.append((source, out_dir / folder))
            continue
        try:
            doc, _ = load_document(source, templates)
        except OfficialDocsError as exc:
            targets.append((source, exc))
            continue
        stem = safe_filename(doc.plain_title)
        if stem in titles:
            targets.append((source, OfficialDocsError(Problem(
                f"与 {titles[stem]} 的标题相同，生成的文件会互相覆盖，未生成", Location(str(source)),
                "修改其中一份的标题，或分两次生成到不同的目录"))))
            continue
        titles[stem] = source
        targets.append((source, out_dir))
    return targets


def _report_previews(previews) -> None:
    pages = sum(len(p.pages) for p in previews)
    folders = sorted({str(p.sheet.parent) for p in previews})
    click.echo(f"已生成 {pages} 张页面预览图和 {len(previews)} 张总览图（{'、'.join(folders)}）")


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=Path("preview"),
              show_default=True, help="预览图目录。")
@click.option("--dpi", type=click.IntRange(10, 600), default=96, show_default=True, help="分辨率（每英寸像素数）。")
@click.option("--profile", default=None, help="样式配置（计划或 Markdown 输入时）。")
@click.option("--only", "only", default=None, callback=_kinds, metavar="KINDS",
              help="计划文件只预览其中几类：plan,notice,schemes,units（默认全部）。")
def preview(source: Path, out_dir: Path, dpi: int, profile: str | None, only: tuple[str, ...] | None) -> None:
    """把 PDF（或 .docx、plan.yaml、公文 Markdown）的每一页画成 PNG，并为每份文档生成一张总览图。

    .docx 经 LibreOffice 转换，plan.yaml 和 .md 先由本程序排版。
    """
    from .preview import preview_file

    previews = preview_file(source, out_dir, dpi, profile=profile, only=only)
    for p in previews:
        click.echo(f"已生成 {p.sheet}（{len(p.pages)} 页）")
    _report_previews(previews)


class _Failed(Exception):
    """Some documents of a batch failed (each already reported); exit 1."""


class _Progress:
    """A progress line on stderr while a batch renders (only on a terminal, so logs stay clean; with
    --verbose one line per document anywhere; never with --quiet)."""

    def __init__(self, verbosity: int = 0) -> None:
        self.done = 0
        self.verbose = verbosity > 0
        self.live = sys.stderr.isatty() and verbosity >= 0 and not self.verbose

    def __enter__(self) -> _Progress:
        return self

    def step(self, work, ok: bool) -> None:
        self.done += 1
        mark = "" if ok else "（失败）"
        if self.verbose:
            click.echo(f"已完成 {self.done} 份：{work.title}{mark}", err=True)
        elif self.live:
            click.echo(f"\r已完成 {self.done} 份：{work.title[:30]}{mark}\033[K", err=True, nl=False)

    def __exit__(self, *exc) -> None:
        if self.live and self.done:
            click.echo("", err=True)


@cli.command()
@click.option("--profile", default="gbt9704", show_default=True, help="样式配置：内置名称或 YAML 文件路径。")
@click.option("--font", "font_pins", multiple=True, callback=_font_pins, metavar="ROLE=PATH",
              help="为字体角色指定字体文件（可多次给出）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供程序读取）。")
def fonts(profile: str, font_pins: dict[str, Path], as_json: bool) -> None:
    """列出每个字体角色在本机选用的字体文件、GB 2312 覆盖率，以及它替代的标准字体。"""
    from .fonts import report
    from .fonts.book import pin_problems
    from .style import load_profile

    for problem in pin_problems(font_pins):
        click.echo(f"警告：{problem}", err=True)

    rows = report(load_profile(profile), font_pins or None)
    if as_json:
        click.echo(json.dumps({"profile": profile, "roles": rows}, ensure_ascii=False, indent=2))
        return
    # One line per face: the roles of a style family (楷体: heading2, signer_name, draft) share one face.
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        groups.setdefault((row["style_family"] if row["source"] != "pin" else row["role"], row["file"]), []).append(row)
    for shared in groups.values():
        row = shared[0]
        kind = "标准字体" if row["official"] else ("内置替代字体" if row["bundled"] else "替代字体")
        click.echo(f"{'、'.join(r['role'] for r in shared)}：{row['family']}（{kind}，代替 {row['stands_in_for']}）"
                   f"  GB 2312 覆盖 {row['coverage']:.1f}%  {row['file']}")


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="写入文件（默认或 - 时输出到屏幕）。")
@click.option("--front-matter", is_flag=True, help="输出公文 Markdown 前置数据（front matter）的 Schema。")
@click.option("--force", is_flag=True, help=_FORCE_HELP)
def schema(output: Path | None, front_matter: bool, force: bool) -> None:
    """输出 plan.yaml（或 Markdown 前置数据）的 JSON Schema（draft-07），供编辑器补全和校验。"""
    from .output import atomic_write, is_stdout

    if front_matter:
        from .markup.frontmatter import front_matter_schema as make
    else:
        from .plan import json_schema as make
    text = json.dumps(make(), ensure_ascii=False, indent=2) + "\n"
    if output and not is_stdout(output):
        atomic_write(output, text.encode("utf-8"), force=force)
        _say(f"已生成 {output}")
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--year", type=int, default=None, help="草稿年份（默认计划年份加 1）。")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="写入文件或目录（默认与计划同目录的 plan-年份.yaml；- 为标准输出）；不能是计划文件本身。")
@click.option("--force", is_flag=True, help=_FORCE_HELP)
def draft(source: Path, year: int | None, output: Path | None, force: bool) -> None:
    """由本年度 plan.yaml 生成下一年度的计划草稿（征求意见稿）：年份前移，沿用的原文加注待修改。

    草稿文件已存在时不覆盖（你可能已经改过它），加 --force 才替换。
    """
    from .output import is_stdout, write_output
    from .plan.draft import build_draft

    result = build_draft(source, year, out=output)
    write_output(result.target, result.text.encode("utf-8"), force=force)
    to_stdout = is_stdout(result.target)  # then only the draft goes to stdout, the summary to stderr
    if not to_stdout:
        _say(f"已生成 {result.target}")
    _say(result.summary, err=to_stdout)


@cli.command()
@click.argument("plan_file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="输出文件：.xlsx（默认，文件名取任务分解表标题）或 .csv。")
@click.option("--force", is_flag=True, help=_FORCE_HELP)
def tasks(plan_file: Path, output: Path | None, force: bool) -> None:
    """把计划的任务分解表写成 Excel 工作表（序号、条目、工作任务、牵头单位、配合单位、完成时限、进展），
    另附“责任单位”表；改好后可用 officialdocs import 并回 plan.yaml。

    输出文件已存在时不覆盖（你可能已经在表中填写了进展），加 --force 才替换。
    """
    from .plan import load_plan
    from .render import safe_filename
    from .tasks_xlsx import write_tasks

    plan = load_plan(plan_file)
    target = output or Path(safe_filename(plan.task_table_title) + ".xlsx")
    write_tasks(plan, target, force=force)
    click.echo(f"已生成 {target}（{len(plan.tasks())} 项任务、{len(plan.units)} 个责任单位）")


@cli.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="输出文件：plan.yaml（计划数据）或 doc.md（公文 Markdown），按扩展名决定；- 为标准输出；"
                   "导入 .xlsx/.csv 表格时为要并入的已有 plan.yaml。")
@click.option("--to", "to", type=click.Choice(["yaml", "md"]), default=None,
              help="输出哪种文件（默认按 -o 的扩展名；-o - 时默认 yaml）。")
@click.option("--clean", is_flag=True, help="清理网页残留、乱码、繁体、拼音注音和半角标点（每处修改都记入报告）。")
@click.option("--report", is_flag=True, help="列出每处修改和不确定的结构判断（带行号）。")
@click.option("--json", "as_json", is_flag=True, help="把报告以 JSON 输出到屏幕（供程序读取）。")
@click.option("--force", is_flag=True, help=_FORCE_HELP)
def import_(source: Path, output: Path, to: str | None, clean: bool, report: bool, as_json: bool,
            force: bool) -> None:
    """把现有文稿（.txt、.docx 或 .md，也可以是网页转抄稿）导入为 plan.yaml 或公文 Markdown；
    或把任务分解表、单位名单（.xlsx 或 .csv）中的责任单位和分工并入已有的 plan.yaml。

    输出文件已存在时不覆盖，加 --force 才替换（并入表格时 -o 就是要修改的计划文件）。
    SOURCE 为 - 时从标准输入读取（.docx 或文本）。
    """
    if source.suffix.lower() in (".xlsx", ".xlsm", ".csv"):
        _merge_table(source, output, report, as_json)
        return
    from .importer import Kind, import_file, kind_for
    from .output import is_stdout, write_output

    to_stdout = is_stdout(output)
    kind: Kind = ("markdown" if to == "md" else "yaml") if to else ("yaml" if to_stdout else kind_for(output))
    result = import_file(source, clean=clean, kind=kind)
    write_output(output, result.text.encode("utf-8"), force=force)
    if as_json:
        click.echo(json.dumps({"source": str(source), "output": str(output), "kind": result.kind,
                               "report": [_problem_dict(p) for p in result.report]}, ensure_ascii=False, indent=2))
        return
    if report:
        for problem in result.report:
            click.echo(f"提示：{problem}", err=True)
    if not to_stdout:
        _say(f"已生成 {output}" + (f"（{len(result.report)} 条提示，加 --report 查看）"
                                  if result.report and not report else ""))


def _problem_dict(problem) -> dict:
    loc = problem.location
    return {"file": loc.file if loc else None, "line": loc.line if loc else None,
            "column": loc.column if loc else None, "message": problem.message, "hint": problem.hint}


def _merge_table(source: Path, plan_file: Path, report: bool, as_json: bool) -> None:
    from .importer.assign import merge_tables
    from .output import atomic_write

    result = merge_tables(source, plan_file)
    if result.changed:
        atomic_write(plan_file, result.text.encode("utf-8"))
    if as_json:
        click.echo(json.dumps({"source": str(source), "plan": str(plan_file), "changed": result.changed,
                               "counts": result.counts(), "rows": [r.as_dict() for r in result.rows]},
                              ensure_ascii=False, indent=2))
        return
    labels = {"unchanged": "未变", "changed": "已修改", "new": "计划中没有", "ambiguous": "不明确", "added": "新增",
              "updated": "已更新"}
    for row in result.rows:
        detail = f"（{row.detail}）" if row.detail else ""
        line = f"{row.where}：{labels[row.status]} “{row.name}”{detail}"
        if row.status in ("new", "ambiguous"):
            click.echo(f"提示：{line}", err=True)
        elif report:
            click.echo(line)
    if result.changed:
        click.echo(f"已并入 {plan_file}。{result.summary()}")
    else:
        click.echo(f"{plan_file} 无需修改。{result.summary()}")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILE...")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供程序读取；多个文件时为数组）。")
@click.option("--profile", default=None, help="样式配置（期望值）：内置名称（gbt9704）或 YAML 文件路径。")
@click.option("--rules", default=None, help="规则目录（严重级别、容差）：内置名称或 YAML 文件路径；默认与样式同名，否则 gbt9704。")
@click.option("--render", is_flag=True, help=".docx：再用 LibreOffice 转成 PDF，测量版面。")
@click.option("--format", "fmt", type=click.Choice(["file", "letter", "order", "minutes"]), default=None,
              help="公文格式：file 文件格式、letter 信函、order 命令（令）、minutes 纪要；默认由首页自动识别。")
def check(files: tuple[Path, ...], as_json: bool, profile: str | None, rules: str | None, render: bool,
          fmt: str | None) -> None:
    """检查 PDF、OFD 或 .docx 是否符合 GB/T 9704-2012；有错误级不合格项时退出码为 1。

    可给出多个文件或文件夹（文件夹中的每个 .pdf、.ofd 和 .docx）。
    """
    from .check import check_files
    from .check.report import check_json, check_table

    paths = _expand(files, (".pdf", ".ofd", ".docx"), "可检查的文件（.pdf、.ofd、.docx）")
    reports = check_files(paths, profile=profile, render=render, rules=rules, fmt=fmt)
    if as_json:
        texts = [check_json(r) for r in reports]
        click.echo(texts[0] if len(texts) == 1 else "[\n" + ",\n".join(texts) + "\n]")
    else:
        click.echo("\n\n".join(check_table(r) for r in reports))
    failed = [r for r in reports if not r.ok]
    if failed:
        ids = sorted({i for r in failed for i in r.failed_ids()})
        where = f"{len(failed)} 个文件的 " if len(reports) > 1 else ""
        raise _Failed(f"检查未通过：{where}{'、'.join(ids)} 有错误级不合格项。")


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--fix", is_flag=True, help="自动修正可安全修正的问题（仅 .yaml 和 .md）并显示差异；加 --force 才写回文件。")
@click.option("--force", is_flag=True, help="与 --fix 一起用：把修正写回原文件（保持原编码）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供程序读取）。")
@click.option("--rules", default=None, help="规则目录：内置名称或 YAML 文件路径（默认 gbt9704）。")
def lint(file: Path, fix: bool, force: bool, as_json: bool, rules: str | None) -> None:
    """检查 plan.yaml、公文 Markdown 或 .docx 的文字和结构（标点、文号、日期、层次序数……）。

    --fix 只显示修正后的差异；确认无误后用 --fix --force 写回文件。
    """
    from dataclasses import replace

    from .check import lint_file
    from .check.report import lint_json, lint_text_report

    result = lint_file(file, fix=fix, rules=rules, write=force)
    pending = result.fixed if fix and not force else 0
    if pending:
        result = replace(result, fixed=0)  # nothing was written: the report must not say so
    if as_json:
        click.echo(lint_json(result))
    else:
        if result.diff:
            click.echo(result.diff, nl=False)
        click.echo(lint_text_report(result))
    if pending:
        raise _Failed(f"以上 {pending} 处修正未写回 {file}：确认无误后加 --force 写回。")
    if not result.ok:
        raise _Failed(f"发现 {sum(f.severity == 'error' for f in result.findings)} 处错误级问题。")


class _Notes(logging.Handler):
    """Notes and warnings from the library (logger "officialdocs", e.g. an input read as GB 18030) on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        prefix = "警告：" if record.levelno >= logging.WARNING else "提示："
        click.echo(message if message.startswith(("警告：", "提示：")) else prefix + message, err=True)


def _show_notes() -> None:
    logger = logging.getLogger("officialdocs")
    if not any(isinstance(h, _Notes) for h in logger.handlers):
        logger.addHandler(_Notes())
        logger.setLevel(logging.INFO)  # still propagates: an application's own logging sees the notes too


def main(argv: list[str] | None = None) -> int:
    """Entry point: maps every failure to a clean message and an exit code; never a bare traceback."""
    args = sys.argv[1:] if argv is None else argv
    _show_notes()
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="officialdocs", standalone_mode=False)
        return 0
    except OfficialDocsError as exc:
        for problem in exc.problems:
            click.echo(f"错误：{problem}", err=True)
        return EXIT_USER
    except _Failed as exc:
        click.echo(f"错误：{exc}", err=True)
        return EXIT_USER
    except click.exceptions.Abort:
        click.echo("已取消。", err=True)
        return EXIT_USER
    except click.UsageError as exc:  # unknown option, missing argument, bad value: click's exit code 2
        exc.show()
        return EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        return EXIT_USER
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("已中断。", err=True)
        return EXIT_USER
    except OSError as exc:  # the machine refused (no permission, disk full …): say why, in Chinese
        where = f"{exc.filename}：" if exc.filename else ""
        click.echo(f"错误：{where}{os_error_text(exc)}", err=True)
        return EXIT_USER
    except Exception as exc:  # an internal bug: say so plainly, keep the details for --debug
        if debug:
            traceback.print_exc()
        click.echo(f"内部错误：{type(exc).__name__}: {exc}", err=True)
        click.echo("这是 officialdocs 的缺陷，请带上 --debug 的输出报告问题。", err=True)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
