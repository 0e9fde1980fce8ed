"""Rendered mode: lint the page a browser builds.

Only ``session`` imports Playwright, and only when a page is rendered; everything else here
(settings, stamping, the loopback server, the rendered Document, colour arithmetic) is plain
Python that static mode may import without starting a browser.
"""
