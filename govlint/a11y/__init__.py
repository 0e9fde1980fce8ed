"""Accessibility semantics shared by every accessibility rule: roles (explicit and implicit),
hidden from the accessibility tree, focusable, accessible name and description, and the
WAI-ARIA / ARIA in HTML data they rest on."""

from .data import AriaData, Attribute, Role, load
from .semantics import Semantics

__all__ = ["AriaData", "Attribute", "Role", "Semantics", "load"]
