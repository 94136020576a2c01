#!/usr/bin/env bash
# Refresh the e-book's message catalogues (catalog/locale) from catalog/ and templates/catalog/ebook.
# makemessages only scans the current tree, so the e-book templates are copied in for the scan.
set -euo pipefail
cd "$(dirname "$0")/../catalog"
PY=${PY:-../.venv/bin/python}
trap 'rm -rf ebook/_templates_for_messages' EXIT
cp -r ../templates/catalog/ebook ebook/_templates_for_messages
DJANGO_SETTINGS_MODULE=library.settings.test $PY ../manage.py makemessages -l ar -l fr --no-location \
  --ignore='management/*' --ignore='models/*' --ignore='templatetags/*' --ignore='migrations/*' \
  --ignore=api.py --ignore=site_setup.py --ignore=page_cache.py --ignore=wagtail_hooks.py \
  --ignore=document_form.py
for lang in ar fr; do msgfmt --check-format -o locale/$lang/LC_MESSAGES/django.mo locale/$lang/LC_MESSAGES/django.po; done
