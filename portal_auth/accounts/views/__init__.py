"""The account pages: activation, sign-in, password reset."""
