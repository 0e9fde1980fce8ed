"""Configuration: ``.govlint.toml`` or ``[tool.govlint]`` in ``pyproject.toml``, found from
the current directory upward, merged with command-line overrides and validated once."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from . import globs, regexes
from .checks import ArchiveSettings, SiteSettings
from .checks.catalog import registry
from .errors import ConfigError, RuleFileError
from .findingcap import DEFAULT_MAX_FINDINGS
from .globs import GlobSet
from .links.netguard import parse_networks
from .links.settings import LinkSettings, duration
from .model import Rule, Severity
from .parser import DEFAULT_PARSER
from .render.settings import RenderSettings
from .ruleset import RuleSet, bind_options
from .severity import FAIL_ON as FAIL_ON  # what fail_on accepts, as before it moved


@dataclass(frozen=True)
class Limits:
    """Bounds on what one input may cost."""

    max_file_size: int = 20 * 1024 * 1024  # bytes; a bigger input is an input error
    page_timeout: float = 120.0  # seconds to lint one page; past it, that page's input error
    max_findings: int = DEFAULT_MAX_FINDINGS  # violations of one rule kept per page (findingcap)
    # violations and links a run holds in memory before it writes the rest to disk (resultstore)
    results_in_memory: int = 50_000


@dataclass(frozen=True)
class Override:
    files: GlobSet
    levels: Mapping[str, Severity | None]  # rule id -> severity, None = off


@dataclass(frozen=True)
class RawConfig:
    """The config file's content, schema-checked, before rule ids are known."""

    data: Mapping[str, Any] = field(default_factory=dict)
    source: Path | None = None
    base_dir: Path = Path(".")
    text: str = ""  # the file as written, for the line of a key an error names
    prefix: tuple[str, ...] = ()  # where the config sits in the file: ("tool", "govlint")

    def where(self, *path: str | int) -> str:
        """'FILE:LINE: KEY' for an error about the key at ``path`` (no LINE if not found)."""
        if self.source is None:
            return "command line"
        from . import tomlpos  # an error's place: imported only when there is an error
        from .schemas import wording

        line = tomlpos.positions(self.text).line((*self.prefix, *path)) if self.text else None
        key = wording.Problem(tuple(path), "").key()
        return f"{self.source}:{line}: {key}" if line else f"{self.source}: {key}"

    @property
    def rules_dirs(self) -> tuple[Path, ...]:
        return tuple(self.base_dir / d for d in self.data.get("rules_dirs", ()))


@dataclass(frozen=True)
class Config:
    source: Path | None
    base_dir: Path
    enabled: frozenset[str]  # rule ids on by default (select/ignore applied)
    levels: Mapping[str, Severity | None]  # per-rule severity; None = off
    rules: Mapping[str, Rule]  # every rule, options bound
    overrides: tuple[Override, ...]
    exclude: GlobSet
    fail_on: str
    site: SiteSettings
    archive: ArchiveSettings
    links: LinkSettings = field(default_factory=LinkSettings)
    parser: str = DEFAULT_PARSER  # which HTML parser reads the pages (parser.PARSERS)
    limits: Limits = field(default_factory=Limits)
    render: RenderSettings = field(default_factory=RenderSettings)  # rendered mode (--render)
    group: bool | None = None  # group repeated problems in reports (None: when there are many)
    # Rules an override's severity may turn on where it applies: any the config leaves off,
    # never one the command line's --select or --ignore leaves out.
    switchable: frozenset[str] = frozenset()

    def plan(self, rel_path: str) -> tuple[tuple[Rule, Severity | None], ...]:
        """The rules to run on one file and their severity override (None: the rule's own)."""
        on = {rule_id: self.levels.get(rule_id) for rule_id in self.enabled
              if not (rule_id in self.levels and self.levels[rule_id] is None)}
        for override in self.overrides:
            if override.files.matches(rel_path):
                for rule_id, level in override.levels.items():
                    if level is None:
                        on.pop(rule_id, None)
                    elif rule_id in on or rule_id in self.switchable:
                        on[rule_id] = level
        return tuple((self.rules[rule_id], on[rule_id]) for rule_id in sorted(on))


