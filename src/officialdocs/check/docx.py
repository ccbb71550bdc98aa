"""GB/T 9704 settings of a .docx read from its XML (D-rules), and its conversion to PDF for measuring.

What Word and LibreOffice will do is decided by a few settings: page size and margins, the body line
pitch (exact line spacing or a line grid), the character advance (font size plus letter spacing, or a
character grid), the styles' East Asian fonts, no theme fonts (they override named fonts), odd/even footers
with PAGE fields, and a 版记 anchored to the foot of the text block. These are read here, one rule
function per id (`rule(view, out)`, registered in RULES); `--render` converts the file with LibreOffice and
measures the PDF like any other.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from ..errors import Location, OfficialDocsError, Problem
from ..style import Profile
from .docxformat import detect_docx_format
from .faces import font_family
from .pdf.measure import FORMAT_NAMES
from .registry import Registry
from .rules import Catalogue, CheckResult, Out

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
TWIPS_PER_MM = 72 / 25.4 * 20
_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
# Style ids (and the built-in names other writers use) per font role.
_STYLES = [("Normal", "normal", "body"), ("Heading1", "heading 1", "heading1"), ("Heading2", "heading 2", "heading2"),
           ("Heading3", "heading 3", "heading3"), ("Heading4", "heading 4", "heading4"), ("Title", "title", "title")]


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _int(node: etree._Element | None, attr: str) -> int | None:
    if node is None:
        return None
    value = node.get(q(f"w:{attr}"))
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def _on(node: etree._Element | None) -> bool:
    """A boolean property element: present and not switched off."""
    return node is not None and node.get(q("w:val"), "true") not in ("0", "false", "off")


class DocxPackage:
    def __init__(self, path: Path):
        from ..safezip import read_parts

        self.path = path
        # Untrusted input: every part read within its bounds (zip bombs), named when it is not XML.
        self.parts = read_parts(Path(path), str(path), lambda name: name.endswith((".xml", ".rels")))
        if "word/document.xml" not in self.parts:
            raise OfficialDocsError(Problem("不是 Word 文档（缺少 word/document.xml）", Location(str(path))))
        self._xml: dict[str, etree._Element] = {}

    def xml(self, name: str) -> etree._Element | None:
        if name not in self._xml:
            data = self.parts.get(name)
            if data is None:
                return None
            from ..safezip import parse_xml

            self._xml[name] = parse_xml(data, name, str(self.path))  # no entities, located by part
        return self._xml[name]

    @property
    def document(self) -> etree._Element:
        doc = self.xml("word/document.xml")
        assert doc is not None
        return doc

    def body_sect(self) -> etree._Element | None:
        return self.document.find("w:body/w:sectPr", NS)

    def targets(self) -> dict[str, str]:
        rels = self.xml("word/_rels/document.xml.rels")
        if rels is None:
            return {}
        return {r.get("Id"): "word/" + r.get("Target", "").lstrip("/").removeprefix("word/") for r in rels}



class DocxView:
    """A package with the profile and the style lookups the rules share."""

    def __init__(self, package: DocxPackage, profile: Profile, fmt: str = "file"):
        self.pkg = package
        self.profile = profile
        self.format = fmt  # the 公文 format (check/pdf/measure.FORMATS): a 信函's 版记 has no rules (10.1)
        self.styles = package.xml("word/styles.xml")

    def geometry(self) -> tuple[float, float] | None:
        """Block width and height in pt from the last section's page setup."""
        sect = self.pkg.body_sect()
        if sect is None:
            return None
        size, margin = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
        w, h = _int(size, "w"), _int(size, "h")
        top, bottom, left, right = (_int(margin, k) for k in ("top", "bottom", "left", "right"))
        if w is None or h is None or top is None or bottom is None or left is None or right is None:
            return None
        gutter = _int(margin, "gutter") or 0
        return (w - left - right - gutter) / 20, (h - abs(top) - abs(bottom)) / 20

    def style(self, style_id: str, name: str) -> etree._Element | None:
        if self.styles is None:
            return None
        for style in self.styles.findall("w:style", NS):
            if style.get(q("w:styleId")) == style_id:
                return style
        for style in self.styles.findall("w:style", NS):
            node = style.find("w:name", NS)
            if node is not None and node.get(q("w:val"), "").lower() == name:
                return style
        return None

    def inherited(self, style: etree._Element | None, path: str) -> etree._Element | None:
        """The first `path` element along the style's basedOn chain, then the document defaults."""
        seen = 0
        while style is not None and seen < 20:
            found = style.find(path, NS)
            if found is not None:
                return found
            based = style.find("w:basedOn", NS)
            style = self.style(based.get(q("w:val"), ""), "") if based is not None else None
            seen += 1
        if self.styles is not None:
            kind = "w:rPrDefault/w:rPr/" if path.startswith("w:rPr/") else "w:pPrDefault/w:pPr/"
            return self.styles.find("w:docDefaults/" + kind + path.split("/", 1)[1], NS)
        return None

    def grid(self) -> etree._Element | None:
        sect = self.pkg.body_sect()
        return sect.find("w:docGrid", NS) if sect is not None else None


