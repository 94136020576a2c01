"""The units of Django's ``filesizeformat``, restated so the project's catalogues write sizes
as the rest of Maktaba does: «1,2 ميغابايت», «1,2 Mo» (the stock catalogues say «م.ب» and
«Mio»). Nothing imports this module: it is here for ``makemessages``."""

from django.utils.translation import gettext_noop

UNITS = [
    gettext_noop("%s KB"),
    gettext_noop("%s MB"),
    gettext_noop("%s GB"),
]
