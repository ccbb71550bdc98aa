"""Structure of an OFD package against GB/T 33190-2016, without an XSD at hand: the namespace, required
elements and attributes, child order, unit ids (unique, within MaxUnitID), and that every reference
(ResourceID, Font, DrawParam, PageID, locations of parts and files) resolves.

    problems = validate_ofd("公文.ofd")   # [] when the structure is sound; else one message per problem

It covers the parts a fixed-layout document needs (OFD.xml, Document.xml, resources, pages, outline,
custom tags); signatures, annotations and attachments are only checked to exist where referenced.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

NS = "http://www.ofdspec.org/2016"
_Q = f"{{{NS}}}"

# element -> (required attributes, children in their schema order as (name, min, max)); max 0 = unbounded
_UNIT = ("Actions", 0, 1), ("Clips", 0, 1)
_SPEC: dict[str, tuple[tuple[str, ...], tuple[tuple[str, int, int], ...]]] = {
    "OFD": (("Version", "DocType"), (("DocBody", 1, 0),)),
    "DocBody": ((), (("DocInfo", 1, 1), ("DocRoot", 1, 1), ("Versions", 0, 1), ("Signatures", 0, 1))),
    "DocInfo": ((), (("DocID", 1, 1), ("Title", 0, 1), ("Author", 0, 1), ("Subject", 0, 1), ("Abstract", 0, 1),
                     ("CreationDate", 0, 1), ("ModDate", 0, 1), ("DocUsage", 0, 1), ("Cover", 0, 1),
                     ("Keywords", 0, 1), ("Creator", 0, 1), ("CreatorVersion", 0, 1), ("CustomDatas", 0, 1))),
    "Document": ((), (("CommonData", 1, 1), ("Pages", 1, 1), ("Outlines", 0, 1), ("Permissions", 0, 1),
                      ("Actions", 0, 1), ("VPreferences", 0, 1), ("Bookmarks", 0, 1), ("Annotations", 0, 1),
                      ("CustomTags", 0, 1), ("Attachments", 0, 1), ("Extensions", 0, 1))),
    "CommonData": ((), (("MaxUnitID", 1, 1), ("PageArea", 1, 1), ("PublicRes", 0, 0), ("DocumentRes", 0, 0),
                        ("TemplatePage", 0, 0), ("DefaultCS", 0, 1))),
    "PageArea": ((), (("PhysicalBox", 1, 1), ("ApplicationBox", 0, 1), ("ContentBox", 0, 1), ("BleedBox", 0, 1))),
    "Area": ((), (("PhysicalBox", 1, 1), ("ApplicationBox", 0, 1), ("ContentBox", 0, 1), ("BleedBox", 0, 1))),
    "Pages": ((), (("Page", 1, 0),)),
    "Outlines": ((), (("OutlineElem", 1, 0),)),
    "OutlineElem": (("Title",), (("Actions", 0, 1), ("OutlineElem", 0, 0))),
    "Action": (("Event",), (("Region", 0, 1), ("Goto", 0, 1), ("URI", 0, 1), ("GotoA", 0, 1), ("Sound", 0, 1),
                            ("Movie", 0, 1))),
    "Dest": (("Type", "PageID"), ()),
    "Res": (("BaseLoc",), (("ColorSpaces", 0, 0), ("DrawParams", 0, 0), ("Fonts", 0, 0), ("MultiMedias", 0, 0),
                           ("CompositeGraphicUnits", 0, 0))),
    "Font": (("ID", "FontName"), (("FontFile", 0, 1),)),
    "MultiMedia": (("ID", "Type"), (("MediaFile", 1, 1),)),
    "ColorSpace": (("ID", "Type"), (("Palette", 0, 1),)),
    "DrawParam": (("ID",), (("FillColor", 0, 1), ("StrokeColor", 0, 1))),
    "Content": ((), (("Layer", 1, 0),)),
    "Layer": (("ID",), ()),
    "TextObject": (("ID", "Boundary", "Font", "Size"),
                   (*_UNIT, ("FillColor", 0, 1), ("StrokeColor", 0, 1), ("CGTransform", 0, 0), ("TextCode", 1, 0))),
    "PathObject": (("ID", "Boundary"), (*_UNIT, ("StrokeColor", 0, 1), ("FillColor", 0, 1), ("AbbreviatedData", 1, 1))),
    "ImageObject": (("ID", "Boundary", "ResourceID"), (*_UNIT, ("Border", 0, 1))),
    "CompositeObject": (("ID", "Boundary", "ResourceID"), _UNIT),
    "CustomTags": ((), (("CustomTag", 0, 0),)),
    "CustomTag": (("NameSpace",), (("SchemaLoc", 0, 1), ("FileLoc", 1, 1))),
}
_PAGE_ROOT = ((), (("Template", 0, 0), ("PageRes", 0, 0), ("Area", 0, 1), ("Content", 0, 1), ("Actions", 0, 1)))
_ENUMS = {
    ("OFD", "Version"): {"1.0"}, ("OFD", "DocType"): {"OFD", "OFD-A"},
    ("Layer", "Type"): {"Body", "Background", "Foreground", "Custom"},
    ("Dest", "Type"): {"XYZ", "Fit", "FitH", "FitV", "FitR"},
    ("MultiMedia", "Type"): {"Image", "Audio", "Video"},
    ("ColorSpace", "Type"): {"GRAY", "RGB", "CMYK"},
    ("Action", "Event"): {"DO", "PO", "CLICK"},
}
_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def validate_ofd(path: Path | str) -> list[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            return _Validator(archive).run()
    except (OSError, zipfile.BadZipFile) as exc:
        return [f"不是可读的 OFD 包（zip）：{exc}"]


class _Validator:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.files = set(archive.namelist())
        self.problems: list[str] = []
        self.ids: dict[int, str] = {}  # unit id -> where it was declared
        self.page_parts: dict[str, str] = {}  # page id -> its Content.xml
        self.objects: dict[str, str] = {}  # object id -> the Content.xml declaring it
        self.refs: list[tuple[str, str, str]] = []  # (kind, id, where): resolved at the end
        self.kinds: dict[str, set[str]] = {"Font": set(), "MultiMedia": set(), "DrawParam": set(), "ColorSpace": set(),
                                           "Page": set(), "CompositeGraphicUnit": set()}

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}：{message}")

    def part(self, name: str, where: str) -> ET.Element | None:
        if name not in self.files:
            self.fail(where, f"引用的部件 “{name}” 不在包中")
            return None
        try:
            root = ET.fromstring(self.archive.read(name))
        except ET.ParseError as exc:
            self.fail(name, f"不是有效的 XML（{exc}）")
            return None
        for element in root.iter():
            if not element.tag.startswith(_Q):
                self.fail(name, f"元素 {element.tag} 不在命名空间 {NS} 中")
                break
        return root

    def run(self) -> list[str]:
        ofd = self.part("OFD.xml", "包根目录")
        if ofd is None:
            return self.problems
        self.element(ofd, "OFD.xml")
        for body in ofd.findall(f"{_Q}DocBody"):
            date = body.findtext(f"{_Q}DocInfo/{_Q}CreationDate")
            if date is not None and not _DATE.match(date.strip()):
                self.fail("OFD.xml", f"CreationDate “{date}” 不是 xs:date（YYYY-MM-DD）")
            root = body.findtext(f"{_Q}DocRoot")
            if root:
                self.document(_join("", root))
        return self.problems

    def document(self, name: str) -> None:
        doc = self.part(name, "OFD.xml DocRoot")
        if doc is None:
            return
        self.element(doc, name)
        folder = posixpath.dirname(name)
        max_id = doc.findtext(f"{_Q}CommonData/{_Q}MaxUnitID")
        box = doc.findtext(f"{_Q}CommonData/{_Q}PageArea/{_Q}PhysicalBox")
        self.box(box, name, "PageArea/PhysicalBox")
        for tag in ("PublicRes", "DocumentRes"):
            for loc in doc.findall(f"{_Q}CommonData/{_Q}{tag}"):
                self.res(_join(folder, loc.text or ""), f"{name} {tag}")
        for page in doc.findall(f"{_Q}Pages/{_Q}Page"):
            self.unit(page, name, "Page")
            if page.get("BaseLoc"):
                self.page_parts[page.get("ID", "")] = _join(folder, page.get("BaseLoc", ""))
                self.page(self.page_parts[page.get("ID", "")])
        for dest in doc.iter(f"{_Q}Dest"):
            self.refs.append(("Page", dest.get("PageID", ""), f"{name} 大纲目标"))
        tags = doc.findtext(f"{_Q}CustomTags")
        if tags:
            self.custom_tags(_join(folder, tags))
        for kind, ref, where in self.refs:
            if ref not in self.kinds[kind]:
                self.fail(where, f"引用的{_KIND_NAMES[kind]} ID={ref} 不存在")
        if max_id is None or not max_id.strip().isdigit():
            self.fail(name, "MaxUnitID 缺失或不是非负整数")
        elif self.ids and max(self.ids) > int(max_id):
            self.fail(name, f"MaxUnitID={max_id} 小于已用的最大标识 {max(self.ids)}")

    def res(self, name: str, where: str) -> None:
        res = self.part(name, where)
        if res is None:
            return
        self.element(res, name)
        folder = _join(posixpath.dirname(name), res.get("BaseLoc") or ".")
        for tag, file_tag in (("Font", "FontFile"), ("MultiMedia", "MediaFile"), ("ColorSpace", None),
                              ("DrawParam", None), ("CompositeGraphicUnit", None)):
            for element in res.iter(f"{_Q}{tag}"):
                self.unit(element, name, tag)
                loc = element.findtext(f"{_Q}{file_tag}") if file_tag else None
                if loc is not None and _join(folder, loc) not in self.files:
                    self.fail(name, f"{tag} ID={element.get('ID')} 的文件 “{_join(folder, loc)}” 不在包中")

    def page(self, name: str) -> None:
        page = self.part(name, "Document.xml Pages")
        if page is None:
            return
        self.element(page, name, _PAGE_ROOT)
        self.box(page.findtext(f"{_Q}Area/{_Q}PhysicalBox"), name, "Area/PhysicalBox", optional=True)
        for loc in page.findall(f"{_Q}PageRes"):
            self.res(_join(posixpath.dirname(name), loc.text or ""), f"{name} PageRes")
        for element in page.iter():
            tag = element.tag.removeprefix(_Q)
            if tag in ("Layer", "TextObject", "PathObject", "ImageObject", "CompositeObject", "PageBlock"):
                self.unit(element, name, None)
                self.objects[element.get("ID", "")] = name
            if element.get("DrawParam"):
                self.refs.append(("DrawParam", element.get("DrawParam", ""), f"{name} {tag} ID={element.get('ID')}"))
            if element.get("ColorSpace"):
                self.refs.append(("ColorSpace", element.get("ColorSpace", ""), f"{name} {tag}"))
            if tag in ("TextObject", "PathObject", "ImageObject", "CompositeObject"):
                self.graphic(element, tag, name)

    def graphic(self, element: ET.Element, tag: str, name: str) -> None:
        where = f"{name} {tag} ID={element.get('ID')}"
        self.box(element.get("Boundary"), where, "Boundary")
        ctm = element.get("CTM")
        if ctm is not None and not _numbers(ctm, 6):
            self.fail(where, f"CTM “{ctm}” 应为 6 个数")
        if tag == "TextObject":
            self.refs.append(("Font", element.get("Font", ""), where))
            size = element.get("Size", "")
            if not _numbers(size, 1) or float(size) <= 0:
                self.fail(where, f"Size “{size}” 应为正数")
            for code in element.findall(f"{_Q}TextCode"):
                count = len(code.text or "")
                for attr in ("DeltaX", "DeltaY"):
                    value = code.get(attr)
                    if value is None:
                        continue
                    n = _delta_count(value)
                    if n is None:
                        self.fail(where, f"{attr} “{value[:40]}” 不是数组")
                    elif n > max(count - 1, 0):
                        self.fail(where, f"{attr} 有 {n} 个值，多于字符数减一（{count - 1}）")
        elif tag == "ImageObject":
            self.refs.append(("MultiMedia", element.get("ResourceID", ""), where))
        elif tag == "CompositeObject":
            self.refs.append(("CompositeGraphicUnit", element.get("ResourceID", ""), where))

    def custom_tags(self, name: str) -> None:
        tags = self.part(name, "Document.xml CustomTags")
        if tags is None:
            return
        self.element(tags, name)
        for tag in tags.findall(f"{_Q}CustomTag"):
            loc = tag.findtext(f"{_Q}FileLoc")
            if not loc:
                continue
            file = _join(posixpath.dirname(name), loc)
            if file not in self.files:
                self.fail(name, f"CustomTag 的文件 “{loc}” 不在包中")
                continue
            try:
                content = ET.fromstring(self.archive.read(file))
            except ET.ParseError as exc:
                self.fail(file, f"不是有效的 XML（{exc}）")
                continue
            for ref in content.iter(f"{_Q}ObjectRef"):  # 16: a tag points at an object on a page
                page, obj = ref.get("PageRef", ""), (ref.text or "").strip()
                if page not in self.page_parts:
                    self.fail(file, f"ObjectRef 的 PageRef={page} 不是页面")
                elif self.objects.get(obj) != self.page_parts[page]:
                    self.fail(file, f"ObjectRef {obj} 不是页面 {page} 上的对象")

    def unit(self, element: ET.Element, name: str, kind: str | None) -> None:
        """An element with an ID: unsigned integer, unique in the document."""
        value = element.get("ID", "")
        tag = element.tag.removeprefix(_Q)
        if not value.isdigit():
            self.fail(name, f"{tag} 的 ID “{value}” 不是无符号整数")
            return
        number = int(value)
        if number in self.ids:
            self.fail(name, f"{tag} 的 ID={value} 与 {self.ids[number]} 重复")
        self.ids[number] = f"{name} {tag}"
        if kind:
            self.kinds[kind].add(value)

    def box(self, text: str | None, where: str, what: str, optional: bool = False) -> None:
        if text is None:
            if not optional:
                self.fail(where, f"缺少 {what}")
            return
        if not _numbers(text, 4) or any(float(v) < 0 for v in text.split()[2:]):
            self.fail(where, f"{what} “{text}” 应为 4 个数：x y 宽 高（宽高不为负）")

    def element(self, root: ET.Element, name: str, spec=None) -> None:
        """Required attributes, enumerated values and child order for `root` and everything under it."""
        for element in root.iter():
            tag = element.tag.removeprefix(_Q)
            rule = spec if element is root and spec is not None else _SPEC.get(tag)
            if tag == "Page" and element is not root:
                rule = (("ID", "BaseLoc"), ())
            if rule is None:
                continue
            required, children = rule
            for attr in required:
                if not element.get(attr):
                    self.fail(name, f"{tag} 缺少必需属性 {attr}")
            for (t, attr), allowed in _ENUMS.items():
                if t == tag and element.get(attr) is not None and element.get(attr) not in allowed:
                    self.fail(name, f"{tag} 的 {attr}=“{element.get(attr)}” 不是允许的值（{'、'.join(sorted(allowed))}）")
            if children:
                self.order(element, tag, children, name)

    def order(self, element: ET.Element, tag: str, children, name: str) -> None:
        names = [c[0] for c in children]
        counts = dict.fromkeys(names, 0)
        position = 0
        for child in element:
            child_tag = child.tag.removeprefix(_Q)
            if child_tag not in counts:
                self.fail(name, f"{tag} 中不应有 {child_tag}")
                continue
            index = names.index(child_tag)
            # TextObject repeats (CGTransform*, TextCode) pairs: the two may alternate.
            repeating = tag == "TextObject" and child_tag in ("CGTransform", "TextCode") and position >= names.index("CGTransform")
            if index < position and not repeating:
                self.fail(name, f"{tag} 中 {child_tag} 的位置不对（应按 {'、'.join(names)} 的顺序）")
            position = max(position, index)
            counts[child_tag] += 1
        for child_tag, low, high in children:
            if counts[child_tag] < low:
                self.fail(name, f"{tag} 缺少 {child_tag}")
            if high and counts[child_tag] > high:
                self.fail(name, f"{tag} 中 {child_tag} 出现 {counts[child_tag]} 次，最多 {high} 次")


_KIND_NAMES = {"Font": "字体", "MultiMedia": "多媒体资源", "DrawParam": "绘制参数", "ColorSpace": "颜色空间", "Page": "页面",
               "CompositeGraphicUnit": "矢量图元"}


def _join(folder: str, loc: str) -> str:
    loc = loc.strip()
    return posixpath.normpath(loc.lstrip("/") if loc.startswith("/") else posixpath.join(folder, loc))


def _numbers(text: str, count: int) -> bool:
    values = text.split()
    return len(values) == count and all(_NUMBER.match(v) for v in values)


def _delta_count(text: str) -> int | None:
    """How many offsets a DeltaX/DeltaY array holds ("g N v" counts N); None if it is malformed."""
    tokens = text.split()
    count, i = 0, 0
    while i < len(tokens):
        if tokens[i] == "g":
            if i + 2 >= len(tokens) or not tokens[i + 1].isdigit() or not _NUMBER.match(tokens[i + 2]):
                return None
            count += int(tokens[i + 1])
            i += 3
        elif _NUMBER.match(tokens[i]):
            count += 1
            i += 1
        else:
            return None
    return count
