"""Template tags that let any page (the home page too) lead into the library."""

from django import template

from catalog.models import Cycle, LibraryIndexPage

register = template.Library()


@register.simple_tag
def library_levels() -> dict:
    """The live library page and the cycles with their levels, in two queries plus one."""
    library = LibraryIndexPage.objects.live().first()
    cycles = Cycle.objects.prefetch_related("levels")
    return {"library": library, "cycles": cycles}