def find(start: Path) -> Path | None:
    """The nearest .govlint.toml, or pyproject.toml with [tool.govlint], from ``start`` up."""
    for folder in (start, *start.parents):
        candidate = folder / ".govlint.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue  # someone else's broken pyproject is not our config
            if "govlint" in data.get("tool", {}):
                return pyproject
    return None


def read(path: Path | None) -> RawConfig:
    if path is None:
        return RawConfig()
    from . import schemas, tomlpos  # a config file is validated: without one, none of this is imported
    from .schemas import wording

    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except RecursionError:
        raise ConfigError(f"{path}: {schemas.TOO_DEEP}") from None
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    prefix: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("govlint", {})
        prefix = ("tool", "govlint")
    found = schemas.problems("config", data)
    if found:  # every problem at once, one line each
        raise ConfigError("\n".join(wording.lines(found, str(path), tomlpos.positions(text), prefix)))
    return RawConfig(MappingProxyType(data), path, path.resolve().parent, text, prefix)


@dataclass(frozen=True)
class CliOverrides:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    root: str | None = None
    clean_urls: bool | None = None
    check_external_fragments: bool | None = None
    cache_dir: str | None = None
    max_cache_age: str | None = None
    max_check_time: str | None = None
    no_cache: bool = False
    parser: str | None = None
    max_file_size: float | None = None  # megabytes
    page_timeout: float | None = None  # seconds
    render: bool | None = None
    render_timeout: float | None = None


