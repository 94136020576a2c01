"""The front desk: document requests, appointments, messages, notifications."""