DocxRule = Callable[[DocxView, Out], None]
RULES: Registry[DocxRule] = Registry("docx")


@RULES.rule("D01", tolerances=("margin",))
def d01_page(v: DocxView, out: Out) -> None:
    page = v.profile.page
    sects = v.pkg.document.findall(".//w:sectPr", NS)
    if not sects:
        out.add("页面设置", "无", "A4，页边距按样式配置", "", False, message="文档没有节属性（sectPr）")
        return
    tol = out.tol("margin")
    for n, sect in enumerate(sects, 1):
        where = f"第{n}节" if len(sects) > 1 else ""
        size, margin = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
        w, h = _int(size, "w"), _int(size, "h")
        # A landscape section (a table turned by clause 8) is the A4 page turned 90° anticlockwise: its top
        # margin is the portrait left (订口), its left the portrait bottom, and so on.
        turned = w is not None and h is not None and w > h
        paper = (page.height, page.width) if turned else (page.width, page.height)
        if w is None or h is None:
            out.add("纸张", "未设置", f"{page.width:g} × {page.height:g} mm", "", False, where)
        else:
            wm, hm = w / TWIPS_PER_MM, h / TWIPS_PER_MM
            out.add("纸张", f"{wm:.1f} × {hm:.1f} mm", f"{paper[0]:g} × {paper[1]:g} mm" + ("（横排表格）" if turned else ""),
                    f"±{tol:g} mm", abs(wm - paper[0]) <= tol and abs(hm - paper[1]) <= tol, where)
        gutter = (_int(margin, "gutter") or 0) / TWIPS_PER_MM
        portrait_side = {"top": "left", "bottom": "right", "left": "bottom", "right": "top"} if turned else {}
        for side, label in (("top", "上"), ("bottom", "下"), ("left", "左"), ("right", "右")):
            value = _int(margin, side)
            expected = getattr(page.margins, portrait_side.get(side, side))
            if value is None:
                out.add(f"{label}页边距", "未设置", f"{expected:g} mm", "", False, where)
                continue
            got = abs(value) / TWIPS_PER_MM + (gutter if side == "left" else 0.0)
            out.add(f"{label}页边距", f"{got:.1f} mm", f"{expected:g} mm", f"±{tol:g} mm", abs(got - expected) <= tol, where)


@RULES.rule("D02")
def d02_line_pitch(v: DocxView, out: Out) -> None:
    expected = v.profile.grid.lines_per_page
    geometry = v.geometry()
    spacing = v.inherited(v.style("Normal", "normal"), "w:pPr/w:spacing")
    grid = v.grid()
    pitch, how = None, ""
    if spacing is not None and spacing.get(q("w:lineRule")) in ("exact", "atLeast") and _int(spacing, "line"):
        pitch, how = _int(spacing, "line") / 20, "固定行距"  # type: ignore[operator]
    elif grid is not None and grid.get(q("w:type")) in ("lines", "linesAndChars", "snapToChars") and _int(grid, "linePitch"):
        pitch, how = _int(grid, "linePitch") / 20, "行网格"  # type: ignore[operator]
    if pitch is None or geometry is None:
        out.add("正文行距", "未设固定行距或行网格" if geometry else "页面设置不全", f"版心排 {expected} 行", "", False,
                message="行数会随字体和软件变化")
        return
    fit = math.floor(geometry[1] / pitch + 1e-6)
    out.add("正文行距", f"{pitch:g} pt，版心可排 {fit} 行", f"版心排 {expected} 行（撑满版心）", "0", fit == expected, "样式 Normal", how)