def build(raw: RawConfig, ruleset: RuleSet, cli: CliOverrides = CliOverrides()) -> Config:
    """The run's Config; every problem in the file is reported at once, one line each."""
    data = raw.data
    errors: list[str] = []
    from_file = cli.select is None
    select_names = cli.select if cli.select is not None else data.get("select")
    codes: dict[str, frozenset[str]] = {}  # rules of which a tag selected only some messages
    if select_names is None:
        enabled = {r.id for r in ruleset.rules.values() if r.default_enabled}
    else:
        enabled, codes = _expand(select_names, ruleset,
                                 lambda i: raw.where("select", i) if from_file else "--select", errors)
        enabled |= set(codes)
    in_file = len(data.get("ignore", ()))
    ignored, unwanted = _expand([*data.get("ignore", ()), *cli.ignore], ruleset,
                                lambda i: raw.where("ignore", i) if i < in_file else "--ignore", errors)
    enabled -= ignored
    for rule_id, dropped in unwanted.items():
        if rule_id in enabled:
            kept = codes.get(rule_id, frozenset(ruleset.rules[rule_id].messages)) - dropped
            if kept:
                codes[rule_id] = kept
            else:
                enabled.discard(rule_id)
    levels: dict[str, Severity | None] = {}
    rules = dict(ruleset.rules)
    for rule_id, kept in codes.items():
        if rule_id in enabled:
            rules[rule_id] = replace(rules[rule_id], reported=kept)
    for name, setting in data.get("rules", {}).items():
        found = _one_id(name, ruleset, raw.where("rules", name), errors)
        if found is None:
            continue
        rule_id = found
        if isinstance(setting, str):
            levels[rule_id] = _level(setting)
            continue
        options = {k: v for k, v in setting.items() if k != "severity"}
        if "severity" in setting:
            levels[rule_id] = _level(setting["severity"])
        if options:
            rule = rules[rule_id]
            try:
                bound = bind_options(registry()[rule.check], {**rule.options, **options},
                                     raw.where("rules", name))
            except RuleFileError as exc:
                errors.append(str(exc))
                continue
            rules[rule_id] = rule.with_options(bound)
    # A rule that is off by default is on when the config gives it a severity, unless ignored
    # or outside a --select, which has the last word.
    selected = set(enabled) if not from_file else None

    def may_turn_on(rule_id: str) -> bool:
        return (rule_id not in ignored and not ruleset.rules[rule_id].default_enabled
                and (selected is None or rule_id in selected))

    enabled |= {r for r, level in levels.items() if level is not None and may_turn_on(r)}
    _check_globs(raw, errors)
    overrides: list[Override] = []
    for index, entry in enumerate(data.get("overrides", ())):
        override_levels = {}
        for name, value in entry["rules"].items():
            overridden = _one_id(name, ruleset, raw.where("overrides", index, "rules", name), errors)
            if overridden is not None:
                override_levels[overridden] = _level(value)
        overrides.append(Override(_globset(entry["files"]), MappingProxyType(override_levels)))
    # What an override may turn on where it applies (Config.switchable), and so what may run
    # somewhere: any rule the config leaves off (off by default, or outside its select or
    # ignore), as a later, narrower setting; never one the command line's --select or --ignore
    # leaves out, which have the last word.
    cli_ignored = _expand(list(cli.ignore), ruleset, lambda i: "--ignore", [])[0]
    switchable = {r for o in overrides for r, level in o.levels.items() if level is not None
                  and r not in cli_ignored and (selected is None or r in selected)} | enabled
    archive = _attempt(lambda: _archive(data.get("archive", {}), raw), errors, ArchiveSettings())
    links = _attempt(lambda: _links(data.get("links", {}), data.get("site", {}), raw, cli), errors,
                     LinkSettings())
    if errors:  # in the order of the file's lines; command-line names last
        raise ConfigError("\n".join(sorted(errors, key=_line_of)))
    return Config(
        source=raw.source,
        base_dir=raw.base_dir,
        enabled=frozenset(enabled),
        levels=MappingProxyType(levels),
        rules=MappingProxyType(rules),
        overrides=tuple(overrides),
        exclude=_globset(data.get("exclude", ())),
        fail_on=cli.fail_on or data.get("fail_on", "error"),
        site=_site(data.get("site", {}), raw.base_dir),
        archive=archive,
        links=links,
        parser=cli.parser or data.get("parser", DEFAULT_PARSER),
        limits=_limits(data, cli),
        render=_probes(_render(data.get("render", {}), raw.base_dir, cli), switchable, rules),
        group=data.get("group"),
        switchable=frozenset(switchable),
    )


def _probes(render: RenderSettings, may_run: set[str], rules: Mapping[str, Rule]) -> RenderSettings:
    """Rendered mode asks the browser only for what the rules that may run need."""
    if not render.enabled:
        return render
    from .checks.interaction import PROBES

    wanted = frozenset(PROBES[rules[r].check] for r in may_run if rules[r].check in PROBES)
    return replace(render, probes=wanted)


def _limits(data: Mapping[str, Any], cli: CliOverrides) -> Limits:
    """Sizes are given in megabytes (a float: 0.5 is 512 KB) and kept in bytes."""
    size = cli.max_file_size if cli.max_file_size is not None else data.get("max_file_size")
    timeout = cli.page_timeout if cli.page_timeout is not None else data.get("page_timeout")
    defaults = Limits()
    return Limits(
        max_file_size=int(size * 1024 * 1024) if size is not None else defaults.max_file_size,
        page_timeout=float(timeout) if timeout is not None else defaults.page_timeout,
        max_findings=int(data.get("max_findings", defaults.max_findings)),
        results_in_memory=int(data.get("results_in_memory", defaults.results_in_memory)),
    )


def _render(data: Mapping[str, Any], base: Path, cli: CliOverrides) -> RenderSettings:
    chromium = data.get("chromium")
    if chromium and ("/" in chromium or "\\" in chromium):
        chromium = str(base / chromium)  # a path, relative to the config; a bare name is looked up on PATH
    return RenderSettings(
        enabled=cli.render if cli.render is not None else data.get("enabled", False),
        timeout=cli.render_timeout if cli.render_timeout is not None else data.get("timeout", 15.0),
        chromium=chromium,
        allow_external=data.get("allow_external", False),
    )


