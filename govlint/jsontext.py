"""JSON text for the page cache, made and read by orjson: making it took json a second of CPU
on a cold run of the 2,005-page site (the entries are 64 KB a page), orjson a tenth of that,
and reading it back is a third faster. What orjson will not take is left to json: text holding
a lone surrogate (a file name that is not UTF-8, held with surrogate escapes), which json
writes as ASCII escapes and reads back as it was."""

from __future__ import annotations

import json
from typing import Any

# orjson is imported by the first call (4 ms, with the uuid module it loads): a run without
# the page cache never pays for it.


def dumps(value: Any) -> str:
    import orjson

    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError too: a lone surrogate, a key that is not a str
        return json.dumps(value)


def loads(text: str | bytes) -> Any:
    """Raises ValueError for text that is not JSON (bytes: UTF-8)."""
    import orjson

    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # a lone surrogate escaped by dumps' fallback, or damage
        return json.loads(text)
