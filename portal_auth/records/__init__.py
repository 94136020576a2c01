"""Pupils' records: marks, assessments, timetables, absences, grading, calendar, charts."""