def _expand(names: Sequence[str], ruleset: RuleSet, where: Callable[[int], str],
            errors: list[str]) -> tuple[set[str], dict[str, frozenset[str]]]:
    """Rule ids for a list of ids, aliases and tags: the rules named whole, and the rules a
    tag names only some messages of (a message's own tags), with those messages' codes.
    ``where(i)`` places the i-th name in an error; unknown names are added to ``errors``."""
    whole: set[str] = set()
    partial: dict[str, frozenset[str]] = {}
    tags = ruleset.tags
    for index, name in enumerate(names):
        rule_id = ruleset.resolve(name)
        if rule_id is not None:
            whole.add(rule_id)
        elif name in tags:  # a tag never turns on a rule that is off by default; its id does
            for r in ruleset.rules.values():
                if not r.default_enabled or name not in r.all_tags:
                    continue
                if name in r.tags:
                    whole.add(r.id)
                else:
                    partial[r.id] = partial.get(r.id, frozenset()) | r.codes_tagged(name)
        else:
            from .suggest import did_you_mean

            hint = did_you_mean(name, [*ruleset.rules, *ruleset.aliases, *tags])
            errors.append(f"{where(index)}: unknown rule id or tag {name!r}{hint}")
    return whole, {r: c for r, c in partial.items() if r not in whole}


def _one_id(name: str, ruleset: RuleSet, where: str, errors: list[str]) -> str | None:
    rule_id = ruleset.resolve(name)
    if rule_id is None:
        from .suggest import did_you_mean

        hint = did_you_mean(name, [*ruleset.rules, *ruleset.aliases])
        errors.append(f"{where}: unknown rule id {name!r}{hint}")
    return rule_id


T = TypeVar("T")
_LINE = re.compile(r"[^\n]*?:(\d+): ")


def _line_of(error: str) -> int:
    found = _LINE.match(error)
    return int(found[1]) if found else 1 << 30


def _attempt(make: Callable[[], T], errors: list[str], fallback: T) -> T:
    """``make()``, or ``fallback`` with its error recorded, so that later keys are checked too."""
    try:
        return make()
    except ConfigError as exc:
        errors.append(str(exc))
        return fallback


def _check_globs(raw: RawConfig, errors: list[str]) -> None:
    """Every glob pattern of the file, each bad one an error at its line."""
    data = raw.data
    lists: list[tuple[tuple[str | int, ...], Sequence[str]]] = [
        (("exclude",), data.get("exclude", ())),
        (("archive", "paths"), data.get("archive", {}).get("paths", ())),
        (("site", "home"), data.get("site", {}).get("home", ())),
        *((("overrides", i, "files"), entry["files"]) for i, entry in enumerate(data.get("overrides", ())))]
    for path, patterns in lists:
        for index, pattern in enumerate(patterns):
            trouble = globs.problem(pattern)
            if trouble is not None:
                errors.append(f"{raw.where(*path, index)}: {trouble}")


def _globset(patterns: Sequence[str]) -> GlobSet:
    """A GlobSet of patterns _check_globs has seen: a bad one is already an error, so it is
    left out here rather than raised a second time."""
    return GlobSet(tuple(p for p in patterns if globs.problem(p) is None))


def _level(value: str) -> Severity | None:
    return None if value == "off" else Severity.parse(value)


def _site(data: Mapping[str, Any], base: Path) -> SiteSettings:
    root = data.get("root")
    return SiteSettings(
        base_url=data.get("base_url"),
        root=str((base / root).resolve()) if root else None,
        tld=data.get("tld"),
        dod=data.get("dod"),
        lang=data.get("lang"),
        home=tuple(data["home"]) if "home" in data else None,
    )


