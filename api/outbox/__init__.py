"""The outbox: every message that leaves the system is a row, sent once by the scheduler."""
