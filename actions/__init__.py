"""Custom actions of the Leert Door intake bot (rasa-sdk action server)."""
