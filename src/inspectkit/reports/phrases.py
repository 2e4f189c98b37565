"""Record text run into the sentences of a document: dates, people, cited documents, titles.

Pure functions of text and dates (no records, no templates): the context builders and the template
filters both use them, so neither needs the other.
"""

from __future__ import annotations

import re
from datetime import date

from inspectkit import docnumbers
from inspectkit.models import DocRef, Person
from inspectkit.reports.labels import LABELS
from inspectkit.text import fold, vn_date


def ref_date(d: date) -> str:
    """A date in running text, a citation or a deadline: `03/11/2022`, `15/5/2016`, `30/9/2024`
    (the official leading-zero rule of `vn_date`: two-digit day, a zero before months 1 and 2 only).
    The shipped templates write every short date with it, so one document writes dates one way."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{d.day:02d}/{month}/{d.year}"


def long_date(d: date, lang: str) -> str:
    """`ngày 03 tháng 11 năm 2022` (vi) or `3 November 2022` (en)."""
    return vn_date(d) if lang == "vi" else f"{d.day} {d.strftime('%B')} {d.year}"


_NUMBER_WORDS = {2: "hai", 3: "ba", 4: "bốn", 5: "năm", 6: "sáu", 7: "bảy", 8: "tám", 9: "chín", 10: "mười"}


def days_phrase(days: list[date], lang: str) -> str:
    """The working days as running text: `ngày 24/11/2022`, `trong hai ngày 24 và 25/11/2022`."""
    days = sorted(set(days))
    if not days:
        return ""
    if len(days) == 1:
        return f"ngày {ref_date(days[0])}" if lang == "vi" else f"on {long_date(days[0], lang)}"
    joiner = LABELS[lang]["and"]
    same_month = all((d.year, d.month) == (days[0].year, days[0].month) for d in days)
    runs = _runs(days)
    if len(runs) == 1 and (len(days) > 2 or not same_month):  # one stretch of days: one span
        return _run_phrase(runs[0], lang)
    if not same_month:  # stretches in several months: each as a span
        return join_words([_run_phrase(r, lang) for r in runs], lang)
    if lang == "en":
        if same_month:
            nums = ", ".join(str(d.day) for d in days[:-1])
            return f"on {nums} {joiner} {long_date(days[-1], lang)}"
        firsts = ", ".join(long_date(d, lang) for d in days[:-1])
        return f"on {firsts} {joiner} {long_date(days[-1], lang)}"
    if same_month:
        nums = ", ".join(f"{d.day:02d}" for d in days[:-1])
        count = _NUMBER_WORDS.get(len(days), "các")
        return f"trong {count} ngày {nums} {joiner} {ref_date(days[-1])}"
    return "các ngày " + ", ".join(ref_date(d) for d in days[:-1]) + f" {joiner} {ref_date(days[-1])}"


def _runs(days: list[date]) -> list[list[date]]:
    """Sorted days cut into stretches of consecutive days."""
    runs: list[list[date]] = []
    for d in days:
        if runs and d.toordinal() == runs[-1][-1].toordinal() + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return runs


def _run_phrase(run: list[date], lang: str) -> str:
    """`ngày 24/11/2022`, or `từ ngày 28/3 đến ngày 01/4/2022` (the year written once)."""
    first, last = run[0], run[-1]
    if first == last:
        return f"ngày {ref_date(first)}" if lang == "vi" else f"on {long_date(first, lang)}"
    if lang != "vi":
        return f"from {long_date(first, lang)} to {long_date(last, lang)}"
    start = ref_date(first).rsplit("/", 1)[0] if first.year == last.year else ref_date(first)
    return f"từ ngày {start} đến ngày {ref_date(last)}"


def span_phrase(first: date, last: date, lang: str) -> str:
    """One visit's days as one span: `ngày 24 tháng 11 năm 2022`, or `từ ngày 12 đến ngày 13 tháng
    10 năm 2023` for a visit of several days (the year and month written once)."""
    if first == last:
        return long_date(first, lang)
    if lang != "vi":
        return f"from {long_date(first, lang)} to {long_date(last, lang)}"
    end = vn_date(last)
    if (first.year, first.month) == (last.year, last.month):
        return f"từ ngày {first.day:02d} đến {end}"
    if first.year == last.year:
        start = vn_date(first).rsplit(" năm ", 1)[0]
        return f"từ {start} đến {end}"
    return f"từ {vn_date(first)} đến {end}"


def join_words(items: list[str], lang: str) -> str:
    """`A`, `A và B`, `A, B và C`."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {LABELS[lang]['and']} {items[-1]}"


def paragraphs(text: str | None) -> list[str]:
    """Paragraphs separated by blank lines; line breaks inside a paragraph become spaces."""
    if not text:
        return []
    parts = re.split(r"\n\s*\n", text.strip())
    return [" ".join(p.split()) for p in parts if p.strip()]


def doc_type(number: str, lang: str = "vi") -> str:
    """The document type a number names: `04-ĐA/TU` -> `Đề án`; `` when it names none."""
    return docnumbers.type_name(number.strip(), lang)


_TYPE_NAMES = tuple(sorted({fold(vi) for vi, _ in docnumbers.TYPE_NAMES.values()}, key=len, reverse=True))


def joined_title(kind: str, title: str) -> str:
    """A cited document's title after its number: `về <title>`, without doubling words. A title
    starting with the document's own type loses it (`Đề án thành lập…` -> `về thành lập…`); one
    starting with `về` gets no second `về`; one naming another document type is what the cited one
    issued (`Quy định về…` -> `ban hành Quy định về…`, never `về Quy định về…`)."""
    rest = title[len(kind) :].strip() if kind and fold(title).startswith(fold(kind) + " ") else title
    folded = fold(rest)
    if not rest:
        return ""
    if folded.startswith("ve "):
        return rest
    if any(folded.startswith(name + " ") for name in _TYPE_NAMES):
        return f"ban hành {rest}"
    return f"về {rest}"


def docref(ref: DocRef, lang: str = "vi") -> str:
    """A document as running text: `Đề án số 04-ĐA/TU, ngày 02/12/2021 của Tỉnh ủy Lạng Sơn về …`."""
    kind = doc_type(ref.number, lang)
    title = (ref.title or "").strip()
    if lang == "vi":
        text = f"{kind} số {ref.number}" if kind else f"Văn bản số {ref.number}"
        if ref.issued:
            text += f", ngày {ref_date(ref.issued)}"
        if ref.issuer:
            text += f" của {ref.issuer}"
        about = joined_title(kind, title) if title else ""
        return f"{text} {about}" if about else text
    text = f"{kind} No. {ref.number}" if kind else f"Document No. {ref.number}"
    if ref.issued:
        text += f" of {ref_date(ref.issued)}"
    if ref.issuer:
        text += f" by {ref.issuer}"
    if title:
        text += f": {title}"
    return text


def person(p: Person, unit: str | None = None) -> str:
    """`Name, position and organisation`, the one way every document names a person.

    The organisation is left out when the position already names it (`Phó Trưởng Ban Tuyên giáo
    Tỉnh ủy` of `Ban Tuyên giáo Tỉnh ủy Lạng Sơn`) and joined without repeating the words they
    share (`Chánh Thanh tra Sở` of `Sở Giáo dục và Đào tạo` -> `Chánh Thanh tra Sở Giáo dục và Đào
    tạo`). `unit`: the unit of someone at a visit, for a bare title with no organisation (`Giám
    đốc` -> `Giám đốc Trung tâm Chính trị huyện X`), so no one is printed as `Giám đốc` alone."""
    organisation = p.organisation
    if not organisation and unit and p.position and len(p.position.split()) <= 3:
        organisation = unit
    if not p.position:
        return ", ".join(x for x in (p.name, organisation) if x)
    return f"{p.name}, {position_of(p.position, organisation)}"


def position_of(position: str, organisation: str | None) -> str:
    """A position and its organisation joined without doubled words (see `person`)."""
    if not organisation:
        return position
    head = " ".join(fold(organisation).split()[:3])
    if head in fold(position):
        return position
    words, org = position.split(), organisation.split()
    # the same words, letter for letter (folding would take `trưởng` for `Trường`)
    lower_words, lower_org = [w.lower() for w in words], [w.lower() for w in org]
    overlap = next(
        (n for n in range(min(len(words), len(org)), 0, -1) if lower_words[-n:] == lower_org[:n]), 0
    )
    if overlap:
        return " ".join(words + org[overlap:])
    return f"{position}, {organisation}"


def sentence(text: str) -> str:
    """Text ending with a full stop (added only when it has no closing punctuation)."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…:;" else text + "."


def lower_first(text: str) -> str:
    """`Kiểm tra công tác…` -> `kiểm tra công tác…`, to run a title into a sentence."""
    return text[:1].lower() + text[1:]


def without_type(title: str, number: str, lang: str = "vi") -> str:
    """A document's title without the type name its number gives: (`Quyết định thành lập Đoàn…`,
    `85-QĐ/BTGTU`) -> `thành lập Đoàn…`."""
    for kind in dict.fromkeys((doc_type(number, "vi"), doc_type(number, lang))):
        if kind and fold(title).startswith(fold(kind)):
            return title[len(kind) :].strip()
    return title


def inspection(title: str, lang: str = "vi") -> str:
    """A plan title run into a sentence as `kiểm tra …` (vi): `Kiểm tra công tác X` -> `kiểm tra công
    tác X`, `Công tác X` -> `kiểm tra công tác X`. English: the title as written."""
    if lang != "vi":
        return title
    if fold(title).startswith("kiem tra"):
        return lower_first(title)
    return "kiểm tra " + lower_first(title)
