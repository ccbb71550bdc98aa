"""Optional parts of officialdocs (pip extras) and the message when one is missing."""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import OfficialDocsError, Problem

# extra -> what it adds (pyproject.toml [project.optional-dependencies] holds the same lists)
EXTRAS = {
    "check": "检查 PDF（pypdfium2）",
    "preview": "页面预览图（pypdfium2）",
    "import": "导入旧文件与表格（OpenCC、pypinyin、openpyxl）",
}


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import `module`, or raise a user error naming the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise OfficialDocsError(Problem(
            f"缺少 {module.split('.')[0]}（{purpose}所需），当前未安装",
            hint=f"请安装 officialdocs[{extra}]：pip install 'officialdocs[{extra}]'")) from None
