"""Coaching: what to change first, what to post next, and whom the account left waiting.

* :func:`recommend` (:mod:`twoway.coach.recommendations`): at most five changes, most impactful
  first, each with the account rule behind it, the figures, a few of the account's own posts and
  one concrete next action;
* :func:`cue_cards` (:mod:`twoway.coach.cue_cards`): conversation starters written from the
  account's own topics (hashtags, keywords, linked sites, people it talks to);
* :func:`missed_conversations` (:mod:`twoway.coach.missed`): inbound messages nobody answered,
  oldest first.

All of it is deterministic and offline: the same data gives the same coaching.
"""

from __future__ import annotations

from twoway.coach.cue_cards import cue_cards
from twoway.coach.missed import missed_conversations
from twoway.coach.recommendations import recommend

__all__ = ["cue_cards", "missed_conversations", "recommend"]
