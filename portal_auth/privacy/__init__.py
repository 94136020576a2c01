"""What the portal holds about one account (law 09-08 access), and how long it keeps records."""
