"""The landing page's texts in plain Dutch (B1) and English. Short sentences, no jargon."""

from __future__ import annotations

from typing import Any

from api.eligibility.service import get_rules, get_vocabulary

TEXTS: dict[str, dict[str, Any]] = {
    "nl": {
        "title": "Tot € 3.500 voor een opleiding – Haaglanden Leert Door",
        "description": "Woon je in de regio Den Haag? Krijg tot € 3.500 voor een cursus of opleiding. "
        "Doe de korte check en plan een gratis adviesgesprek.",
        "skip": "Naar de inhoud",
        "brand": "Haaglanden Leert Door",
        "switch_label": "English",
        "switch_title": "Read this page in English",
        "h1": "Tot € 3.500 voor een cursus of opleiding",
        "intro": [
            "Wil je iets nieuws leren? Of wil je groeien in je werk?",
            "Met de voucher van Haaglanden Leert Door krijg je tot € 3.500 voor een cursus of opleiding.",
            "Doe de korte check. Dan weet je snel of je mee kunt doen.",
        ],
        "open_chat": "Doe de check in de chat",
        "whatsapp": "Chat via WhatsApp",
        "whatsapp_note": "(opent WhatsApp)",
        "whatsapp_text": "Hoi! Ik wil weten of ik de voucher van Haaglanden Leert Door kan krijgen.",
        "noscript": "De chat werkt alleen met JavaScript. Je kunt ons ook een bericht sturen via WhatsApp.",
        "who_h": "Voor wie is de voucher?",
        "who": [
            "Je woont in {region}.",
            "Je bent {min_age} tot en met {max_age} jaar.",
            "Je wilt iets nieuws leren of verder groeien in je werk.",
        ],
        "who_note": "Je kunt werk hebben, zzp'er zijn, werk zoeken of weer aan het werk willen.",
        "what_h": "Wat krijg je?",
        "what": [
            "Tot € 3.500 voor een cursus of opleiding.",
            "Een gratis gesprek met een adviseur. Samen kijk je welke opleiding bij je past.",
            "Jij betaalt niets voor de check en het gesprek.",
        ],
        "how_h": "Hoe werkt het?",
        "how": [
            ("Doe de check", "Beantwoord een paar korte vragen in de chat. Dat duurt ongeveer 3 minuten."),
            ("Praat met een adviseur", "Plan in de chat een gratis adviesgesprek: {modes}."),
            ("Vraag de voucher aan", "Na het gesprek vraag je de voucher aan. De adviseur helpt je daarbij."),
        ],
        "good_h": "Goed om te weten",
        "good": [
            "De chat is een digitale assistent. Je praat dus niet met een mens.",
            "Je kiest zelf of we je antwoorden bewaren. Je kunt ze altijd laten wissen.",
            "De check is nog geen besluit. Een adviseur kijkt altijd mee.",
        ],
        "footer": "Haaglanden Leert Door is een regeling van Arbeidsmarktregio Haaglanden. "
        "Het geld komt van het Europees Sociaal Fonds Plus (ESF+).",
        "chat_title": "Leert Door-assistent",
    },
    "en": {
        "title": "Up to €3,500 for a course – Haaglanden Leert Door",
        "description": "Do you live in the Den Haag region? Get up to €3,500 for a course or training. "
        "Take the short check and book a free advice conversation.",
        "skip": "Skip to content",
        "brand": "Haaglanden Leert Door",
        "switch_label": "Nederlands",
        "switch_title": "Lees deze pagina in het Nederlands",
        "h1": "Up to €3,500 for a course or training",
        "intro": [
            "Do you want to learn something new? Or grow in your work?",
            "With the Haaglanden Leert Door voucher you get up to €3,500 for a course or training.",
            "Take the short check. You will quickly know if you can take part.",
        ],
        "open_chat": "Take the check in the chat",
        "whatsapp": "Chat on WhatsApp",
        "whatsapp_note": "(opens WhatsApp)",
        "whatsapp_text": "Hi! I would like to know if I can get the Haaglanden Leert Door voucher.",
        "noscript": "The chat needs JavaScript. You can also send us a message on WhatsApp.",
        "who_h": "Who is the voucher for?",
        "who": [
            "You live in {region}.",
            "You are {min_age} to {max_age} years old.",
            "You want to learn something new or grow in your work.",
        ],
        "who_note": "You may have a job, be self-employed, look for work or want to go back to work.",
        "what_h": "What do you get?",
        "what": [
            "Up to €3,500 for a course or training.",
            "A free conversation with an adviser. Together you find a course that suits you.",
            "The check and the conversation cost you nothing.",
        ],
        "how_h": "How does it work?",
        "how": [
            ("Take the check", "Answer a few short questions in the chat. It takes about 3 minutes."),
            ("Talk to an adviser", "Book a free advice conversation in the chat: {modes}."),
            ("Apply for the voucher", "After the conversation you apply for the voucher. The adviser helps you."),
        ],
        "good_h": "Good to know",
        "good": [
            "The chat is a digital assistant. You are not talking to a person.",
            "You decide whether we keep your answers. You can always have them deleted.",
            "The check is not a decision yet. An adviser always takes a look.",
        ],
        "footer": "Haaglanden Leert Door is a scheme of Arbeidsmarktregio Haaglanden. "
        "The money comes from the European Social Fund Plus (ESF+).",
        "chat_title": "Leert Door assistant",
    },
}


def _or_list(items: list[str], language: str) -> str:
    last = " of " if language == "nl" else " or "
    return ", ".join(items[:-1]) + last + items[-1] if len(items) > 1 else "".join(items)


def page_texts(lang: str) -> dict[str, Any]:
    """The page's texts with the region, the modes (vocabulary) and the age bounds (rules) filled in."""
    vocab, rules = get_vocabulary(), get_rules()
    modes = [vocab.label("mode", m, lang) for m in vocab.values("mode")]
    values = {
        "region": _or_list(vocab.region_labels(lang), lang),
        "min_age": rules.age.min,
        "max_age": rules.age.max,
        "modes": _or_list([m.lower() for m in modes], lang),
    }
    texts = dict(TEXTS[lang])
    texts["who"] = [line.format(**values) for line in texts["who"]]
    texts["how"] = [(title, body.format(**values)) for title, body in texts["how"]]
    return texts
