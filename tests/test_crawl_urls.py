"""The crawl's canonical URLs, scope and URL shapes."""

from __future__ import annotations

import pytest

from govlint.crawl.urls import BadUrl, Scope, ShapeBound, canonical, shape
from govlint.errors import UsageError


@pytest.mark.parametrize(("given", "known_as"), [
    ("HTTP://WWW.Agency.GOV:80/a/b.html#part", "http://www.agency.gov/a/b.html"),
    ("https://www.agency.gov:443", "https://www.agency.gov/"),
    ("https://www.agency.gov:8443/x", "https://www.agency.gov:8443/x"),
    ("http://www.agency.gov/%7euser/a%2db%2fc", "http://www.agency.gov/~user/a-b%2Fc"),
    ("http://www.agency.gov/a b", "http://www.agency.gov/a%20b"),
    ("http://www.agency.gov/?utm_source=x&id=3&fbclid=y&gclid=z&q=a", "http://www.agency.gov/?id=3&q=a"),
    ("http://www.agency.gov/s?b=2&a=1", "http://www.agency.gov/s?b=2&a=1"),  # order kept
    ("http://www.agency.gov/page?print", "http://www.agency.gov/page?print"),
    ("http://bücher.example/", "http://xn--bcher-kva.example/"),
])
def test_one_form_per_page(given: str, known_as: str) -> None:
    assert canonical(given) == known_as


@pytest.mark.parametrize("bad", ["mailto:a@b.gov", "ftp://x.gov/", "http://[oops/", "javascript:x()"])
def test_not_crawlable(bad: str) -> None:
    with pytest.raises(BadUrl):
        canonical(bad)


def test_scope_is_the_start_origins_widened_and_narrowed() -> None:
    scope = Scope.build(["https://www.agency.gov/news/"], include=[r"^https://media\.agency\.gov/"],
                        exclude=[r"/private/"])
    assert "https://www.agency.gov/about/" in scope
    assert "http://www.agency.gov/about/" not in scope  # another origin
    assert "https://media.agency.gov/a.html" in scope
    assert "https://www.agency.gov/private/a.html" not in scope
    with pytest.raises(UsageError, match="exponential"):
        Scope.build(["https://www.agency.gov/"], include=["(a+)+$"])


def test_shapes_put_numbers_and_query_values_aside() -> None:
    assert shape("https://x.gov/events/2024/05-01/?day=3&q=x") == "https://x.gov/events/{n}/{n}/?day=&q="
    assert shape("https://x.gov/s00/d01/p00042.html") == "https://x.gov/s00/d01/p00042.html"
    bound = ShapeBound(2)
    assert [bound.admit(f"https://x.gov/cal?m={i}") for i in range(4)] == [True, True, False, False]
    assert bound.capped == {"https://x.gov/cal?m=": 2}
