"""axe-core in Debian's Chromium: no violation of any impact on any page type, at both sizes, in both schemes.

Issue 14. Every page type a reader meets (tests/browser_support.page_types) is checked at 1366x900 and
390x844, light and dark (Material's palette follows prefers-color-scheme on a first visit). Each failure
names the rule, its impact, the elements and axe's summary; test-artifacts/axe/ keeps the full results.
"""

from __future__ import annotations

import json

import pytest

from browser_support import ARTIFACTS, PAGE_TYPES, SCHEMES, VIEWPORTS, open_page, require_chromium
from browser_support import browser, site_pages, tabs  # noqa: F401 - shared fixtures (the audit site, ARGS)

pytestmark = pytest.mark.browser

require_chromium()
from axe_playwright_python.sync_playwright import Axe  # noqa: E402 - a test dependency: missing is an error, not a skip

# axe's default rules (WCAG 2.0-2.2 A/AA and best practices), plus WCAG 2.2's target-size, which axe ships
# switched off and Lighthouse and STYLE.md (touch targets >= 24 px) both ask for; experimental rules stay off.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def describe(violations: list[dict]) -> str:
    """One line per rule and element: what a developer needs to find and fix it."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:8]:
            summary = " ".join((node.get("failureSummary") or "").split())[:220]
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def test_every_page_type_is_audited(site_pages) -> None:
    assert sorted(site_pages[1]) == sorted(PAGE_TYPES)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("device", list(VIEWPORTS))
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_has_no_axe_violations(site_pages, tabs, axe, kind: str, device: str, scheme: str) -> None:
    base_url, paths = site_pages
    page = tabs(device, scheme)
    open_page(page, base_url, paths[kind])
    results = axe.run(page, options=AXE_OPTIONS).response
    assert results["testEngine"]["name"] == "axe-core" and len(results["passes"]) > 10  # axe really ran
    violations = results["violations"]
    folder = ARTIFACTS / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{kind}--{device}-{scheme}.json").write_text(json.dumps(violations, indent=1), encoding="utf-8")
    assert not violations, f"{paths[kind]} at {device} {scheme}:\n{describe(violations)}"
