"""Assignments: a teacher points their classes at library resources, and each pupil's progress.

Its own app because it joins the catalogue's resources and the portal's classes and pupils, and
belongs to neither: ``docs/assignments.md``.
"""
