"""The staff screens of the records (marks, imports of marks, timetables, absences)."""
