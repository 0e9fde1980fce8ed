"""Text for the Markdown reports' tables (pull-request comments, GitHub's step summary). A
message is text, never markup: "add <script async src=...>" shows as written instead of
becoming a tag the renderer drops, with the rest of the table after it."""

from __future__ import annotations


def text(value: str) -> str:
    """A table cell's text: HTML's special characters as entities, the table's own escaped."""
    return code(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def code(value: str) -> str:
    """Text inside a code span, where entities are not read: only the table's characters."""
    return value.replace("|", "\\|").replace("\n", " ")
