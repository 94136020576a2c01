"""The front-desk pages of an account: requests, messages, notifications."""
