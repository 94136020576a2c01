"""The front desk in the admin: the request queue, the day list, threads, opening hours."""
