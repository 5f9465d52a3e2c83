"""E-mail notices to advisers: a new booking, a new prequalified lead. They name no resident."""
