"""The pupil and guardian pages of the records."""
