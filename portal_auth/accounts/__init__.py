"""Pupil and guardian accounts: codes, activation, sign-in, throttling, slips and the logs."""
