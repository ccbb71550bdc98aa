"""`lint`: 公文 writing rules (GB/T 9704, GB/T 15834, GB/T 15835) over plan.yaml, 公文 Markdown and .docx text.

- `sources`: each format made into located units of text and the document's structure (`units.LintSource`);
- `rules_text`, `rules_structure`: one small function per rule id, registered in `registry.RULES`;
- `fix`: the safe fixes applied to the source text; `preflight`: what `render` would refuse, as findings;
- `api`: `lint_file`, `lint_text` (re-exported by `officialdocs.check`).
"""