@RULES.rule("D03")
def d03_char_pitch(v: DocxView, out: Out) -> None:
    expected = v.profile.grid.chars_per_line
    geometry = v.geometry()
    normal = v.style("Normal", "normal")
    sz = _int(v.inherited(normal, "w:rPr/w:sz"), "val")
    if geometry is None or sz is None:
        out.add("正文字距", "字号或页面设置未指定", f"每行 {expected} 字", "", False)
        return
    size = sz / 2
    grid = v.grid()
    letter = _int(v.inherited(normal, "w:rPr/w:spacing"), "val") or 0
    if grid is not None and grid.get(q("w:type")) in ("linesAndChars", "snapToChars") and grid.get(q("w:charSpace")):
        advance = size + (_int(grid, "charSpace") or 0) / 4096
        how = f"字符网格 charSpace={_int(grid, 'charSpace')}"
    else:
        advance = size + letter / 20
        how = f"{size:g} pt 字号，字距 {letter / 20:+g} pt"
    fit = math.floor(geometry[0] / advance + 1e-6) if advance > 0 else 0
    out.add("正文字距", f"{advance:.2f} pt/字，每行 {fit} 字", f"每行 {expected} 字（撑满版心）", "0", fit == expected,
            "样式 Normal", how)


@RULES.rule("D04")
def d04_style_fonts(v: DocxView, out: Out) -> None:
    for style_id, name, role_name in _STYLES:
        role = v.profile.fonts.get(role_name)
        if role is None:
            continue
        style = v.style(style_id, name)
        label = f"样式 {style_id}"
        if style is None:
            if style_id == "Normal":
                out.add(label, "缺少", f"{role.docx} {role.size:g} pt", "", False)
            else:
                out.add(label, "—", f"{role.docx} {role.size:g} pt", "", None, message="文档未使用此样式")
            continue
        fonts = v.inherited(style, "w:rPr/w:rFonts")
        east = fonts.get(q("w:eastAsia")) if fonts is not None else None
        sz = _int(v.inherited(style, "w:rPr/w:sz"), "val")
        size = sz / 2 if sz else None
        alternates = {role.docx, v.profile.docx_font_alternates.get(role.docx, role.docx)}
        font_ok = east is not None and (east in alternates or (
            font_family(east) is not None and font_family(east) == font_family(role.docx)))
        size_ok = size is not None and abs(size - role.size) < 0.01
        measured = f"{east or '未指定中文字体'} {f'{size:g} pt' if size else '未指定字号'}"
        out.add(label, measured, f"{role.docx} {role.size:g} pt", "", font_ok and size_ok)


@RULES.rule("D05")
def d05_theme_fonts(v: DocxView, out: Out) -> None:
    found: list[str] = []
    for name in sorted(v.pkg.parts):
        if not name.startswith("word/") or name.startswith("word/theme/") or not name.endswith(".xml"):
            continue
        root = v.pkg.xml(name)
        if root is None:
            continue
        for node in root.iter(q("w:rFonts")):
            attrs = [a for a in _THEME_ATTRS if node.get(q(f"w:{a}"))]
            if attrs:
                owner = next((a for a in node.iterancestors(q("w:style"))), None)
                where = owner.get(q("w:styleId")) if owner is not None else ""
                found.append(f"{name.removeprefix('word/')}{' ' + where if where else ''}：{','.join(attrs)}")
    out.add("主题字体", f"{len(found)} 处：{found[0]}" if found else "无", "无", "", not found,
            message="主题字体会替换指定的公文字体" if found else "")


