from __future__ import annotations

import pytest

from twoway.links import domain_of, make_link, post_id_in_url
from twoway.model import Link


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://bakery.example/blog/crust", "bakery.example"),
        ("https://www.Example.COM/path", "example.com"),
        ("HTTPS://WWW.X.COM", "x.com"),
        ("http://user:pass@Host.com:8080/x", "host.com"),
        ("https://user@www.example.org/", "example.org"),
        ("https://example.com:443", "example.com"),
        ("https://www.example.com?q=1", "example.com"),
        ("https://example.com#top", "example.com"),
        ("https://example.com./", "example.com"),
        ("https://[::1]:8080/admin", "[::1]"),
        ("ftp://files.example.org/a.txt", "files.example.org"),
        ("https://wwwexample.com/", "wwwexample.com"),
        ("https://www2.example.com/", "www2.example.com"),
        ("https://news.www.example.com/", "news.www.example.com"),
        ("https://bäcker.de/brot", "bäcker.de"),
        ("https://t.co/AbCdEf1234", "t.co"),
        # No host: no domain.
        ("example.com/path", ""),
        ("//example.com/path", ""),
        ("mailto:owner@bakery.example", ""),
        ("https:///path", ""),
        ("", ""),
        ("not a url", ""),
    ],
)
def test_domain_of(url: str, domain: str) -> None:
    assert domain_of(url) == domain


@pytest.mark.parametrize(
    ("url", "post_id"),
    [
        # X / Twitter statuses, every host and path shape.
        ("https://x.com/townnews/status/1599000000000000000", "1599000000000000000"),
        ("https://twitter.com/townnews/status/1599000000000000000", "1599000000000000000"),
        ("http://twitter.com/townnews/status/20", "20"),
        ("https://www.twitter.com/townnews/status/20", "20"),
        ("https://mobile.twitter.com/townnews/status/20?s=20", "20"),
        ("https://mobile.x.com/townnews/status/20", "20"),
        ("https://twitter.com/townnews/statuses/20", "20"),
        ("https://twitter.com/TownNews/status/20?ref_src=twsrc%5Etfw#frag", "20"),
        ("HTTPS://TWITTER.COM/townnews/status/20", "20"),
        ("https://twitter.com/i/web/status/1599000000000000000", "1599000000000000000"),
        ("https://x.com/i/status/1599000000000000000", "1599000000000000000"),
        ("http://twitter.com/#!/townnews/status/20", "20"),
        # Bluesky post links become AT URIs.
        (
            "https://bsky.app/profile/alice.bsky.social/post/3ke6kg42cm22l",
            "at://alice.bsky.social/app.bsky.feed.post/3ke6kg42cm22l",
        ),
        (
            "https://bsky.app/profile/did:plc:abc123/post/3ke6kg42cm22l",
            "at://did:plc:abc123/app.bsky.feed.post/3ke6kg42cm22l",
        ),
        # Mastodon (and most Fediverse) status addresses are kept as given.
        (
            "https://mastodon.social/@alice/109314048000001234",
            "https://mastodon.social/@alice/109314048000001234",
        ),
        (
            "https://mastodon.social/@alice/109314048000001234/",
            "https://mastodon.social/@alice/109314048000001234/",
        ),
        (
            "https://mastodon.social/users/alice/statuses/109314048000001234",
            "https://mastodon.social/users/alice/statuses/109314048000001234",
        ),
    ],
)
def test_post_id_in_url(url: str, post_id: str) -> None:
    assert post_id_in_url(url) == post_id


@pytest.mark.parametrize(
    "url",
    [
        "https://x.com/townnews",
        "https://twitter.com/townnews/likes",
        "https://twitter.com/townnews/status/",
        "https://x.com/townnews/status/abc",
        "https://twitter.com/search?q=status/123",
        "https://notx.com/townnews/status/20",
        "https://x.com.evil.example/townnews/status/20",
        "https://example.com/townnews/status/20",
        "https://t.co/AbCdEf1234",
        "https://bsky.app/profile/alice.bsky.social",
        "https://bsky.app/profile/alice.bsky.social/post/3KE6KG42CM22L",
        "https://bsky.app/profile/alice.bsky.social/post/short",
        "https://mastodon.social/@alice",
        "https://mastodon.social/@alice/media",
        "https://mastodon.social/@alice/12345",
        "https://mastodon.social/@alice/109314048000001234/reblogs",
        "https://mastodon.social/users/alice",
        "https://bakery.example/blog/crust",
        "https://bakery.example/2022/12/06/123456789",
        "",
    ],
)
def test_urls_that_are_not_posts(url: str) -> None:
    assert post_id_in_url(url) is None


def test_make_link() -> None:
    assert make_link("https://twitter.com/townnews/status/1599000000000000000") == Link(
        url="https://twitter.com/townnews/status/1599000000000000000",
        domain="twitter.com",
        post_id="1599000000000000000",
    )
    assert make_link("https://www.Bakery.example/blog") == Link(
        url="https://www.Bakery.example/blog", domain="bakery.example", post_id=None
    )
