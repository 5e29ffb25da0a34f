"""Links inside posts: their domain, and whether they point at another post (which makes a quote)."""

from __future__ import annotations

import re

from twoway.model import Link

__all__ = ["make_link", "post_id_in_url"]

# 2010-2012 web links carry a hash-bang: http://twitter.com/#!/name/status/123
_X_STATUS = re.compile(
    r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?:#!/)?"
    r"(?:[A-Za-z0-9_]+|i/web|i)/status(?:es)?/(\d+)",
    re.IGNORECASE,
)
_BSKY_POST = re.compile(r"^https?://(?:www\.)?bsky\.app/profile/([^/]+)/post/([a-z2-7]{13})")
# Mastodon and most Fediverse software: https://host/@name/123 or https://host/users/name/statuses/123
_FEDI_STATUS = re.compile(r"^https?://[^/]+/(?:@[^/]+|users/[^/]+/statuses)/(\d{6,})/?$")


def post_id_in_url(url: str) -> str | None:
    """The id of the post a URL points at (an X status, a Bluesky post as an AT URI, a Mastodon
    status URL as given), or ``None`` when the URL is not the address of a post."""
    if "/status" in url:
        match = _X_STATUS.match(url)
        if match:
            return match.group(1)
    if "bsky.app/" in url:
        match = _BSKY_POST.match(url)
        if match:
            return f"at://{match.group(1)}/app.bsky.feed.post/{match.group(2)}"
    if _FEDI_STATUS.match(url):
        return url
    return None


_HOST = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)")


def domain_of(url: str) -> str:
    """The host of ``url`` in lower case without a leading ``www.``; empty when it has none."""
    match = _HOST.match(url)
    if match is None:
        return ""
    host = match.group(1).lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def make_link(url: str) -> Link:
    """A :class:`Link` for an expanded URL."""
    return Link(url=url, domain=domain_of(url), post_id=post_id_in_url(url))
