"""The audit's time zone: the zone whose calendar days, Monday-first weeks and hours of the day
the binned metrics count in (``twoway audit --tz Europe/Amsterdam``; UTC unless asked).

A bakery in Amsterdam reads its busiest hour off by one or two hours in UTC, and its late-evening
posts land on the next day.  Zones are read with the standard library's :mod:`zoneinfo` (the
system's tz database, or the ``tzdata`` package where there is none, as on Windows), and each
post's time is converted on its own, so a summer post gets the summer offset and a winter post
the winter one.  Times themselves stay UTC everywhere else (the tables' ``created_at``, the JSON
report); only the wall-clock copy (the posts table's ``local_at``) is local.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from twoway.errors import InputError

__all__ = ["DEFAULT_ZONE", "EXAMPLE_ZONE", "local_time", "local_times", "time_zone"]

DEFAULT_ZONE = "UTC"
"""The zone of an audit that names none."""

EXAMPLE_ZONE = "Europe/Amsterdam"
"""The zone that messages give as an example of a name."""

_MICROSECOND = timedelta(microseconds=1)


def time_zone(name: str) -> tzinfo:
    """The zone called ``name``: an IANA name such as ``Europe/Amsterdam`` (``UTC`` needs no tz
    database).  Raises :class:`~twoway.errors.InputError` for a name the tz database lacks."""
    if name == DEFAULT_ZONE:
        return UTC
    try:
        return ZoneInfo(name)
    # Not found, or no key at all: an empty, absolute or ``..`` path, a file that is no zone.
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InputError(
            f"unknown time zone '{name}'",
            hint=f"give an IANA name such as {EXAMPLE_ZONE} (or {DEFAULT_ZONE})",
        ) from None


def local_time(moment: object, zone: str) -> datetime | None:
    """The time ``moment`` (an aware ``datetime``, or an ISO 8601 string such as the JSON's
    ``2024-07-01T23:30:00Z``; naive means UTC) on the wall clock of the time zone called
    ``zone``, as an aware ``datetime``; None when ``moment`` is neither."""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return None
    if not isinstance(moment, datetime):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(time_zone(zone))


def local_times(utc: np.ndarray, zone: tzinfo) -> np.ndarray:
    """The wall-clock times in ``zone`` of the UTC times ``utc`` (``datetime64[us]``, ``NaT``
    kept): each with the offset in force at its own moment, so daylight saving time is applied
    to the posts it covers and to no others.  In UTC, ``utc`` itself (no copy)."""
    if zone is UTC or not len(utc):
        return utc
    # zoneinfo converts one datetime at a time (a microsecond or two each), but a zone's offset
    # changes only at its transitions, a few times a year at most.  So the offset is looked up
    # for the first and the last time of each UTC day; where the two are the same, every time
    # between them has it, and only the times of a day with a transition are looked up one by
    # one.  (A day with two transitions that undo each other would be missed: no zone has one.)
    order = np.argsort(utc, kind="stable")  # NaT last, each a day of its own (NaT != NaT)
    ordered = utc[order]
    days = ordered.astype("datetime64[D]")
    first = np.flatnonzero(np.r_[True, days[1:] != days[:-1]])
    last = np.r_[first[1:], len(utc)] - 1
    at_first, at_last = _offsets(ordered[first], zone), _offsets(ordered[last], zone)
    offsets = np.repeat(at_first, last - first + 1)
    for start, end in zip(first[at_first != at_last], last[at_first != at_last], strict=True):
        offsets[start : end + 1] = _offsets(ordered[start : end + 1], zone)
    local = np.empty_like(utc)
    local[order] = ordered + offsets.view("timedelta64[us]")
    return local


def _offsets(utc: np.ndarray, zone: tzinfo) -> np.ndarray:
    """The offsets from UTC of ``zone`` at the UTC times ``utc``, in microseconds (0 at NaT)."""
    # A NaT comes as None.
    return np.fromiter(
        (0 if moment is None else _offset(moment, zone) for moment in utc.astype(object)),
        dtype=np.int64,
        count=len(utc),
    )


def _offset(moment: datetime, zone: tzinfo) -> int:
    """The offset from UTC of ``zone`` at the UTC time ``moment`` (naive), in microseconds."""
    # ``fromutc`` reads the fields as UTC and gives the local time, with its offset.
    offset = zone.fromutc(moment.replace(tzinfo=zone)).utcoffset()
    return 0 if offset is None else offset // _MICROSECOND
