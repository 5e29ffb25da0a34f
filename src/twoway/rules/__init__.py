"""The rules twoway checks, one registry for all of them, after ruff's.

A rule is one record (:class:`Rule`): a code that never changes (``TW101``), a kebab-case name
read as "allow <name>" (``link-only-post``), a category, a level (``hint`` < ``warning`` <
``error``), a status (``stable``, ``preview``, ``deprecated``), a one-line summary, a message
template that names the evidence, a concrete rewrite suggestion, its documentation under fixed
headings (:class:`Docs`), and the function that looks for it.

Rules come in two scopes, told apart by their code:

* ``TW1xx``, **post** rules (:mod:`twoway.rules.posts`), look at one post's labels
  (:class:`~twoway.classifier.PostLabels`);
* ``TW2xx``, **account** rules, look at an account's metrics.

Both live in one :class:`Registry` (:data:`REGISTRY`), which refuses a second rule with a code or
name already taken and never hands out a retired code again (:data:`RETIRED`).  A rule's
``detect`` function returns the evidence it found (a mapping the message template is filled from)
or ``None``; :meth:`Rule.check` turns that into a :class:`Hit`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from string import Formatter
from typing import Any, Generic, Literal, TypeVar

from twoway.classifier.labels import PostLabels
from twoway.errors import UnknownRuleError

__all__ = [
    "HEADINGS",
    "LEVELS",
    "REGISTRY",
    "RETIRED",
    "SCOPES",
    "STATUSES",
    "Docs",
    "Evidence",
    "Hit",
    "Registry",
    "Rule",
    "account_rule",
    "at_least",
    "check_account",
    "check_post",
    "get",
    "post_rule",
    "post_rules",
]

Level = Literal["hint", "warning", "error"]
Status = Literal["stable", "preview", "deprecated"]
Scope = Literal["post", "account"]

LEVELS: tuple[Level, ...] = ("hint", "warning", "error")
"""From least to most serious."""
STATUSES: tuple[Status, ...] = ("stable", "preview", "deprecated")
SCOPES: dict[Scope, str] = {"post": "TW1", "account": "TW2"}
"""Each scope and the prefix of its codes."""

RETIRED: frozenset[str] = frozenset()
"""Codes of rules that were removed.  A retired code is never given to another rule: a user's
``--ignore TW1xx`` or a note in a report must keep meaning what it meant."""

_CODE = re.compile(r"TW\d{3}")
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")

Evidence = Mapping[str, str | int]
"""What a rule found, by the names its message template uses."""

S = TypeVar("S")


def at_least(level: str, threshold: str) -> bool:
    """Whether ``level`` is ``threshold`` or more serious (``warning`` is at least ``hint``)."""
    order: tuple[str, ...] = LEVELS
    return order.index(level) >= order.index(threshold)


@dataclass(frozen=True, kw_only=True, slots=True)
class Docs:
    """A rule's documentation under the fixed headings (Markdown in each)."""

    what: str
    """What it flags."""
    why: str
    """Why it matters."""
    example: str
    """A post it flags."""
    instead: str
    """What to write instead."""
    known_problems: str
    """Where it is wrong: what it misses, and what it flags that it should not."""

    def sections(self) -> list[tuple[str, str]]:
        """``(heading, text)`` in their fixed order."""
        return [(HEADINGS[spec.name], getattr(self, spec.name)) for spec in fields(self)]


HEADINGS: dict[str, str] = {
    "what": "What it flags",
    "why": "Why it matters",
    "example": "Example",
    "instead": "Instead",
    "known_problems": "Known problems",
}
"""The fixed headings of every rule's docs, by :class:`Docs` field."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Rule(Generic[S]):
    """One rule.  ``S`` is what it looks at: a post's labels, or an account's metrics."""

    code: str
    name: str
    category: str
    level: Level
    status: Status
    scope: Scope
    summary: str
    message: str
    """Template of the hit's message, filled from the evidence: ``{count} hashtags``."""
    suggestion: str
    """A concrete rewrite suggestion, shown by ``twoway check``."""
    docs: Docs
    detect: Callable[[S], Evidence | None] = field(repr=False, compare=False)

    def __post_init__(self) -> None:
        problems = []
        if not _CODE.fullmatch(self.code):
            problems.append(f"code {self.code!r} is not TW followed by three digits")
        elif self.scope in SCOPES and not self.code.startswith(SCOPES[self.scope]):
            problems.append(f"a {self.scope} rule's code must start with {SCOPES[self.scope]}")
        if not _NAME.fullmatch(self.name):
            problems.append(f"name {self.name!r} is not kebab-case")
        if self.level not in LEVELS:
            problems.append(f"level {self.level!r} is not one of {', '.join(LEVELS)}")
        if self.status not in STATUSES:
            problems.append(f"status {self.status!r} is not one of {', '.join(STATUSES)}")
        if self.scope not in SCOPES:
            problems.append(f"scope {self.scope!r} is not one of {', '.join(SCOPES)}")
        for label, text in (
            ("category", self.category),
            ("summary", self.summary),
            ("message", self.message),
            ("suggestion", self.suggestion),
        ):
            if not text.strip():
                problems.append(f"{label} is empty")
        for heading, text in self.docs.sections():
            if not text.strip():
                problems.append(f"docs section {heading!r} is empty")
        if problems:
            raise ValueError(f"rule {self.code} {self.name}: " + "; ".join(problems))

    @property
    def placeholders(self) -> frozenset[str]:
        """The evidence names the message template uses."""
        return frozenset(name for _, name, _, _ in Formatter().parse(self.message) if name)

    def check(self, subject: S) -> Hit | None:
        """The hit this rule makes on ``subject``, or ``None``."""
        evidence = self.detect(subject)
        if evidence is None:
            return None
        return Hit(rule=self, message=self.message.format_map(evidence), evidence=dict(evidence))


