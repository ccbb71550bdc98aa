"""JSON Schemas for editors: plan.yaml and the front matter of 公文 Markdown, as draft-07.

VS Code's YAML extension (yaml-language-server) implements draft-07 fully and later drafts only in part, so
pydantic's 2020-12 output is rewritten: `$defs` -> `definitions`, a `$ref` with sibling keywords (ignored
beside `$ref` in draft-07) wrapped in `allOf`, pydantic-only formats dropped. Every property must carry a
Chinese `title` and `description` (hover text in the editor); `draft07` refuses a schema that lacks one.
"""

from __future__ import annotations

import re
from typing import Any

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
PLAN_ID = "urn:officialdocs:schema:plan"
FRONT_MATTER_ID = "urn:officialdocs:schema:front-matter"
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PYDANTIC_FORMATS = {"path", "file-path", "directory-path"}


def draft07(schema: dict[str, Any], schema_id: str) -> dict[str, Any]:
    """pydantic's model_json_schema() output as a draft-07 schema with `$id`."""
    body = _convert({k: v for k, v in schema.items() if k != "$defs"})
    definitions = {name: _convert(value) for name, value in schema.get("$defs", {}).items()}
    out: dict[str, Any] = {"$schema": DRAFT_07, "$id": schema_id, **body}
    if definitions:
        out["definitions"] = definitions
    missing = [where for where in _untitled(out)]
    if missing:
        raise ValueError("schema properties without a Chinese title and description: " + ", ".join(missing))
    return out


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _convert(value) for key, value in node.items()}
    if isinstance(out.get("$ref"), str):
        out["$ref"] = out["$ref"].replace("#/$defs/", "#/definitions/")
        if len(out) > 1:  # draft-07 ignores keywords beside $ref
            ref = out.pop("$ref")
            out["allOf"] = [{"$ref": ref}]
    if isinstance(out.get("format"), str) and out["format"] in _PYDANTIC_FORMATS:
        del out["format"]
    return out


def _untitled(schema: dict[str, Any]) -> list[str]:
    found: list[str] = []
    objects = [("", schema), *((f"definitions/{n}", d) for n, d in schema.get("definitions", {}).items())]
    for where, obj in objects:
        for name, prop in obj.get("properties", {}).items():
            if not (_HAN.search(str(prop.get("title", ""))) and _HAN.search(str(prop.get("description", "")))):
                found.append(f"{where}/{name}".lstrip("/"))
    return found