@RULES.rule("D06")
def d06_footers(v: DocxView, out: Out) -> None:
    settings = v.pkg.xml("word/settings.xml")
    even_odd = settings is not None and _on(settings.find("w:evenAndOddHeaders", NS))
    out.add("奇偶页不同", "已开启" if even_odd else "未开启", "开启（settings.xml evenAndOddHeaders）", "", even_odd,
            message="" if even_odd else "单页、双页页码无法分居右、左")
    # The footers page 1 begins with: the first section's (a later section may leave its pages unnumbered, as the
    # blank page before the 版记 and the 版记 page, 7.5); a section without a reference inherits the one before.
    sects = v.pkg.document.findall("w:body/w:p/w:pPr/w:sectPr", NS) + [v.pkg.body_sect()]
    targets = v.pkg.targets()
    refs: dict[str, str] = {}
    for sect in sects:
        for ref in sect.findall("w:footerReference", NS) if sect is not None else []:
            target = targets.get(ref.get(q("r:id"), ""))
            if target:
                refs.setdefault(ref.get(q("w:type"), "default"), target)
    for kind, label, align in (("default", "单页页脚", ("right", "end")), ("even", "双页页脚", ("left", "start"))):
        part = refs.get(kind)
        root = v.pkg.xml(part) if part else None
        if root is None:
            out.add(label, "无", "含 PAGE 域的页码", "", False)
            continue
        para = _page_paragraph(root)
        if para is None:
            out.add(label, "无 PAGE 域", "含 PAGE 域的页码", "", False, (part or "").removeprefix("word/"))
            continue
        jc = para.find("w:pPr/w:jc", NS)
        value = jc.get(q("w:val")) if jc is not None else "left"
        text = "".join(t.text or "" for t in para.iter(q("w:t")))
        out.add(label, f"PAGE 域，“{text.strip()}”，对齐 {value}", f"PAGE 域，{'居右' if kind == 'default' else '居左'}",
                "", value in align, (part or "").removeprefix("word/"))


@RULES.rule("D07")
def d07_colophon(v: DocxView, out: Out) -> None:
    """7.4.1: the 版记 at the foot of the last page, its last rule on the block's bottom edge. Any
    construction that fixes it there passes: a table floating at the bottom of the margin area
    (vertAnchor=margin, tblpYSpec=bottom), a frame (framePr vAnchor=margin yAlign=bottom) or a text box
    aligned to the bottom of the margin area. A 版记 in the text flow lands where the text ends: only the
    laid-out pages can tell (--render: L23, L24)."""
    body = v.pkg.document.find("w:body", NS)
    if body is None:
        return
    children = [c for c in body if c.tag != q("w:sectPr")]
    found = [i for i, c in enumerate(children) if _is_colophon(_text(c))]
    if not found:
        out.na("版记位置", "文档没有版记")
        return
    index = found[-1]
    element = children[index]
    how, anchored = _anchoring(element)
    if anchored is None:
        out.add("版记位置", how, "固定在末页版心底部", "", None,
                message="版记随正文排列，是否位于末页版心底部须排版后测量（--render，见 L23、L24）")
    else:
        out.add("版记位置", how, "固定在版心底部（如 vertAnchor=margin + tblpYSpec=bottom，或 framePr yAlign=bottom）", "",
                anchored)
        if anchored and element.tag == q("w:tbl"):
            has_bottom = _table_bottom_rule(element)
            if v.format == "letter":  # 10.1: 信函的版记不加印发机关和印发日期、分隔线
                out.add("末条分隔线", "有" if has_bottom else "无", "无（信函版记不加分隔线，10.1）", "", not has_bottom)
            else:
                out.add("末条分隔线", "有" if has_bottom else "无", "表格下边框（与版心下边缘重合）", "", has_bottom)
    after = [c for c in children[index + 1:] if _text(c).strip() or c.tag == q("w:tbl")]
    out.add("版记位于文末", "其后还有内容" if after else "文末", "文末（其后只有空段落）", "", not after,
            message=f"其后：“{_text(after[0]).strip()[:12]}”" if after else "")


def _anchoring(element: etree._Element) -> tuple[str, bool | None]:
    """How a 版记 element is placed: (description, True fixed at the block's foot / False fixed elsewhere /
    None in the text flow)."""
    if element.tag == q("w:tbl"):
        pos = element.find("w:tblPr/w:tblpPr", NS)
        if pos is None:
            return "表格，随正文排列", None
        anchor, spec = pos.get(q("w:vertAnchor"), "margin"), pos.get(q("w:tblpYSpec"))
        text = f"浮动表格 vertAnchor={anchor} tblpYSpec={spec or '（无）'}"
        if spec is None:  # an offset: where the table ends depends on its laid-out height
            return text + f" tblpY={pos.get(q('w:tblpY'), '0')}", None
        return text, anchor == "margin" and spec == "bottom"
    frame = element.find("w:pPr/w:framePr", NS)
    if frame is not None:
        anchor, align = frame.get(q("w:vAnchor"), "page"), frame.get(q("w:yAlign"))
        return f"图文框 vAnchor={anchor} yAlign={align or '（无）'}", anchor == "margin" and align == "bottom"
    for position in element.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}positionV"):
        align = position.find("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}align")
        relative = position.get("relativeFrom")
        value = align.text if align is not None else None
        return f"文本框 positionV relativeFrom={relative} align={value or '（偏移）'}", (
            relative == "margin" and value == "bottom") if value else None
    return "普通段落，随正文排列", None


