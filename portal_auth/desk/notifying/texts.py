"""What each kind of notification says, in Arabic, French and English, short enough for one SMS.

The templates are written per language rather than translated from one source: each one is
built to fit one segment with its values (Arabic: UCS-2, 70 characters; French and English:
GSM-7, 160). ``sms_text`` fits the values in: when a school's or a subject's name is too long,
it is shortened first, then the child's first name, so the message always stays one segment.
French and English values are folded to the GSM-7 alphabet (ê → e, ç → c), as phones show them.

Only the notification's own pupil, school and data fill a text: a guardian of two children gets
two messages, each about one child.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Mapping

from django.utils import formats, translation

from library.sms import encoding

from ...models import AbsencePeriod, AssessmentKind, DocumentRequest, Notification

K = Notification.Kind

TEMPLATES: dict[str, dict[str, str]] = {
    "ar": {
        K.ABSENCE: "غياب {name} {period} يوم {date} - {school}",
        K.MARKS_PUBLISHED: "نقط {name} في الدورة {semester} منشورة - {school}",
        K.ASSESSMENT: "{what} {subject} ل{name} يوم {date} - {school}",
        K.REQUEST_STATUS: "طلب {name}: {status} - {school}",
        K.MESSAGE_REPLY: "رد جديد بخصوص {name} - {school}",
        K.ASSIGNMENT_NEW: "واجب جديد ل{name} قبل {date} - {school}",
        K.ASSIGNMENT_DUE: "واجب {name} مطلوب غدا {date} - {school}",
    },
    "fr": {
        K.ABSENCE: "Absence de {name} le {date} ({period}) - {school}",
        K.MARKS_PUBLISHED: "Les notes du semestre {semester} de {name} sont publiées - {school}",
        K.ASSESSMENT: "{what} de {subject} pour {name} le {date} - {school}",
        K.REQUEST_STATUS: "Demande pour {name} : {status} - {school}",
        K.MESSAGE_REPLY: "Nouvelle réponse de l'école au sujet de {name} - {school}",
        K.ASSIGNMENT_NEW: "Nouveau devoir pour {name}, à rendre le {date} - {school}",
        K.ASSIGNMENT_DUE: "Devoir de {name} à rendre demain {date} - {school}",
    },
    "en": {
        K.ABSENCE: "{name} was absent on {date} ({period}) - {school}",
        K.MARKS_PUBLISHED: "{name}'s semester {semester} marks are published - {school}",
        K.ASSESSMENT: "{what} in {subject} for {name} on {date} - {school}",
        K.REQUEST_STATUS: "Request for {name}: {status} - {school}",
        K.MESSAGE_REPLY: "New reply from the school about {name} - {school}",
        K.ASSIGNMENT_NEW: "New homework for {name}, due {date} - {school}",
        K.ASSIGNMENT_DUE: "{name}'s homework is due tomorrow {date} - {school}",
    },
}

# Values shortened, in this order, when a text is too long for one segment.
SHRINKABLE = ("school", "subject", "status", "name")
ELLIPSIS = {encoding.UCS2: "…", encoding.GSM7: "."}


def language_of(language: str) -> str:
    language = (language or "ar").split("-")[0]
    return language if language in TEMPLATES else "ar"


def fold_to_gsm7(text: str) -> str:
    """Latin letters outside GSM-7 by their base letter (ê → e, ç → c); other text unchanged."""
    folded = []
    for char in text.replace("’", "'").replace("«", '"').replace("»", '"'):
        if encoding.is_gsm7(char):
            folded.append(char)
            continue
        base = unicodedata.normalize("NFD", char)[0]
        folded.append(base if base.isascii() and encoding.is_gsm7(base) else char)
    return "".join(folded)


def _short_date(value: str | datetime.date) -> str:
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return formats.date_format(value, "j F")


def values(notification: Notification, language: str) -> dict[str, str]:
    """The values of a notification's text in ``language``: its own pupil's and school's only."""
    language = language_of(language)
    data = notification.data or {}
    pupil, school = notification.pupil, notification.school
    with translation.override(language):
        found: dict[str, str] = {"name": "", "school": "", "date": "", "period": ""}
        if pupil is not None:
            found["name"] = (
                pupil.first_name_ar or pupil.first_name_latin
                if language == "ar"
                else pupil.first_name_latin or pupil.first_name_ar
            )
        if school is not None:
            found["school"] = (
                school.name_ar if language == "ar" else school.name_fr or school.name_ar
            )
        if data.get("date"):
            found["date"] = _short_date(data["date"])
        if data.get("period"):
            found["period"] = str(AbsencePeriod(data["period"]).label)
        if data.get("semester"):
            found["semester"] = str(data["semester"])
        if data.get("kind"):
            found["what"] = str(AssessmentKind(data["kind"]).label).capitalize()
        subject = data.get("subject") or {}
        found["subject"] = subject.get(language) or subject.get("ar", "")
        if data.get("status"):
            found["status"] = str(DocumentRequest.Status(data["status"]).label)
    return found


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def render(kind: str, language: str, fields: Mapping[str, str]) -> str:
    """The whole text (for the in-app list and e-mail subjects), not shortened."""
    language = language_of(language)
    text = TEMPLATES[language][kind].format_map(_Blank(fields))
    text = " ".join(text.split())
    if text.endswith(" -"):  # no school known
        text = text[:-2]
    return fold_to_gsm7(text) if language != "ar" else text


def _shorten(value: str, by: int, ellipsis: str) -> str:
    keep = len(value) - by - len(ellipsis)
    if keep <= 0:
        return ""
    return value[:keep].rstrip() + ellipsis


def sms_text(kind: str, language: str, fields: Mapping[str, str]) -> str:
    """The text for one SMS segment: long names shortened (school first) until it fits."""
    fields = dict(fields)
    text = render(kind, language, fields)
    for name in SHRINKABLE:
        shape = encoding.layout(text)
        if shape.segments == 1:
            return text
        value = fields.get(name, "")
        if not value:
            continue
        over = shape.units - shape.single_limit
        keep_at_least = 6 if name == "name" else 0
        cut = min(over, max(len(value) - keep_at_least, 0))
        fields[name] = _shorten(value, cut, ELLIPSIS[shape.encoding]) if cut else value
        if fields[name] == "" and keep_at_least:
            fields[name] = value[:keep_at_least]
        text = render(kind, language, fields)
        # A name cut by "over" characters may still be a unit too long (a two-unit character).
        while encoding.layout(text).segments > 1 and fields[name]:
            fields[name] = _shorten(fields[name], 1, ELLIPSIS[shape.encoding])
            text = render(kind, language, fields)
    return text


def notice_text(notification: Notification, language: str) -> str:
    """The notification as one line in ``language`` (the in-app list, e-mail subjects)."""
    return render(notification.kind, language, values(notification, language))
