"""Templates: plan data -> 公文 Markdown, through a sandboxed Jinja2 environment.

Lookup order: folders given with --templates (a user's own overrides), then the built-in templates/.
An undefined variable is an error that names the template and the line.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import SandboxedEnvironment

from .errors import Location, OfficialDocsError, Problem
from .numerals import chinese_numeral, format_date, heading_number
from .resources import templates_dir

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_MD_LINE_START = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+>=])", re.MULTILINE)


def md_escape(text: Any) -> str:
    """Escape text so Markdown reads it literally (a plan's "1." must not become a list)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))
    return _MD_LINE_START.sub(lambda m: (m.group(1) or m.group(4) or "") + (
        f"{m.group(2)}\\{m.group(3)}" if m.group(2) else f"\\{m.group(5)}"), escaped)


_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_DIRECTIVE = re.compile(r"^\s*<!--\s*(table|page-?break)\b.*-->\s*$", re.IGNORECASE)


def paragraphs(text: Any) -> str:
    """Plan text -> 公文 Markdown: every line a paragraph (escaped, so a typed “1.” stays text), except the
    Markdown blocks a .md file has beyond paragraphs: pipe tables and their `<!-- table: … -->` directive,
    page breaks — they pass through as written."""
    if not text:
        return ""
    lines = str(text).split("\n")
    blocks: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _TABLE_ROW.match(line) and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1]):
            j = i + 2
            while j < len(lines) and _TABLE_ROW.match(lines[j]):
                j += 1
            blocks.append("\n".join(row.strip() for row in lines[i:j]))
            i = j
            continue
        if _DIRECTIVE.match(line):
            blocks.append(line.strip())
        elif line.strip():
            blocks.append(md_escape(line.strip()))
        i += 1
    return "\n\n".join(blocks)


def yaml_value(value: Any) -> str:
    """A value for YAML front matter: JSON is valid YAML and quotes everything safely."""
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    if isinstance(value, tuple):
        value = list(value)
    return json.dumps(value, ensure_ascii=False)


def make_environment(extra_dirs: Sequence[Path] = ()) -> SandboxedEnvironment:
    """The sandboxed environment for these template folders, made once per process: templates are compiled
    once and reused (Jinja's own cache; an edited template file is reloaded, Jinja checks its mtime)."""
    return _environment(tuple(str(Path(d).resolve()) for d in extra_dirs))


@functools.lru_cache(maxsize=16)
def _environment(extra_dirs: tuple[str, ...]) -> SandboxedEnvironment:
    loaders = [FileSystemLoader(d) for d in extra_dirs]
    loaders.append(FileSystemLoader(str(templates_dir())))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=md_escape,
        paragraphs=paragraphs,
        yaml=yaml_value,
        cn_number=chinese_numeral,
        cn_date=format_date,
        heading_number=lambda n, level: heading_number(level, n),
    )
    return env


def render_template(name: str, context: dict[str, Any], extra_dirs: Sequence[Path] = ()) -> str:
    """Render template `name` with `context`; every template problem becomes a located OfficialDocsError."""
    for folder in extra_dirs:
        if not Path(folder).is_dir():
            raise OfficialDocsError(Problem(f"模板目录不存在：{folder}", hint="检查 --templates 参数"))
    env = make_environment(extra_dirs)
    try:
        template = env.get_template(name)
        return template.render(**context)
    except TemplateNotFound as exc:
        missing = exc.name or name  # the template asked for: `name`, or one it includes
        if missing != name and (missing.startswith(("/", "\\")) or ".." in missing.replace("\\", "/").split("/")):
            raise OfficialDocsError(Problem(f"模板不能包含模板目录以外的文件：“{missing}”", _template_location(exc, name),
                                            "include/import 只能引用 --templates 目录或内置模板中的文件名")) from None
        raise OfficialDocsError(Problem(f"找不到模板 {missing}", _template_location(exc, name) if missing != name else None,
                                        "内置模板在 templates/，自定义模板目录用 --templates 指定")) from None
    except TemplateSyntaxError as exc:
        where = Location(exc.filename or name, exc.lineno)
        raise OfficialDocsError(Problem(f"模板语法错误：{exc.message}", where)) from None
    except UndefinedError as exc:
        raise OfficialDocsError(Problem(f"模板使用了未定义的变量：{exc.message}", _template_location(exc, name))) from None
    except TemplateError as exc:
        raise OfficialDocsError(Problem(f"模板出错：{exc}", _template_location(exc, name))) from None
    except UnicodeDecodeError:
        raise OfficialDocsError(Problem("模板文件不是 UTF-8 编码", hint="请把 --templates 目录中的模板另存为 UTF-8")) from None


def _template_location(exc: BaseException, name: str) -> Location:
    """The innermost template frame: Jinja rewrites tracebacks so template frames carry the template's
    file name and line number."""
    tb = exc.__traceback__
    found = Location(name)
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith((".j2", ".jinja", ".md", ".txt")) or code.co_name in ("top-level template code",
                                                                                             "template"):
            found = Location(code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
