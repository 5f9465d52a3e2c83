"""Text helpers: splitting, option matching, keywords."""

from bot.channels.whatsapp_text import keyword, match_option, number_options, split_message, units

OPTS = [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]


def test_split_keeps_short_text_whole():
    assert split_message("Hallo.") == ["Hallo."]
    assert split_message("  ") == []
    assert split_message("x" * 1600) == ["x" * 1600]


def test_split_on_sentences_lines_and_words():
    text = "\n".join(f"Regel {i} zonder punt maar met woorden genoeg" for i in range(80))
    parts = split_message(text)
    assert all(units(p) <= 1600 for p in parts)
    assert "\n".join(parts) == text
    words = " ".join(["woord"] * 800)  # no sentence end at all: cut between words
    parts = split_message(words)
    assert all(units(p) <= 1600 for p in parts) and " ".join(parts) == words
    blob = "y" * 3500  # not even a space
    assert split_message(blob) == ["y" * 1600, "y" * 1600, "y" * 300]


def test_split_counts_emoji_as_twilio_does():
    text = ("Top! 👍 " * 300).strip()
    parts = split_message(text)
    assert all(units(p) <= 1600 for p in parts) and len(parts) >= 2


def test_numbering_and_matching():
    assert number_options("Klopt dat?", OPTS, "nl") == (
        "Klopt dat?\n\n1. Ja\n2. Nee\n\nAntwoord met een nummer of typ je antwoord."
    )
    assert match_option("1", OPTS)["payload"] == "/affirm"
    assert match_option("2)", OPTS)["payload"] == "/deny"
    assert match_option("NEE.", OPTS)["payload"] == "/deny"
    assert match_option("0", OPTS) is None and match_option("3", OPTS) is None
    assert match_option("45", OPTS) is None
    assert match_option("nee hoor, ik ben 46", OPTS) is None
    assert match_option("1", []) is None


def test_keywords():
    for word in ["STOP", "stop", "Stoppen", "afmelden!", "Unsubscribe"]:
        assert keyword(word) == "out", word
    for word in ["START", "start", "Aanmelden"]:
        assert keyword(word) == "in", word
    for word in ["stop maar met vragen", "ik wil starten", "", "2"]:
        assert keyword(word) is None, word
