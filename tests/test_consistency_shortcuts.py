"""The shortcuts of the consistency rules give the answers of the plain computations they
skip: link targets resolved without urljoin, site-map names looked for only where their
words are, landmarks paired without comparing every pair, template versions joined without
trying every pair of them."""

from __future__ import annotations

import random
from itertools import combinations

from govlint.consistency import facts, site

# Characters that change how urllib reads a relative URL: delimiters, dot segments,
# parameters, white space, a control character, non-ASCII, and letters of index.html.
ALPHABET = "ab/..//?#:;\t \x00%é~index.html"
BASES = ["http://site.invalid/s00/d01/p00012.html", "https://a.gov", "https://a.gov/", "https://A.gov/x/y/",
         "http://a.gov/a;p/b.html", "http://a.gov//a//b/", "https://a.gov/q?x=1#f", "ftp://files.example/x"]


def _hrefs(rng: random.Random, prefix: str, count: int) -> list[str]:
    return [prefix + "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def test_a_relative_or_absolute_target_found_without_urljoin_is_the_one_urljoin_gives() -> None:
    rng = random.Random(3)
    hrefs = ["..", ".", "../", "../../../../x", "a//b", "a/./b/../c", "index.html", "sub/index.htm",
             "http://a.gov/x;", "http://a.gov", "HTTP://A.GOV/x?", "https:///x", "http://[bad",
             *_hrefs(rng, "", 6000), *_hrefs(rng, "../", 3000), *_hrefs(rng, "https://a.gov/", 3000),
             *_hrefs(rng, "http://B.gov", 3000)]
    relative = absolute = 0
    for base in BASES:
        targets = facts._Targets(base)
        for href in hrefs:
            found = targets._relative(href)
            if found is not None:
                relative += 1
                assert found == facts._key(base, href), (base, href)
            found = targets._absolute(href)
            if found is not None:
                absolute += 1
                assert found == facts._key(base, href), (base, href)
    assert relative > 5000 and absolute > 5000  # the shortcuts are taken, and checked, often


def test_a_site_map_name_holds_the_words_looked_for_first() -> None:
    rng = random.Random(4)
    words = ["site", "map", "Site-Map", "A", "Z", "a-z", "A to Z", "index", "INDEX", "list", "mapa del sitio",
             "of", "news", "–", ":", "\u00a0", "z.", "(", "İndex", "Lİst"]
    names = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 5))) for _ in range(20000)]
    matched = [name for name in names if facts._sitemap_name(facts._name_key(name))]
    assert len(matched) > 500
    assert all(facts._may_name_sitemap(name.casefold()) for name in matched)


def test_landmarks_paired_by_their_rarest_targets_are_the_pairs_every_comparison_finds() -> None:
    rng = random.Random(5)
    for _ in range(40):
        keys = [f"/k{n}" for n in range(rng.randint(4, 14))]
        signatures = list(dict.fromkeys(
            (rng.choice(("header", "footer")), frozenset(rng.sample(keys, rng.randint(1, len(keys)))))
            for _ in range(rng.randint(2, 40))))
        every = {(a, b) for a, b in combinations(range(len(signatures)), 2)
                 if signatures[a][0] == signatures[b][0] and len(signatures[a][1] & signatures[b][1])
                 / len(signatures[a][1] | signatures[b][1]) >= site._SIMILAR}
        assert set(site._similar(signatures)) == every


def test_versions_joined_through_their_rarest_target_are_those_every_comparison_joins() -> None:
    rng = random.Random(6)
    for _ in range(60):
        keys = [f"/k{n}" for n in range(rng.randint(2, 8))]
        variants = {frozenset(rng.sample(keys, rng.randint(1, len(keys)))) for _ in range(rng.randint(1, 12))}
        found = site._versions(variants)
        # the same partition as joining every pair where one holds the other
        groups = {variant: {variant} for variant in variants}
        for a, b in combinations(variants, 2):
            if a <= b or b <= a:
                merged = groups[a] | groups[b]
                for variant in merged:
                    groups[variant] = merged
        assert all((found[a] == found[b]) == (b in groups[a]) for a in variants for b in variants)