def _table_bottom_rule(table: etree._Element) -> bool:
    border = table.find("w:tblPr/w:tblBorders/w:bottom", NS)
    if border is not None and border.get(q("w:val")) not in ("nil", "none"):
        return True
    rows = table.findall("w:tr", NS)
    cells = rows[-1].findall("w:tc", NS) if rows else []
    return bool(cells) and all(
        (b := c.find("w:tcPr/w:tcBorders/w:bottom", NS)) is not None and b.get(q("w:val")) not in ("nil", "none")
        for c in cells)


def _text(node: etree._Element) -> str:
    return "".join(t.text or "" for t in node.iter(q("w:t")))


def _is_colophon(text: str) -> bool:
    text = text.strip()
    return bool(re.search(r"印发$", text)) or text.startswith(("抄送：", "抄送:")) or bool(re.search(r"日印发", text))


def _page_paragraph(root: etree._Element) -> etree._Element | None:
    for para in root.iter(q("w:p")):
        instr = " ".join(n.get(q("w:instr"), "") for n in para.iter(q("w:fldSimple")))
        instr += " ".join(n.text or "" for n in para.iter(q("w:instrText")))
        if re.search(r"\bPAGE\b", instr):
            return para
    return None


def check_docx_xml(path: Path, profile: Profile, catalogue: Catalogue, fmt: str | None = None,
                   notes: list[str] | None = None) -> list[CheckResult]:
    """Every registered .docx rule the catalogue does not switch off, for the 公文 format `fmt`, else the one
    the XML shows (said in `notes`)."""
    package = DocxPackage(path)
    if fmt is None:
        fmt = detect_docx_format(package.document)
        if notes is not None:
            notes.append(f"按{FORMAT_NAMES[fmt]}检查（由文档内容识别）")
    elif notes is not None:
        notes.append(f"按{FORMAT_NAMES[fmt]}检查（按 --format 指定）")
    view = DocxView(package, profile, fmt)
    results: list[CheckResult] = []
    for impl in RULES:
        rule = catalogue.rule(impl.id)
        if rule.severity != "off":
            impl.func(view, Out(rule, results))
    return results


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_docx(paths: list[Path], out_dir: Path, timeout: int = 300) -> list[Path]:
    """Convert .docx files to PDF with LibreOffice in one run (one start-up for all) and a private user
    profile (parallel runs do not share a lock). Returns the PDFs in the order of `paths`."""
    exe = soffice()
    if exe is None:
        raise OfficialDocsError(Problem("未找到 LibreOffice（soffice）", Location(str(paths[0]) if paths else ""),
                                        "安装 LibreOffice（如 apt-get install libreoffice-writer）后再用 --render"))
    work = Path(tempfile.mkdtemp(prefix="officialdocs-lo-", dir=out_dir))
    sources = []
    for i, path in enumerate(paths):
        source = work / f"document-{i}.docx"  # plain ASCII names, unique even when two files share a name
        shutil.copyfile(path, source)
        sources.append(source)
    try:
        subprocess.run([exe, f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(work), *map(str, sources)], check=True, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise OfficialDocsError(Problem(f"LibreOffice 转换超时（{timeout} 秒）", Location(str(paths[0])))) from None
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip()[:200]
        raise OfficialDocsError(Problem(f"LibreOffice 转换失败：{detail or exc.returncode}", Location(str(paths[0])))) from None
    pdfs = [source.with_suffix(".pdf") for source in sources]
    for path, pdf in zip(paths, pdfs, strict=True):
        if not pdf.is_file():
            raise OfficialDocsError(Problem("LibreOffice 没有生成 PDF", Location(str(path))))
    return pdfs


__all__ = ["RULES", "DocxPackage", "DocxView", "check_docx_xml", "render_docx", "soffice"]
