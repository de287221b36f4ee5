"""The posts of a live report: each tells one update, whatever its sentences are dated by.

A live report ("en direct") is a column of posts, each opened by a mark and the time it was written
("► 12h05. Le procureur a annoncé ... « Dès aujourd'hui, les auditions ont débuté ... »"). A post tells
one development of the story: its first sentence states it, and the sentences after it quote or detail
it. Its sentences dated on one day are that one update, not as many events as they hold dates.
"""

from __future__ import annotations

from collections.abc import Sequence

from recoupe.read.events import POST_MARKS, heads_a_post
from recoupe.records import TimeRef

# A live report has posts: one stamped post mark is a bullet list or a lone dispatch, not a column of posts.
MIN_STAMPED_POSTS = 2


def find_post_stamps(text: str, timexes: Sequence[TimeRef]) -> list[int]:
    """The offsets of the stamps opening the posts of a live report, in text order; none if it is not one."""
    stamps = sorted(t.mention.start for t in timexes if heads_a_post(text, t))
    return stamps if len(stamps) >= MIN_STAMPED_POSTS else []


def find_post(text: str, stamps: Sequence[int], offset: int) -> int:
    """The offset of the stamp opening the post that holds `offset`, or -1 when no stamped post holds it.

    A post runs from its stamp to the next post mark: text after a mark without a stamp is in no post.
    """
    opening = max((s for s in stamps if s <= offset), default=-1)
    if opening < 0 or any(ch in POST_MARKS for ch in text[opening:offset]):
        return -1
    return opening
