"""The words of relative times («قبل دقيقتين», «il y a 5 minutes») that Django and Wagtail
translate, restated so the project's catalogues keep Moroccan Arabic and French forms of them.

Django's ``timesince`` counts with ``%(num)d minute`` and friends; Wagtail's admin says "just
now" only when that count equals its own ``0 minutes``. The stock Arabic and French catalogues
disagree on that phrase («0 دقيقة» / «0 دقائق», «0 minute» / «0 minutes»), so listings said
«قبل 0 دقيقة»; the project's catalogues (``locale/``, first in ``LOCALE_PATHS``) make the two agree
and give Arabic its six plural forms. Nothing imports this module: it is here for
``makemessages``, which keeps only the messages it finds in the code.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

ZERO_MINUTES = gettext_noop("0 minutes")

TIME_STRINGS = {
    "year": ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    "month": ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    "week": ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    "day": ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    "hour": ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    "minute": ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
}
