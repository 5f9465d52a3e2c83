"""Which channel a conversation id belongs to. A conversation id is also the key of the resident's
lead, booking and transcript, so a channel may only use ids of its own namespace:

  whatsapp:+31612345678   WhatsApp: Twilio's signed `From` (bot/channels/whatsapp.py)
  web-<32 hex>            the website: derived by the server from a key only that browser holds
                          (bot/channels/socketio.py)
  anything else           the REST channel (development, tests, tools): it refuses ids of the
                          namespaces above, so it can never reach a WhatsApp or website
                          conversation (bot/channels/rest.py)

Rasa's HTTP API (`/conversations/...`) is not a channel: it needs RASA_AUTH_TOKEN.
"""

from __future__ import annotations

import re

WHATSAPP_PREFIX = "whatsapp:"
WEB_PREFIX = "web-"
MAX_ID_LENGTH = 128  # the API's limit for a conversation id
_PRINTABLE = re.compile(r"^[\x21-\x7e]+$")  # visible ASCII: no spaces, control or look-alike characters

_FOREIGN = {WHATSAPP_PREFIX: "WhatsApp", WEB_PREFIX: "the website"}


def is_whatsapp(conversation_id: str) -> bool:
    return conversation_id.startswith(WHATSAPP_PREFIX)


def rest_sender_problem(sender: object) -> str | None:
    """Why `sender` cannot be a REST conversation id, or None when it can."""
    if not isinstance(sender, str) or not sender:
        return "'sender' is required: a text that names the conversation"
    if len(sender) > MAX_ID_LENGTH:
        return f"'sender' is longer than {MAX_ID_LENGTH} characters"
    if not _PRINTABLE.match(sender):
        return "'sender' may hold only visible ASCII characters (no spaces)"
    lowered = sender.lower()
    for prefix, channel in _FOREIGN.items():
        if lowered.startswith(prefix):
            return f"'sender' ids starting with '{prefix}' belong to {channel}, not to the REST channel"
    return None
