"""The account pages: activation, sign-in, the pupil and guardian spaces."""
