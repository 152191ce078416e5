"""Every diagnostic's link (`codeDescription`) lands on a section of docs/RULES.md."""

from __future__ import annotations

from kscript.check.rules import registry
from kscript.lsp.diagnostics import RULES_PAGE, rule_url
from tests.helpers import ROOT


def test_every_rule_has_its_section_in_the_rules_page():
    page = (ROOT / "docs" / "RULES.md").read_text()
    headings = {line[3:].strip() for line in page.splitlines() if line.startswith("## ")}
    missing = sorted(set(registry()) - headings)
    assert not missing, (
        f"docs/RULES.md has no section for {', '.join(missing)}: regenerate it with "
        "python -c 'from kscript.lsp.diagnostics import rules_page; print(rules_page(), end=\"\")' > docs/RULES.md"
    )


def test_links_point_at_the_rules_page_anchor():
    assert rule_url("KS204") == f"{RULES_PAGE}#ks204"
    assert RULES_PAGE.endswith("/docs/RULES.md")
