"""Did-you-mean over many ids: an index built once per kind, narrowed before any edit distance.

`diagnostics.did_you_mean` compares a word with every candidate (difflib), which costs a scan of
all ids for each problem: 100 dangling references in 100,000 records made lint three times
slower. Here the ids are indexed once by their number-normalised form (the leading-zero rule of
`did_you_mean` becomes a lookup) and by trigrams; a word is compared only with the few ids that
share the most of its rarest trigrams. Small sets are compared in full, as before.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from inspectkit.diagnostics import did_you_mean

FULL_SCAN = 500  # below this many candidates, compare with all of them (exactly as before)
SHORTLIST = 25  # ids given to difflib after narrowing
POSTINGS_BUDGET = 20_000  # trigram postings read per word: the rarest trigrams first

_DIGITS = re.compile(r"\d+")


def _numbers(text: str) -> str:
    return _DIGITS.sub(lambda m: str(int(m[0])), text)


def _trigrams(text: str) -> set[str]:
    padded = f"^{text}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Candidates:
    """The ids of one kind, ready for many `hint` calls."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = sorted(set(ids))
        self._by_numbers: dict[str, list[str]] | None = None
        self._postings: dict[str, list[int]] | None = None

    def _build(self) -> tuple[dict[str, list[str]], dict[str, list[int]]]:
        if self._by_numbers is None or self._postings is None:
            by_numbers: dict[str, list[str]] = {}
            postings: dict[str, list[int]] = {}
            for index, candidate in enumerate(self.ids):
                by_numbers.setdefault(_numbers(candidate), []).append(candidate)
                for gram in _trigrams(candidate):
                    postings.setdefault(gram, []).append(index)
            self._by_numbers, self._postings = by_numbers, postings
        return self._by_numbers, self._postings

    def shortlist(self, word: str) -> list[str]:
        """The ids worth comparing with `word`: those sharing the most of its rarest trigrams."""
        _, postings = self._build()
        lists = sorted((postings[g] for g in _trigrams(word) if g in postings), key=len)
        counts: Counter[int] = Counter()
        read = 0
        for found in lists:
            if read and read + len(found) > POSTINGS_BUDGET:
                break
            counts.update(found)
            read += len(found)
        return [self.ids[index] for index, _ in counts.most_common(SHORTLIST)]

    def hint(self, word: str) -> str:
        """` (did you mean 'x'?)` or an empty string, as `did_you_mean` words it."""
        if len(self.ids) <= FULL_SCAN:
            return did_you_mean(word, self.ids)
        by_numbers, _ = self._build()
        same = [c for c in by_numbers.get(_numbers(word), []) if c != word]
        if same:
            return f" (did you mean '{min(same)}'?)"
        return did_you_mean(word, self.shortlist(word))