@dataclass(frozen=True, kw_only=True, slots=True)
class Hit:
    """A rule that fired: the rule, its message with the evidence filled in, and the evidence."""

    rule: Rule[Any]
    message: str
    evidence: dict[str, str | int]

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def name(self) -> str:
        return self.rule.name

    @property
    def level(self) -> str:
        return self.rule.level

    @property
    def suggestion(self) -> str:
        return self.rule.suggestion


class Registry:
    """Every rule by code and by name.  Adding a rule whose code or name is taken, or whose code
    is retired, is refused with :class:`ValueError` (a bug in twoway, not a user's mistake)."""

    def __init__(
        self, rules: Iterable[Rule[Any]] = (), *, retired: Iterable[str] = RETIRED
    ) -> None:
        self.retired = frozenset(retired)
        self._by_code: dict[str, Rule[Any]] = {}
        self._by_name: dict[str, Rule[Any]] = {}
        for rule in rules:
            self.add(rule)

    def add(self, rule: Rule[Any]) -> Rule[Any]:
        if rule.code in self.retired:
            raise ValueError(
                f"{rule.code} is a retired code and is never reused; give {rule.name} a new one"
            )
        if rule.code in self._by_code:
            taken = self._by_code[rule.code].name
            raise ValueError(f"{rule.code} is taken by {taken}; give {rule.name} a new code")
        if rule.name in self._by_name:
            raise ValueError(f"the name {rule.name} is taken by {self._by_name[rule.name].code}")
        self._by_code[rule.code] = rule
        self._by_name[rule.name] = rule
        return rule

    def get(self, code_or_name: str) -> Rule[Any]:
        """The rule with this code (any case) or name; :class:`UnknownRuleError` if none has."""
        key = code_or_name.strip()
        rule = self._by_code.get(key.upper()) or self._by_name.get(key.lower())
        if rule is not None:
            return rule
        if key.upper() in self.retired:
            raise UnknownRuleError(key.upper(), retired=True)
        raise UnknownRuleError(key)

    def __iter__(self) -> Iterator[Rule[Any]]:
        return iter(sorted(self._by_code.values(), key=lambda rule: rule.code))

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code_or_name: object) -> bool:
        return code_or_name in self._by_code or code_or_name in self._by_name

    def of_scope(self, scope: Scope) -> list[Rule[Any]]:
        """The rules of one scope, by code."""
        return [rule for rule in self if rule.scope == scope]


def _rule_maker(
    scope: Scope,
) -> Callable[..., Callable[[Callable[[Any], Evidence | None]], Rule[Any]]]:
    def maker(
        *,
        code: str,
        name: str,
        category: str,
        level: Level,
        summary: str,
        message: str,
        suggestion: str,
        docs: Docs,
        status: Status = "stable",
    ) -> Callable[[Callable[[Any], Evidence | None]], Rule[Any]]:
        def make(detect: Callable[[Any], Evidence | None]) -> Rule[Any]:
            return Rule(
                code=code,
                name=name,
                category=category,
                level=level,
                status=status,
                scope=scope,
                summary=summary,
                message=message,
                suggestion=suggestion,
                docs=docs,
                detect=detect,
            )

        return make

    return maker


post_rule = _rule_maker("post")
"""Make a post rule of the decorated detect function, which gets a post's labels
(:class:`~twoway.classifier.labels.PostLabels`) and returns the evidence or ``None``."""

account_rule = _rule_maker("account")
"""Make an account rule of the decorated detect function, which gets the account's metrics (the
JSON-ready dict of :func:`twoway.metrics.compute`) and returns the evidence or ``None``."""


# The rule families register below, once the names above exist (they import them from here).
from twoway.rules import accounts, posts  # noqa: E402

REGISTRY = Registry((*posts.RULES, *accounts.RULES))
"""All of twoway's rules."""


def get(code_or_name: str) -> Rule[Any]:
    """The rule with this code or name (:meth:`Registry.get`)."""
    return REGISTRY.get(code_or_name)


def post_rules() -> list[Rule[PostLabels]]:
    """Every post rule, by code."""
    return REGISTRY.of_scope("post")


def check_account(
    metrics: Mapping[str, Any], *, registry: Registry = REGISTRY, preview: bool = False
) -> list[Hit]:
    """The hits of the account rules on one account's metrics, by code."""
    return [
        hit
        for rule in registry.of_scope("account")
        if (preview or rule.status != "preview") and (hit := rule.check(metrics)) is not None
    ]


def check_post(
    labels: PostLabels, *, registry: Registry = REGISTRY, preview: bool = False
) -> list[Hit]:
    """The hits of the post rules on one post's labels, by code.  Preview rules run only with
    ``preview``."""
    hits = []
    for rule in registry.of_scope("post"):
        if rule.status == "preview" and not preview:
            continue
        hit = rule.check(labels)
        if hit is not None:
            hits.append(hit)
    return hits
