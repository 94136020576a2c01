"""The teacher's pages (``teacher``) and the pupil's and guardian's (``family``)."""
