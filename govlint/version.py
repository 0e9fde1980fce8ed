"""The version and the project's addresses, in a module of their own so that any module can
read them without importing the package (whose __init__ imports the runner)."""

__version__ = "0.1.0"

# Where govlint is published: named in the crawler's User-Agent.
PROJECT_URL = "https://pypi.org/project/govlint/"
# The source repository: each built-in rule's help page is docs/rules/ID.md there.
SOURCE_URL = "https://github.com/govlint/govlint"


def rule_page_url(rule_id: str) -> str:
    """The URL of a built-in rule's generated page (its help_url in every report)."""
    return f"{SOURCE_URL}/blob/main/docs/rules/{rule_id}.md"
