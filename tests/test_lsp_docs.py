"""Every diagnostic's link (`codeDescription`) lands on a section of docs/RULES.md."""

from __future__ import annotations

from kscript.check.rules import registry
from kscript.lsp.diagnostics import RULES_PAGE, rule_url, rules_page
from tests.helpers import ROOT

REGENERATE = "python -c 'from kscript.lsp.diagnostics import rules_page; print(rules_page(), end=\"\")' > docs/RULES.md"


def test_every_rule_has_its_section_in_the_rules_page():
    page = (ROOT / "docs" / "RULES.md").read_text()
    headings = {line[3:].strip() for line in page.splitlines() if line.startswith("## ")}
    missing = sorted(set(registry()) - headings)
    assert not missing, f"docs/RULES.md has no section for {', '.join(missing)}: regenerate it with {REGENERATE}"


def test_the_rules_page_is_what_the_rules_say_today():
    # A rule's docstring changed and the page did not: the link would show the old text.
    page = (ROOT / "docs" / "RULES.md").read_text(encoding="utf-8")
    assert page == rules_page(), f"docs/RULES.md is out of date: regenerate it with {REGENERATE}"


def test_links_point_at_the_rules_page_anchor_offline():
    from pathlib import Path
    from urllib.parse import urlparse
    from urllib.request import url2pathname

    assert rule_url("KS204") == f"{RULES_PAGE}#ks204"
    link = urlparse(rule_url("KS204"))
    assert link.scheme == "file"  # no web address: the page shipped with kscript
    page = Path(url2pathname(link.path))
    assert page.name == "RULES.md" and "\n## KS204\n" in page.read_text(encoding="utf-8")
