"""The intents the bot knows: one list for the domain generator, the rules, the actions that read
messages (actions/reading.py) and the checks of the held-out sets. Standard library only, so the
action server and the test scripts can import it without Rasa."""

# Questions about the scheme: answered by the rules, then the open question comes again.
FAQ_INTENTS = (
    "ask_what_is_voucher",
    "ask_costs",
    "ask_courses",
    "ask_duration",
    "ask_taxes",
    "ask_who_can_apply",
    "ask_employer",
    "ask_privacy",
)
# the answer to a question about the scheme: ask_privacy -> utter_privacy
FAQ_RESPONSES = {intent: "utter_" + intent.removeprefix("ask_") for intent in FAQ_INTENTS}
INTENTS = (
    "greet",
    "goodbye",
    "thanks",
    "affirm",
    "deny",
    "inform",
    "dont_know",
    "bot_challenge",
    "out_of_scope",
    *FAQ_INTENTS,
    "request_human",
    "restart",
    "delete_data",
    "switch_language",
    "other_times",
)
