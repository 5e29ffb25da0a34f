"""A bare text as a :class:`~twoway.model.Post`, for labelling texts with no export around them
(``twoway classify --texts``) and for linting drafts (``twoway check``).

Without metadata the kind falls back to text cues, as CODEBOOK.md section 1 allows, and says it
guessed: ``RT @name`` is a repost, a leading ``@name`` a reply to that name.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from twoway.links import make_link
from twoway.model import Kind, Post, Provenance

__all__ = ["draft_post"]

_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\"'.,;:!?)\]]")
_MENTION = re.compile(r"(?<![\w@])@(\w+(?:@[\w.-]*\w)?)")
_HASHTAG = re.compile(r"(?<![\w&])#(\w+)")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def draft_post(
    text: str, *, id: str = "1", source: str = "<text>", record: int = 1, lang: str | None = None
) -> Post:
    """``text`` as a post of no account, its kind guessed from text cues."""
    mentions = tuple(_MENTION.findall(text))
    stripped = text.lstrip()
    kind = Kind.ORIGINAL
    guessed = False
    reply_to = reposted = None
    if stripped.startswith("RT @"):
        kind, guessed = Kind.REPOST, True
        reposted = mentions[0] if mentions else None
    elif stripped.startswith("@") and mentions:
        kind, guessed = Kind.REPLY, True
        reply_to = mentions[0]
    links = tuple(make_link(url) for url in _URL.findall(text))
    quoted = next((link.post_id for link in links if link.post_id), None)
    if kind is Kind.ORIGINAL and quoted is not None:
        kind, guessed = Kind.QUOTE, True
    return Post(
        platform="text",
        account="",
        account_id="",
        id=id,
        created_at=_EPOCH,
        text=text,
        kind=kind,
        kind_guessed=guessed,
        provenance=Provenance(file=source, record=record, importer="text", version="1"),
        reply_to_account=reply_to,
        reposted_account=reposted,
        quoted_id=quoted,
        mentions=mentions,
        links=links,
        hashtags=tuple(_HASHTAG.findall(text)),
        lang=lang,
    )
