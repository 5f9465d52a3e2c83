"""Input channels of our own (Rasa's built-in Twilio connector is not used: see whatsapp.py)."""