def _archive(data: Mapping[str, Any], raw: RawConfig) -> ArchiveSettings:
    before = data.get("before")
    cutoff = None
    if before:
        try:
            cutoff = date.fromisoformat(before)
        except ValueError:
            raise ConfigError(f"{raw.where('archive', 'before')}: {before!r} is not a real date") from None
    return ArchiveSettings(paths=tuple(data.get("paths", ())), before=cutoff)


def _check_time(value: str | float, where: str) -> float:
    seconds = duration(value, where)
    if not 0 < seconds <= 7 * 86400:  # also false for NaN
        raise ConfigError(f"{where}: {value!r} is not a time from over 0 s to 7 days")
    return seconds


def _links(data: Mapping[str, Any], site: Mapping[str, Any], raw: RawConfig,
           cli: CliOverrides) -> LinkSettings:
    def where(key: str) -> str:
        return raw.where("links", key)

    root = Path(cli.root).resolve() if cli.root else (
        (raw.base_dir / site["root"]).resolve() if site.get("root") else None)
    # A mistyped root would make every root-relative link of the site a dead link. A config's
    # may name a folder a build makes (public/), not there yet where sources are linted.
    if root is not None and not root.is_dir() and (cli.root or root.exists()):
        said = "--root" if cli.root else raw.where("site", "root")
        raise ConfigError(f"{said}: {root} is {'a file' if root.exists() else 'not there'}: the site root is "
                          "the folder local links are looked for in")
    cache_dir: Path | None = Path(cli.cache_dir) if cli.cache_dir else (
        raw.base_dir / data["cache_dir"] if "cache_dir" in data else Path(".govlint-cache"))
    if cli.no_cache:
        cache_dir = None
    age = cli.max_cache_age if cli.max_cache_age is not None else data.get("max_cache_age", "1d")
    defaults = LinkSettings()
    simple = {k: data[k] for k in (
        "clean_urls", "check_external", "check_external_fragments", "timeout", "max_redirects",
        "max_concurrency", "host_concurrency", "host_interval", "retries", "retry_wait",
        "max_retry_wait", "user_agent", "refuse_private", "allow_private", "max_body_size",
        "max_host_retry_wait", "max_total_retry_wait") if k in data}
    if "max_check_time" in data:
        simple["max_check_time"] = _check_time(data["max_check_time"], where("max_check_time"))
    if cli.max_check_time is not None:
        simple["max_check_time"] = _check_time(cli.max_check_time, "--max-check-time")
    try:
        networks = tuple(data.get("allow_networks", ()))
        parse_networks(networks, where("allow_networks"))
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    if cli.clean_urls is not None:
        simple["clean_urls"] = cli.clean_urls
    if cli.check_external_fragments is not None:
        simple["check_external_fragments"] = cli.check_external_fragments
    for pattern in data.get("exclude_urls", ()):
        trouble = regexes.problem(pattern)
        if trouble is not None:
            raise ConfigError(f"{where('exclude_urls')}: {trouble}")
    remap = tuple((entry["pattern"], entry["replace"]) for entry in data.get("remap", ()))
    for pattern, replacement in remap:
        trouble = regexes.problem(pattern)
        if trouble is None:
            try:
                re.compile(pattern).sub(replacement, "")
            except (re.error, IndexError) as exc:
                trouble = f"bad replacement {replacement!r}: {exc}"
        if trouble is not None:
            raise ConfigError(f"{where('remap')}: {trouble}")
    return replace(
        defaults, root=root, cache_dir=cache_dir,
        max_cache_age=duration(age, where("max_cache_age") if cli.max_cache_age is None
                               else "--max-cache-age"),
        exclude_urls=tuple(data.get("exclude_urls", ())), remap=remap, allow_networks=networks,
        accept=MappingProxyType({h.lower(): tuple(v) for h, v in data.get("accept", {}).items()}),
        headers=MappingProxyType({h.lower(): dict(v) for h, v in data.get("headers", {}).items()}),
        **simple,
    )
