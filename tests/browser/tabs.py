"""Two tabs of one browser context taking turns over a list of addresses: while one page
is checked, the next one is already being served (the server's work and the browser's
overlap), which halves the time a long list of pages takes."""

from __future__ import annotations

from collections.abc import Iterator

from playwright.sync_api import BrowserContext, Page, Response


class Tabs:
    def __init__(self, context: BrowserContext, count: int = 2) -> None:
        self.pages = [context.new_page() for _ in range(count)]
        self.status: dict[int, int] = {}
        self.left: dict[int, str] = {}  # the address each tab was sent away from
        for index, page in enumerate(self.pages):
            page.on("response", lambda r, i=index, p=page: self._note(i, p, r))

    def _note(self, index: int, page: Page, response: Response) -> None:
        if response.request.is_navigation_request() and response.frame == page.main_frame:
            self.status[index] = response.status

    def _start(self, index: int, url: str) -> None:
        """Send the tab to ``url`` without waiting for it (the tab is at rest: freshly
        opened, or loaded and checked)."""
        self.status.pop(index, None)
        self.left[index] = self.pages[index].url
        # after this call has returned: a navigation inside it would end its context
        self.pages[index].evaluate("url => setTimeout(() => { location.href = url; })", url)

    def visit(self, base: str, paths: list[str]) -> Iterator[tuple[Page, str, int | None]]:
        """Each path's page, loaded, with the status it was served with, in order."""
        count = len(self.pages)
        # the first tab may still be on its way somewhere (signing in): sent there and waited
        # for, the others, fresh, are only sent
        self.pages[0].goto("about:blank")
        for index, path in enumerate(paths[:count]):
            self._start(index, base + path)
        for n, path in enumerate(paths):
            index = n % count
            page = self.pages[index]
            # wherever it lands (a redirect is the caller's to report), once loaded
            page.wait_for_url(lambda url, gone=self.left[index]: url != gone, wait_until="load")
            yield page, path, self.status.get(index)
            if n + count < len(paths):
                self._start(index, base + paths[n + count])
