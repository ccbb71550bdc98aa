"""The `officialdocs` command. Thin: parses options, calls the public API, prints results in Chinese.

Exit codes: 0 success, 1 user error (bad input, bad option), 2 internal error.
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
from .errors import OfficialDocsError, os_error_text

# Only click and the small errors module are imported up front: `--help` and `--version` stay instant, and
# each command imports the stages it needs when it runs.

EXIT_USER, EXIT_INTERNAL = 1, 2
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
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="输出目录。")
@click.option("--format", "formats", default=None, callback=_formats,
              help="输出格式，逗号分隔：docx,pdf,ofd（ofd 为 GB/T 33190 版式文档）；默认取样式配置的 formats（docx,pdf）。")
@click.option("--templates", "templates", multiple=True, type=click.Path(path_type=Path),
              help="自定义模板目录（可多次给出），优先于内置模板。")
@click.option("--profile", default=None, help="样式配置：内置名称（gbt9704）或 YAML 文件路径。")
@click.option("--font", "font_pins", multiple=True, callback=_font_pins, metavar="ROLE=PATH",
              help="为字体角色指定字体文件（可多次给出），如 --font body=/path/仿宋_GB2312.ttf。")
@click.option("--strict", is_flag=True, help="有字符在所有字体中都缺失时报错（默认只警告）。")
@click.option("--only", "only", default=None, callback=_kinds, metavar="KINDS",
              help="计划文件只生成其中几类，逗号分隔：plan,notice,schemes,units（默认全部）。")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="并行进程数（每个进程只加载一次字体）。")
@click.option("--check-only", is_flag=True, help="只做排版前检查（与 lint 的第一步相同），报告会导致失败的问题，不写任何文件。")
@click.option("--preview", is_flag=True, help="同时在输出文件旁生成页面预览图（PNG）和总览图（需 officialdocs[preview]）。")
@click.option("--compression", type=click.Choice(["fast", "small"]), default=None,
              help="PDF 压缩方式：fast（默认，最快）或 small（文件约小 3%，较慢）。")
def render(source: Path, out_dir: Path, formats: tuple[str, ...] | None, templates: tuple[Path, ...],
           profile: str | None, font_pins: dict[str, Path], strict: bool, only: tuple[str, ...] | None,
           jobs: int, check_only: bool, preview: bool, compression: str | None) -> None:
    """把 plan.yaml（计划数据）或 .md（公文 Markdown）排成公文（.docx 和 PDF）。

    计划文件生成全套文件：印发通知、计划（附任务分解表）、子方案和各责任单位的实施方案，并写出 manifest.json。
    """
    if check_only:
        from .check.lint.preflight import check_source

        count = check_source(source, templates, profile)
        click.echo(f"{source}：排版前检查通过，{count} 份文档均可生成（未写任何文件）")
        return
    from .render import render_file
    from .writers.pdf import COMPRESSION_ENV

    if compression:
        os.environ[COMPRESSION_ENV] = compression  # the writer reads it, in worker processes too
    from .fonts.book import pin_problems

    pinned = pin_problems(font_pins)
    if pinned and strict:
        raise OfficialDocsError(pinned)
    for problem in pinned:
        click.echo(f"警告：{problem}", err=True)
    started = time.perf_counter()
    with _Progress(_verbosity()) as progress:
        result = render_file(source, out_dir, formats, templates, profile, font_pins or None, strict,
                             only=only, jobs=jobs, progress=progress.step)
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
    if preview:
        from .preview import preview_file, preview_pdf

        pdfs = [out.path for out in result.outputs if out.format == "pdf"]
        if pdfs:  # next to each PDF just written
            _report_previews([preview_pdf(pdf, pdf.parent) for pdf in pdfs])
        elif result.outputs:  # --format docx: draw the PDFs in a temporary folder, previews next to the .docx
            _report_previews(preview_file(source, out_dir, templates=templates, profile=profile,
                                          fonts=font_pins or None, only=only))
    if result.failed:
        for title, problems in result.failed:
            click.echo(f"失败：{title}", err=True)
            for problem in problems:
                click.echo(f"  错误：{problem}", err=True)
        raise _Failed(f"{len(result.failed)} 份文档生成失败，其余已生成。")


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
    from .style import load_profile

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
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="写入文件（默认输出到屏幕）。")
@click.option("--front-matter", is_flag=True, help="输出公文 Markdown 前置数据（front matter）的 Schema。")
@click.option("--force", is_flag=True, help=_FORCE_HELP)
def schema(output: Path | None, front_matter: bool, force: bool) -> None:
    """输出 plan.yaml（或 Markdown 前置数据）的 JSON Schema（draft-07），供编辑器补全和校验。"""
    from .output import atomic_write

    if front_matter:
        from .markup.frontmatter import front_matter_schema as make
    else:
        from .plan import json_schema as make
    text = json.dumps(make(), ensure_ascii=False, indent=2) + "\n"
    if output:
        atomic_write(output, text.encode("utf-8"), force=force)
        _say(f"已生成 {output}")
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--year", type=int, default=None, help="草稿年份（默认计划年份加 1）。")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="写入文件或目录（默认与计划同目录的 plan-年份.yaml）；不能是计划文件本身。")
@click.option("--force", is_flag=True, help=_FORCE_HELP)
def draft(source: Path, year: int | None, output: Path | None, force: bool) -> None:
    """由本年度 plan.yaml 生成下一年度的计划草稿（征求意见稿）：年份前移，沿用的原文加注待修改。

    草稿文件已存在时不覆盖（你可能已经改过它），加 --force 才替换。
    """
    from .output import atomic_write
    from .plan.draft import build_draft

    result = build_draft(source, year, out=output)
    atomic_write(result.target, result.text.encode("utf-8"), force=force)
    _say(f"已生成 {result.target}")
    _say(result.summary)


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
              help="输出文件：plan.yaml（计划数据）或 doc.md（公文 Markdown），按扩展名决定；"
                   "导入 .xlsx/.csv 表格时为要并入的已有 plan.yaml。")
@click.option("--clean", is_flag=True, help="清理网页残留、乱码、繁体、拼音注音和半角标点（每处修改都记入报告）。")
@click.option("--report", is_flag=True, help="列出每处修改和不确定的结构判断（带行号）。")
@click.option("--json", "as_json", is_flag=True, help="把报告以 JSON 输出到屏幕（供程序读取）。")
@click.option("--force", is_flag=True, help=_FORCE_HELP)
def import_(source: Path, output: Path, clean: bool, report: bool, as_json: bool, force: bool) -> None:
    """把现有文稿（.txt、.docx 或 .md，也可以是网页转抄稿）导入为 plan.yaml 或公文 Markdown；
    或把任务分解表、单位名单（.xlsx 或 .csv）中的责任单位和分工并入已有的 plan.yaml。

    输出文件已存在时不覆盖，加 --force 才替换（并入表格时 -o 就是要修改的计划文件）。
    """
    if source.suffix.lower() in (".xlsx", ".xlsm", ".csv"):
        _merge_table(source, output, report, as_json)
        return
    from .importer import import_to

    result = import_to(source, output, clean=clean, force=force)
    if as_json:
        click.echo(json.dumps({"source": str(source), "output": str(output), "kind": result.kind,
                               "report": [_problem_dict(p) for p in result.report]}, ensure_ascii=False, indent=2))
        return
    if report:
        for problem in result.report:
            click.echo(f"提示：{problem}", err=True)
    _say(f"已生成 {output}" + (f"（{len(result.report)} 条提示，加 --report 查看）" if result.report and not report else ""))


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
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供程序读取）。")
@click.option("--profile", default=None, help="样式配置（期望值）：内置名称（gbt9704）或 YAML 文件路径。")
@click.option("--rules", default=None, help="规则目录（严重级别、容差）：内置名称或 YAML 文件路径；默认与样式同名，否则 gbt9704。")
@click.option("--render", is_flag=True, help=".docx：再用 LibreOffice 转成 PDF，测量版面。")
@click.option("--format", "fmt", type=click.Choice(["file", "letter", "order", "minutes"]), default=None,
              help="公文格式：file 文件格式、letter 信函、order 命令（令）、minutes 纪要；默认由首页自动识别。")
def check(file: Path, as_json: bool, profile: str | None, rules: str | None, render: bool, fmt: str | None) -> None:
    """检查 PDF、OFD 或 .docx 是否符合 GB/T 9704-2012；有错误级不合格项时退出码为 1。"""
    from .check import check_file
    from .check.report import check_json, check_table

    report = check_file(file, profile=profile, render=render, rules=rules, fmt=fmt)
    click.echo(check_json(report) if as_json else check_table(report))
    if not report.ok:
        raise _Failed(f"检查未通过：{'、'.join(sorted(report.failed_ids()))} 有错误级不合格项。")


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
        logger.setLevel(logging.INFO)
        logger.propagate = False


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
