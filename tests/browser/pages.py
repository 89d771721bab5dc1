"""What every page of a browser journey gets: axe-core's WCAG 2.2 AA rules, no script error,
and a screenshot in ``docs/screenshots/`` when ``SIGHTLINE_SCREENSHOTS=1`` (decision 0021).

axe-core comes from npm (``node_modules/axe-core/axe.min.js``, installed by ``make assets``). It
is evaluated in the page through the DevTools protocol, not added as a ``<script>``: the pages'
Content-Security-Policy allows scripts from 'self' only, and the tests must not loosen it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page

AXE = settings.PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = settings.PROJECT_DIR / "docs" / "screenshots"
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE}): run `make assets` (npm ci)")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations of the WCAG 2.2 AA rules on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        "tags => window.axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
    )
    return list(result["violations"])


def describe_violations(name: str, url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe-core: {len(violations)} WCAG 2.2 AA violation(s) on {name} ({url}):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): "
            f"{violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    at {target}: {summary}")
            lines.append(f"       {node['html'][:200]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def screenshot(page: Page, name: str) -> Path | None:
    """docs/screenshots/<name>.png of the whole page, when SIGHTLINE_SCREENSHOTS=1."""
    if not _NAME.match(name):
        raise ValueError(f"a screenshot name is lower-case words joined by hyphens: {name!r}")
    if os.environ.get("SIGHTLINE_SCREENSHOTS") != "1":
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    return path


class Journey:
    """One user's page in the browser. ``check(name)`` on every page the journey reaches."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.checked: list[str] = []
        self.script_errors: list[str] = []
        page.on("pageerror", lambda error: self.script_errors.append(f"{page.url}: {error}"))
        page.on(
            "console",
            lambda message: (
                self.script_errors.append(f"{page.url}: {message.text}")
                if message.type == "error"
                else None
            ),
        )

    def open(self, path: str) -> None:
        """Go to an address, as typing it into the address bar would."""
        self.page.goto(self.base_url + path)

    def path(self) -> str:
        return self.page.url.removeprefix(self.base_url)

    def check(self, name: str) -> None:
        """axe-core on the page as it is now (0 violations, or a readable list), then a
        screenshot if asked for."""
        self.page.wait_for_load_state("load")
        violations = axe_violations(self.page)
        if violations:
            pytest.fail(describe_violations(name, self.page.url, violations), pytrace=False)
        self.checked.append(name)
        screenshot(self.page, name)

    def no_script_errors(self) -> None:
        assert not self.script_errors, "script errors in the browser:\n" + "\n".join(
            self.script_errors
        )

    # --- Signing in ----------------------------------------------------------------------------

    def sign_in(self, username: str, password: str) -> None:
        """On the sign-in page: type the username and password and press Enter."""
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state("load")

    # --- The keyboard alone --------------------------------------------------------------------

    def tab_to(self, selector: str, *, limit: int = 80) -> None:
        """Press Tab until the focused element matches ``selector`` (the page is reached by
        the keyboard, in its order); fail naming what was focused if it never is."""
        focused: list[str] = []
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if self.page.evaluate(
                "s => !!document.activeElement && document.activeElement.matches(s)", selector
            ):
                return
            focused.append(self.page.evaluate(_DESCRIBE_FOCUS))
        pytest.fail(
            f"{selector} was not reached with Tab in {limit} presses; focus went to:\n  "
            + "\n  ".join(focused),
            pytrace=False,
        )

    def focused(self, selector: str) -> bool:
        return bool(
            self.page.evaluate(
                "s => !!document.activeElement && document.activeElement.matches(s)", selector
            )
        )

    def choose_radio_with_arrows(self, name: str, label: str, *, limit: int = 12) -> None:
        """With focus in a radio group, press the down arrow until ``label`` is chosen (arrow
        keys move the choice within a group, as in every browser)."""
        for _ in range(limit):
            chosen = self.page.evaluate(
                "n => { const r = document.querySelector(`input[name='${n}']:checked`);"
                " return r ? r.labels[0].textContent.trim() : null }",
                name,
            )
            if chosen == label:
                return
            self.page.keyboard.press("ArrowDown")
        pytest.fail(f"{label!r} could not be chosen with the arrow keys in {name}")


_DESCRIBE_FOCUS = """() => {
  const e = document.activeElement;
  if (!e) return '(nothing)';
  const text = (e.getAttribute('aria-label') || e.textContent || e.value || '').trim();
  const id = e.id ? '#' + e.id : '';
  const name = e.name ? '[name=' + e.name + ']' : '';
  return `${e.tagName.toLowerCase()}${id}${name} ${text.slice(0, 40)}`;
}"""
