"""Whether a web link goes to the account's own site.

twoway knows no account's web site, so it reads the site off the account's handle: a domain one
of whose names (of four letters or more) spells the handle, or is spelt by it, is the account's
own (``cornerbakery.example`` for ``@cornerbakeryco``, ``millbakes.co.uk`` for ``@millbakes``),
and so is a domain that is the handle itself (a Bluesky handle such as ``bakery.example``).  A
handle of under four letters has no site by name: it is spelt inside too many words.  A link
there is the account's own news, not someone else's content it shares (the content rules of
thumb, :mod:`twoway.metrics.guidelines`), and not a site whose people a cue card should thank
(:func:`twoway.coach.topics.sites`).  A site named otherwise than the handle is not recognised.
"""

from __future__ import annotations

import re

__all__ = ["is_own_site", "own_name"]

_NOT_NAME = re.compile(r"[^a-z0-9]")


def own_name(handle: str) -> str:
    """The account's handle reduced to lower-case letters and digits (its name part):
    ``@Corner_Bakery`` -> ``cornerbakery``, ``ana@social.example`` -> ``ana``,
    ``bakery.bsky.social`` -> ``bakery``."""
    name = handle.lower().lstrip("@").split("@")[0]
    if "." in name:  # a Bluesky handle is a domain: its first label is the name
        name = name.split(".")[0]
    return _NOT_NAME.sub("", name)


def is_own_site(domain: str, handle: str, own: str | None = None) -> bool:
    """Whether ``domain`` (lower case) is the site of the account ``handle`` (module
    docstring).  ``own`` is :func:`own_name` of the handle, when the caller has it already."""
    if own is None:
        own = own_name(handle)
    if domain == handle.lower().lstrip("@"):
        return True
    if len(own) < 4:  # a name of three letters or fewer is inside too many words ("go")
        return False
    labels = domain.split(".")[:-1]
    return any(len(label) >= 4 and (label in own or own in label) for label in labels)
