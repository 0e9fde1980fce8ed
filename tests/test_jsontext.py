"""The page cache's JSON text (govlint/jsontext.py): whatever a record holds comes back as it
was, a file name that is not UTF-8 included, and damaged text is a ValueError the cache reads
as a miss."""

from __future__ import annotations

import pytest

from govlint import jsontext

VALUES = [
    {"file": "news/caf\udce9.html", "violations": [["image-alt", 3, "m", 1, 2, "img", "<img>"]]},
    {"snippet": "<a href=\"/ok\">Café – “quoted”</a>", "line": 10, "links": [], "ok": True, "none": None},
    [["x\ud800y", 1], ["plain", 2]],
]


@pytest.mark.parametrize("value", VALUES)
def test_what_is_written_reads_back_the_same(value: object) -> None:
    text = jsontext.dumps(value)
    assert isinstance(text, str)
    data = text.encode("utf-8")  # SQLite stores it as UTF-8: a lone surrogate is escaped, never raw
    assert jsontext.loads(text) == value
    assert jsontext.loads(data) == value  # as the cache reads it back (CAST AS BLOB)


def test_damaged_text_is_a_value_error() -> None:
    for damaged in ('{"file": "a.html", "violations": [', "", "\ufeffnull x"):
        with pytest.raises(ValueError):
            jsontext.loads(damaged)
        with pytest.raises(ValueError):
            jsontext.loads(damaged.encode("utf-8"))
    with pytest.raises(ValueError):
        jsontext.loads(b'{"file": "caf\xe9.html"}')  # not UTF-8
