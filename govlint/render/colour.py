"""sRGB colours as browsers compute them, alpha compositing, and WCAG contrast ratios."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Computed colours are serialised as rgb()/rgba() with 0-255 channels (CSS Color 4 keeps that
# form for sRGB colours); other spaces (color(), lab(), oklch()) are not converted here.
_RGB = re.compile(r"rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)")


@dataclass(frozen=True)
class RGBA:
    r: float
    g: float
    b: float
    a: float = 1.0

    def over(self, below: RGBA) -> RGBA:
        """This colour painted over ``below`` (source-over)."""
        a = self.a + below.a * (1 - self.a)
        if a == 0:
            return RGBA(0, 0, 0, 0)

        def mix(top: float, bottom: float) -> float:
            return (top * self.a + bottom * below.a * (1 - self.a)) / a

        return RGBA(mix(self.r, below.r), mix(self.g, below.g), mix(self.b, below.b), a)

    def with_alpha(self, factor: float) -> RGBA:
        return RGBA(self.r, self.g, self.b, self.a * factor)

    @property
    def hex(self) -> str:
        return "#" + "".join(f"{round(c):02x}" for c in (self.r, self.g, self.b))

    def luminance(self) -> float:
        """WCAG relative luminance of the opaque colour."""
        def linear(channel: float) -> float:
            c = channel / 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)


WHITE = RGBA(255, 255, 255)


def parse(value: str) -> RGBA | None:
    """A computed colour, or None when it is not an sRGB rgb()/rgba() value."""
    value = value.strip()
    if value == "transparent":
        return RGBA(0, 0, 0, 0)
    match = _RGB.fullmatch(value)
    if match is None:
        return None
    r, g, b, alpha, percent = match.groups()
    a = 1.0 if alpha is None else float(alpha) / (100 if percent else 1)
    return RGBA(float(r), float(g), float(b), min(a, 1.0))


def composite(layers: Iterable[RGBA]) -> RGBA:
    """Background layers from the element outwards, painted bottom-up over the white canvas."""
    result = WHITE
    for layer in reversed(list(layers)):
        result = layer.over(result)
    return result


def ratio(one: RGBA, other: RGBA) -> float:
    light, dark = sorted((one.luminance(), other.luminance()), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def shown(value: float) -> str:
    """A ratio for a message, truncated (never rounded up to a passing figure)."""
    return f"{math.floor(value * 100) / 100:.2f}"
