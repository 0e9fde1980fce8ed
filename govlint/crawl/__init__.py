"""``govlint crawl``: lint a live site by crawling it (see docs/crawl.md).

The API: ``crawl_site(start_urls, CrawlOptions(...), linter) -> CrawlResult`` (report, stats).
"""

from __future__ import annotations

from .crawler import USER_AGENT, CrawlOptions, CrawlProgress, CrawlResult, CrawlStats, crawl_site
from .fetch import Resolve
from .state import StateError

__all__ = ["USER_AGENT", "CrawlOptions", "CrawlProgress", "CrawlResult", "CrawlStats", "Resolve",
           "StateError", "crawl_site"]
