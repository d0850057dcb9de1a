"""What every page must pass, checked in the page itself: axe-core's serious and critical
violations (axe-playwright-python bundles axe-core: nothing is fetched), text below a
contrast ratio against the background it is drawn on, a box that scrolls out of the
keyboard's reach, and a sideways scroll. The last three are quick enough for every page at
every width; axe takes about a second a page.

axe leaves text whose colour equals its background among the "incomplete" results (it may
be hidden on purpose), so red text on a red badge passed it: ``low_contrast`` measures every
visible text itself.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

AXE_SCRIPT = Axe().axe_script

# violations only, the few fields a report needs (the full result is large to hand back)
RUN_AXE = """() => axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(
  v => ({id: v.id, impact: v.impact, help: v.help,
         targets: v.nodes.slice(0, 3).map(n => n.target.join(" "))})))"""

# The contrast of an element's text: its colour against the colour behind it (its own and
# its ancestors' backgrounds laid over white); null over a background image (no single
# colour to measure against).
CONTRAST = """const contrast = (el) => {
  const rgba = (text) => { const m = text.match(/[\\d.]+/g) || [0, 0, 0, 0];
    return [+m[0], +m[1], +m[2], m.length > 3 ? +m[3] : 1]; };
  const over = (top, under) => { const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat([1]); };
  const luminance = (c) => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const layers = [];
  for (let e = el; e; e = e.parentElement) { const s = getComputedStyle(e);
    if (s.backgroundImage !== "none") return null;
    const c = rgba(s.backgroundColor); if (c[3] > 0) layers.push(c); if (c[3] >= 1) break; }
  const background = layers.reverse().reduce((u, top) => over(top, u), [255, 255, 255, 1]);
  const colour = over(rgba(getComputedStyle(el).color), background);
  const [hi, lo] = [luminance(colour), luminance(background)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
};"""

# Every visible element with text of its own whose contrast is below the minimum.
LOW_CONTRAST = (
    """(minimum) => { %s
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (["SCRIPT", "STYLE", "OPTION", "NOSCRIPT", "svg"].includes(el.tagName)) continue;
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const s = getComputedStyle(el), box = el.getBoundingClientRect();
    if (s.visibility !== "visible" || box.width <= 1 || box.height <= 1 || box.right < 0) continue;
    if (el.closest("[hidden], [aria-hidden=true]")) continue;
    const ratio = contrast(el);
    if (ratio === null || ratio >= minimum) continue;
    const text = el.textContent.trim().slice(0, 30);
    found.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${text}" `
      + `${ratio.toFixed(2)}:1`);
  }
  return found.slice(0, 5);
}"""
    % CONTRAST
)


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations, and any colour contrast violation."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} {v['targets']}"
        for v in page.evaluate(RUN_AXE)
        if v["impact"] in ("serious", "critical") or v["id"] == "color-contrast"
    ]


def contrast_ratios(page: Page, selector: str) -> list[float]:
    """The contrast of the text of each element ``selector`` finds."""
    return page.locator(selector).evaluate_all(f"els => {{ {CONTRAST} return els.map(contrast); }}")


def low_contrast(page: Page, minimum: float = 3.0) -> list[str]:
    """Visible text below ``minimum``:1 against its background."""
    return page.evaluate(LOW_CONTRAST, minimum)


# What axe's scrollable-region-focusable asks, without axe: a box that scrolls must take
# the keyboard's focus itself (tabindex=0) or hold something that does.
UNREACHABLE_SCROLLERS = """() => {
  const focusable = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])";
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const s = getComputedStyle(el);
    const x = /auto|scroll/.test(s.overflowX) && el.scrollWidth > el.clientWidth;
    const y = /auto|scroll/.test(s.overflowY) && el.scrollHeight > el.clientHeight;
    if ((x || y) && el.tabIndex < 0 && !el.querySelector(focusable))
      found.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`);
  }
  return found;
}"""


def unreachable_scrollers(page: Page) -> list[str]:
    """Boxes that scroll but cannot be reached by the keyboard."""
    return page.evaluate(UNREACHABLE_SCROLLERS)


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


# A name squeezed in its column: a table cell holding a name (a link, or a row's header)
# narrower than about four characters of its own text, so that 万/州/区 stack one a line.
# Cells shown as cards (display: block) are as wide as their card and pass.
SQUEEZED_NAMES = """() => {
  const found = [];
  for (const cell of document.querySelectorAll("main td, main tbody th")) {
    if (!(cell.tagName === "TH" || cell.querySelector("a"))) continue;
    const s = getComputedStyle(cell), box = cell.getBoundingClientRect();
    if (s.display !== "table-cell" || box.width <= 1 || box.height <= 1) continue;
    const text = cell.textContent.trim().replace(/\\s+/g, " ");
    if (text.length < 4) continue;
    const inner = cell.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    if (inner < 3.5 * parseFloat(s.fontSize))
      found.push(`"${text.slice(0, 20)}" ${Math.round(inner)} px`);
  }
  return found.slice(0, 5);
}"""


def squeezed_names(page: Page) -> list[str]:
    """Table cells holding a name narrower than about four characters."""
    return page.evaluate(SQUEEZED_NAMES)


def open_every_details(page: Page) -> None:
    """Open every closed <details> (a form folded away), as a person opening each would."""
    page.evaluate("document.querySelectorAll('details:not([open])').forEach(d => d.open = true)")
