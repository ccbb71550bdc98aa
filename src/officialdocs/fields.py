"""Field types shared by plan.yaml (plan.models) and the front matter of 公文 Markdown (markup.frontmatter), so
both accept and refuse exactly the same values with the same Chinese messages.

Each is a pydantic `Annotated` type: validators run before pydantic's own type check, let values of the wrong
type through (pydantic then names the type), and raise HintedValueError (message + fix) for bad values.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, WithJsonSchema

from . import validators
from .cjk import TITLE_END_FORBIDDEN
from .document import FORMAT_NAMES
from .numerals import format_date, parse_date
from .yamlio import HintedValueError


def none_as_empty(value: Any) -> Any:
    """`units:` with nothing after it is YAML null: a key left empty means an empty list."""
    return [] if value is None else value


def as_list(value: Any) -> Any:
    """A single string where a list is expected means a one-element list."""
    return [value] if isinstance(value, str) else none_as_empty(value)


def _title(value: Any) -> Any:
    """A title: text, or a list of its lines (explicit line breaks); never empty, no trailing mark (7.3.1)."""
    if isinstance(value, list):
        if not all(isinstance(line, str) for line in value):
            raise HintedValueError("标题的每一行都应为文本")
        value = "\n".join(value)
    if not isinstance(value, str):
        return value
    lines = [line.strip() for line in value.split("\n") if line.strip()]
    if not lines:
        raise HintedValueError("标题不能为空")
    last = lines[-1]
    if last[-1] in TITLE_END_FORBIDDEN:
        raise HintedValueError(f"标题末尾不加标点“{last[-1]}”", f"改为 “{last.rstrip(TITLE_END_FORBIDDEN)}”")
    return "\n".join(lines)


def unbracket(value: Any) -> Any:
    """（此件公开发布） -> 此件公开发布: the writers add the brackets themselves."""
    if isinstance(value, str):
        text = value.strip()
        if len(text) >= 2 and text[0] in "（(" and text[-1] in "）)":
            return text[1:-1].strip()
        return text
    return value


def _to_date(value: Any) -> Any:
    # Pydantic would read an int as a Unix timestamp; only dates and date strings make sense here.
    if isinstance(value, (date, str)):
        return parse_date(value)
    raise HintedValueError("应为日期", "写成 2011-01-20、2011年1月20日 或 二〇一一年一月二十日")


def _to_date_text(value: Any) -> Any:
    return format_date(_to_date(value)) if value is not None else None


def _wrapped(check):
    """Run a validators.check_* on text; other types go on to pydantic's type check."""
    return lambda value: check(value) if isinstance(value, str) else value


def _copy_number(value: Any) -> Any:
    # An int is YAML's reading of an unquoted 000123: validators explains that; bool is a type error.
    ok = isinstance(value, (str, int)) and not isinstance(value, bool)
    return validators.check_copy_number(value) if ok else value


def _doc_format(value: Any) -> Any:
    if isinstance(value, str) and value.strip() not in FORMAT_NAMES:
        choices = "、".join(f"{k}（{v}）" for k, v in FORMAT_NAMES.items())
        raise HintedValueError(f"未知的公文格式 “{value}”", f"可选：{choices}")
    return value.strip() if isinstance(value, str) else value


_STR_OR_LIST = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
_DATE_SCHEMA = {"type": "string", "examples": ["2011-01-20", "2011年1月20日", "二〇一一年一月二十日"]}

StrList = Annotated[list[str], BeforeValidator(as_list), WithJsonSchema(_STR_OR_LIST)]
Title = Annotated[str, BeforeValidator(_title), WithJsonSchema(_STR_OR_LIST)]
Bracketless = Annotated[str, BeforeValidator(unbracket)]
DateValue = Annotated[date, BeforeValidator(_to_date), WithJsonSchema(_DATE_SCHEMA)]
DateText = Annotated[str, BeforeValidator(_to_date_text), WithJsonSchema(_DATE_SCHEMA)]  # 2011年1月20日
DocNumber = Annotated[str, BeforeValidator(_wrapped(validators.check_doc_number))]
CopyNumber = Annotated[str, BeforeValidator(_copy_number)]
Classification = Annotated[str, BeforeValidator(_wrapped(validators.check_classification))]
FormatName = Annotated[
    Literal["file", "letter", "order", "minutes"], BeforeValidator(_doc_format),
    WithJsonSchema({"type": "string", "enum": list(FORMAT_NAMES),
                    "description": "公文格式：file 文件格式（默认）、letter 信函格式、order 命令（令）格式、minutes 纪要格式"}),
]
Urgency = Annotated[Literal["特急", "加急"], BeforeValidator(_wrapped(validators.check_urgency))]

__all__ = ["Bracketless", "Classification", "CopyNumber", "DateText", "DateValue", "DocNumber", "FormatName", "StrList",
           "Title", "Urgency", "as_list", "none_as_empty", "unbracket"]
