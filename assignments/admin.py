"""Teachings in the Django admin: which teacher account teaches which class."""

from django.contrib import admin

from .models import Teaching


@admin.register(Teaching)
class TeachingAdmin(admin.ModelAdmin):
    list_display = ("teacher", "school_class")
    list_filter = ("school_class__year", "school_class__school")
    search_fields = ("teacher__username", "school_class__name", "school_class__school__code")
    raw_id_fields = ("teacher", "school_class")
