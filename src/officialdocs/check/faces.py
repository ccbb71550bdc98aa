"""Font families by name: what a PDF or a .docx calls its 仿宋, 楷体, 黑体, 宋体 and 小标宋 faces."""

from __future__ import annotations

_FAMILIES = {
    "fang": ("仿宋", "fangsong", "fang", "fs_gb2312", "simfang", "stfangsong"),
    "kai": ("楷体", "楷", "kaiti", "kai", "simkai", "stkaiti", "wenkai"),
    "hei": ("黑体", "simhei", "hei", "sans", "gothic"),
    "xbs": ("小标宋", "xiaobiaosong", "xbs", "biaosong", "bs_gbk"),
    "song": ("宋体", "simsun", "song", "serif", "mincho", "sun"),
}
FAMILY_NAMES = {"fang": "仿宋", "kai": "楷体", "hei": "黑体", "xbs": "小标宋", "song": "宋体"}


def font_family(name: str) -> str | None:
    """The 公文 family a font name belongs to, or None when the name does not tell."""
    lower = name.lower()
    for family in ("xbs", "fang", "kai", "hei", "song"):  # 小标宋 before 宋, 仿宋 before 宋
        if any(key in lower for key in _FAMILIES[family]):
            return family
    return None
