"""Editor schemas (draft-07): plan.yaml and the Markdown front matter validate with `jsonschema`, every field
has Chinese help, and the committed copies the sample's modeline points to are current."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from officialdocs.cli import main
from officialdocs.markup.frontmatter import front_matter_schema, split_front_matter
from officialdocs.plan import json_schema
from officialdocs.yamlio import parse_yaml_text

from .conftest import ROOT, SAMPLE

jsonschema = pytest.importorskip("jsonschema")
HAN = re.compile(r"[\u4e00-\u9fff]")


def as_editor_sees(yaml_text: str) -> object:
    """YAML data as an editor's JSON view of it (dates stay text, as YAML 1.2 reads them)."""
    data, _ = parse_yaml_text(yaml_text, "x.yaml")
    return json.loads(json.dumps(data, default=str))


def every_property(schema: dict):
    for where, obj in [("", schema), *schema.get("definitions", {}).items()]:
        for name, prop in obj.get("properties", {}).items():
            yield f"{where}.{name}", prop


@pytest.mark.parametrize("make", [json_schema, front_matter_schema])
def test_draft07_with_id_and_chinese_help_on_every_field(make):
    schema = make()
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#" and schema["$id"].startswith("urn:officialdocs:")
    assert "$defs" not in json.dumps(schema)  # draft-07 says definitions
    assert HAN.search(schema["title"]) and HAN.search(schema["description"])
    props = list(every_property(schema))
    assert len(props) > 20
    for where, prop in props:
        assert HAN.search(prop.get("title", "")) and HAN.search(prop.get("description", "")), where
    for name, definition in schema.get("definitions", {}).items():
        assert HAN.search(definition["title"]) and HAN.search(definition["description"]), name


def test_the_sample_validates_and_a_typo_does_not():
    validator = jsonschema.Draft7Validator(json_schema())
    text = SAMPLE.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/plan.schema.json\n")
    data = as_editor_sees(text)
    assert list(validator.iter_errors(data)) == []
    data["sections"][0]["items"][0]["titel"] = data["sections"][0]["items"][0].pop("title")
    errors = list(validator.iter_errors(data))
    assert {(tuple(e.absolute_path), e.validator) for e in errors} == {
        (("sections", 0, "items", 0), "additionalProperties"), (("sections", 0, "items", 0), "required")}


def test_the_markdown_samples_front_matter_validates():
    validator = jsonschema.Draft7Validator(front_matter_schema())
    for md in sorted((ROOT / "samples").rglob("*.md")):
        front = split_front_matter(md.read_text(encoding="utf-8"), str(md))
        if front.yaml is None:
            continue
        assert list(validator.iter_errors(as_editor_sees(front.yaml))) == [], md
    bad = as_editor_sees("title: 关于××的通知\nurgncy: 特急\n")
    assert [e.validator for e in validator.iter_errors(bad)] == ["additionalProperties"]


@pytest.mark.parametrize(("args", "name"), [([], "plan.schema.json"), (["--front-matter"], "front-matter.schema.json")])
def test_the_committed_schemas_are_current(args, name, tmp_path, capsys):
    out = tmp_path / name
    assert main(["schema", *args, "-o", str(out)]) == 0
    committed = Path(ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed, f"run: officialdocs schema {' '.join(args)} -o schemas/{name}"
