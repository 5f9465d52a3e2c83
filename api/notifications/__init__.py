"""Messages after a booking or a lead change: which ones (service), their texts (texts/*.yml),
rendering at send time (compose) and the channels (mailer: SMTP, whatsapp: Twilio). Sent by the
outbox scheduler (api.outbox)."""
