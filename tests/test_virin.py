"""The VIRIN grammar and date rules (reference section 3)."""

from __future__ import annotations

from datetime import date

import pytest

from govlint.checks import virin

TODAY = date(2026, 11, 23)

# Every VIRIN quoted in the reference, plus DIMOC's assembled examples.
REAL = ["181002-D-MA852-001", "190526-N-YG415-160E", "200508-N-TR141-0074C", "200724-Z-WM549-2001",
        "201015-M-UY835-1164M", "201028-F-FT687-001P", "201103-A-ID763-053C", "201104-F-PW483-0239F",
        "201107-N-PL200-0002A", "201110-A-ZZ999-001", "201110-D-ZZ999-101Y", "201111-D-ZZ999-001M",
        "181109-D-ZZ999-400", "440606-O-ZZ999-001C", "070913-F-6393C-208", "200207-A-DN756-966R",
        "201221-A-AD014-001", "220614-A-JC417-006.JPG", "210611-A-WG307-001", "060515-M-AA987-1001-BE",
        "180515-A-A0987-1001-BE", "060515-M-1234S-001-001"]
STRICT = {"201221-A-AD014-001", "210611-A-WG307-001", "060515-M-AA987-1001-BE", "180515-A-A0987-1001-BE",
          "181002-D-MA852-001", "200724-Z-WM549-2001", "201110-A-ZZ999-001", "181109-D-ZZ999-400"}


@pytest.mark.parametrize("raw", REAL)
def test_every_real_virin_passes_the_lenient_grammar(raw: str) -> None:
    assert virin.parse(raw, TODAY) is not None


@pytest.mark.parametrize("raw", REAL)
def test_strict_grammar_matches_exactly_the_reference_list(raw: str) -> None:
    assert bool(virin.STRICT.match(raw)) is (raw in STRICT)


@pytest.mark.parametrize("raw", ["2002-A-DN756", "200207-A-DN75-966", "200207-AA-DN756-966",
                                 "201313-A-DN756-001", "200207-A-DN756-96", "VIRIN"])
def test_not_virins(raw: str) -> None:
    assert virin.parse(raw, TODAY) is None


def test_two_digit_years() -> None:
    assert virin.parse("440606-O-ZZ999-001C", TODAY).taken == date(1944, 6, 6)
    assert virin.parse("270101-A-DN756-1001", TODAY).taken == date(2027, 1, 1)  # next year: future
    assert virin.parse("280101-A-DN756-1001", TODAY).taken == date(1928, 1, 1)
    assert virin.parse("200230-A-DN756-1001", TODAY).taken is None  # no 30 February
    assert virin.parse("200229-A-DN756-1001", TODAY).taken == date(2020, 2, 29)


def test_extension_is_not_part_of_the_core() -> None:
    assert virin.parse("220614-A-JC417-006.JPG", TODAY).core == "220614-A-JC417-006"
