"""Timing, motion and media: meta-refresh, meta-refresh-no-exceptions, meta-viewport,
meta-viewport-large, blink, marquee, video-caption."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..document import Document
from . import CheckContext, CheckSpec, Finding
from .a11y_facts import Visibility, element_children, local_name

# WCAG 2.2.1 excepts a time limit longer than 20 hours.
TWENTY_HOURS = 72_000
_ASCII_WS = " \t\n\f\r"


def refresh_delay(content: str) -> int | None:
    """The delay of a <meta http-equiv="refresh"> content value, parsed as the HTML standard's
    shared declarative refresh steps do; None when a browser would ignore the value."""
    value = content.lstrip(_ASCII_WS)
    digits = len(value) - len(value.lstrip("0123456789"))
    if digits == 0 and not value.startswith("."):
        return None
    delay = int(value[:digits] or "0")
    rest = value[digits:].lstrip("0123456789.")
    if rest and rest[0] not in ";," + _ASCII_WS:
        return None
    return delay


def _refreshes(doc: Document) -> Iterator[tuple[Any, int]]:
    for meta in doc.root.iter("meta"):
        if (meta.get("http-equiv") or "").strip().lower() != "refresh":
            continue
        delay = refresh_delay(meta.get("content") or "")
        if delay is not None:
            yield meta, delay


def check_meta_refresh(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    for meta, delay in _refreshes(doc):
        if 0 < delay <= TWENTY_HOURS:
            yield Finding("delayed", meta, {"seconds": delay})


def check_meta_refresh_no_exceptions(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    for meta, delay in _refreshes(doc):
        if delay > TWENTY_HOURS:
            yield Finding("delayed", meta, {"seconds": delay})


def viewport_properties(content: str) -> list[tuple[str, str]]:
    """The key=value pairs of a viewport content value (commas or semicolons between them),
    lower case, in order."""
    pairs = []
    for item in content.lower().replace(";", ",").split(","):
        key, equals, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if equals and key and value:
            pairs.append((key, value))
    return pairs


def leading_number(value: str) -> float | None:
    """The number a value starts with, as browsers read viewport values ("2.5x" is 2.5)."""
    end = 0
    seen_dot = False
    if value[:1] in "+-":
        end = 1
    while end < len(value) and (value[end].isdigit() or (value[end] == "." and not seen_dot)):
        seen_dot = seen_dot or value[end] == "."
        end += 1
    try:
        return float(value[:end])
    except ValueError:
        return None


_DEVICE_SIZES = ("device-width", "device-height")


def viewport_limit(content: str, *, minimum_scale: float,
                   skip_below: float | None = None) -> tuple[str, str] | None:
    """The first property that stops zooming to ``minimum_scale``: user-scalable=no (or a
    number between -1 and 1), or a maximum-scale below it. With ``skip_below``, smaller
    maximum scales and user-scalable are left to the stricter rule."""
    for key, value in viewport_properties(content):
        number = leading_number(value)
        no_scaling = (number is None and value not in ("yes", *_DEVICE_SIZES)) or (
            number is not None and -1 < number < 1)
        if key == "user-scalable" and skip_below is None and no_scaling:
            return key, value
        if key == "maximum-scale" and not (number is not None and number < 0):
            unreadable = number is None and value not in _DEVICE_SIZES
            if skip_below is not None and (unreadable or (number is not None and number < skip_below)):
                continue
            if unreadable or (number is not None and number < minimum_scale):
                return key, value
    return None


def _viewports(doc: Document) -> Iterator[Any]:
    for meta in doc.root.iter("meta"):
        if (meta.get("name") or "").strip().lower() == "viewport":
            yield meta


def check_meta_viewport(doc: Document, ctx: CheckContext, *,
                        minimum_scale: float = 2.0) -> Iterator[Finding]:
    for meta in _viewports(doc):
        found = viewport_limit(meta.get("content") or "", minimum_scale=minimum_scale)
        if found:
            yield Finding("no-zoom", meta, {"property": f"{found[0]}={found[1]}"})


def check_meta_viewport_large(doc: Document, ctx: CheckContext, *, minimum_scale: float = 5.0,
                              reported_below: float = 2.0) -> Iterator[Finding]:
    for meta in _viewports(doc):
        found = viewport_limit(meta.get("content") or "", minimum_scale=minimum_scale,
                               skip_below=reported_below)
        if found:
            yield Finding("small-zoom", meta, {"property": f"{found[0]}={found[1]}"})


def _on_screen(doc: Document, tag: str) -> Iterator[Finding]:
    visibility = Visibility(doc)
    for element in doc.root.iter(tag):
        if visibility.on_screen(element):
            yield Finding("moving", element)


def check_blink(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    return _on_screen(doc, "blink")


def check_marquee(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    return _on_screen(doc, "marquee")


def check_video_caption(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    visibility = Visibility(doc)
    for video in doc.root.iter("video"):
        if visibility.not_rendered(video):
            continue
        children = list(element_children(video))
        plays = (video.get("src") or "").strip() or any(
            local_name(c) == "source" and (c.get("src") or "").strip() for c in children)
        if not plays:
            continue
        if video.get("muted") is not None and video.get("controls") is None:
            continue  # starts silent and offers no control to unmute: a moving picture
        if not any(local_name(c) == "track" and (c.get("kind") or "").strip().lower() == "captions"
                   for c in children):
            yield Finding("no-captions", video)


META_REFRESH_SPEC = CheckSpec(check_meta_refresh, frozenset({"delayed"}))
META_REFRESH_NO_EXCEPTIONS_SPEC = CheckSpec(check_meta_refresh_no_exceptions, frozenset({"delayed"}))
META_VIEWPORT_SPEC = CheckSpec(check_meta_viewport, frozenset({"no-zoom"}))
META_VIEWPORT_LARGE_SPEC = CheckSpec(check_meta_viewport_large, frozenset({"small-zoom"}))
BLINK_SPEC = CheckSpec(check_blink, frozenset({"moving"}))
MARQUEE_SPEC = CheckSpec(check_marquee, frozenset({"moving"}))
VIDEO_CAPTION_SPEC = CheckSpec(check_video_caption, frozenset({"no-captions"}))
