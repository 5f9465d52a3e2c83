"""Generates domain.yml: intents, entities, slots, forms and the nl/en responses.

Every response exists in Dutch and English as conditional variations on the `language` slot.
Buttons are the same on every channel: the WhatsApp channel (bot/channels/whatsapp.py) renders
them as numbered options itself and maps "2" or the option's words back to the payload. Run `python -m bot.build_domain` after editing; a test checks that
domain.yml is up to date.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

INTENTS = [
    "greet", "goodbye", "thanks", "affirm", "deny", "inform", "dont_know", "bot_challenge",
    "out_of_scope", "ask_what_is_voucher", "ask_costs", "ask_courses", "ask_duration",
    "ask_taxes", "ask_who_can_apply", "ask_employer", "request_human", "restart", "delete_data",
    "switch_language", "other_times",
]
FAQ_INTENTS = [
    "ask_what_is_voucher", "ask_costs", "ask_courses", "ask_duration", "ask_taxes",
    "ask_who_can_apply", "ask_employer",
]
ENTITIES = [
    "age", "municipality", "work_situation", "pain", "sector", "mode", "language", "email",
    "phone", "slot_choice",
]
MUNICIPALITY_BUTTONS = ["Den Haag", "Delft", "Rijswijk", "Westland", "Midden-Delfland"]
WORK_SITUATIONS = {
    "employed": ("In loondienst (ook uitzend of flex)", "Employed (incl. agency or flex)"),
    "self_employed": ("Zzp'er / eigen bedrijf", "Self-employed / freelancer"),
    "job_seeker": ("Werkzoekend, geen uitkering", "Looking for work, no benefits"),
    "on_benefits": ("Ik heb een uitkering", "On benefits"),
    "returner": ("Ik wil weer aan het werk", "Returning to work"),
    "student": ("Ik studeer", "Student"),
    "other": ("Iets anders", "Something else"),
}
PAINS = {
    "physical_strain": ("Mijn werk is lichamelijk zwaar", "My work is physically heavy"),
    "low_income": ("Ik verdien te weinig", "I earn too little"),
    "irregular_hours": ("Onregelmatige uren", "Irregular hours"),
    "no_diploma": ("Ik heb geen diploma", "I have no diploma"),
    "insecure_work": ("Onzeker werk / flexcontract", "Insecure work / flex contract"),
    "no_prospects": ("Ik wil groeien", "I want to grow"),
}
MODES = {
    "phone": ("Telefonisch", "By phone"),
    "video": ("Videobellen", "Video call"),
    "in_person": ("Op kantoor", "In person"),
}


def b(nl: str, en: str, payload: str) -> dict:
    return {"nl": nl, "en": en, "payload": payload}


HUMAN_BUTTON = b("Bel mij liever", "Please call me", "/request_human")

# key -> (nl text, en text, buttons)
R: dict[str, tuple[str, str, list[dict]]] = {
    "utter_welcome": (
        "Hoi! Ik ben de digitale assistent van Haaglanden Leert Door. Ik ben geen mens.\n"
        "Ik stel je 4 korte vragen: je leeftijd, waar je woont, je werk en wat je wilt "
        "veranderen. Dan zeg ik of je waarschijnlijk een scholingsvoucher van maximaal "
        "€ 3.500 kunt krijgen. Daarna kun je een gratis adviesgesprek plannen.",
        "Hi! I am the digital assistant of Haaglanden Leert Door. I am not a person.\n"
        "I will ask you 4 short questions: your age, where you live, your work and what you "
        "would like to change. Then I tell you whether you are likely to get a training "
        "voucher of up to € 3,500. After that you can book a free advice conversation.",
        [],
    ),
    "utter_ask_consent": (
        "Mag ik je antwoorden bewaren? Alleen de adviseurs van de regio zien ze, om je te "
        "helpen. Je kunt ze altijd laten wissen: typ dan 'wis mijn gegevens'.",
        "May I store your answers? Only the region's advisers see them, to help you. You can "
        "have them erased at any time: just type 'delete my data'.",
        [b("Ja, dat is goed", "Yes, that's fine", "/affirm"),
         b("Nee, liever niet", "No, I'd rather not", "/deny")],
    ),
    "utter_consent_thanks": (
        "Dank je! We beginnen. Je kunt altijd een vraag tussendoor stellen.",
        "Thank you! Let's start. You can ask a question at any time.",
        [],
    ),
    "utter_no_consent": (
        "Prima, dan bewaar ik niets. In het kort: met de voucher van Haaglanden Leert Door "
        "kun je tot € 3.500 krijgen voor een opleiding of cursus, als je 18 tot 67 jaar bent "
        "en in Den Haag, Delft, Midden-Delfland, Rijswijk of Westland woont. Je hebt eerst een "
        "gratis adviesgesprek. Bel of loop binnen bij het Leerwerkloket Haaglanden, of typ "
        "'opnieuw' als je de vragen toch wilt doen.",
        "That's fine, I won't store anything. In short: the Haaglanden Leert Door voucher "
        "gives up to € 3,500 for a course or training if you are 18 to 67 and live in Den Haag, "
        "Delft, Midden-Delfland, Rijswijk or Westland. First you have a free advice "
        "conversation. Call or visit the Leerwerkloket Haaglanden, or type 'start over' if you "
        "want to answer the questions after all.",
        [b("Toch beginnen", "Start after all", "/restart")],
    ),
    "utter_ask_age": ("Hoe oud ben je?", "How old are you?", []),
    "utter_ask_municipality": (
        "In welke gemeente woon je?",
        "Which municipality do you live in?",
        [b(m, m, f'/inform{{"municipality": "{m}"}}') for m in MUNICIPALITY_BUTTONS]
        + [b("Andere gemeente", "Another municipality", '/inform{"municipality": "other"}'),
           b("Weet ik niet", "I don't know", "/dont_know")],
    ),
    "utter_ask_work_situation": (
        "Wat past het best bij jou op dit moment?",
        "What fits you best right now?",
        [b(nl, en, f'/inform{{"work_situation": "{k}"}}') for k, (nl, en) in
         WORK_SITUATIONS.items()],
    ),
    "utter_ask_pains": (
        "Wat wil je veranderen aan je werk? Bijvoorbeeld: het werk is lichamelijk zwaar, je "
        "verdient te weinig, je werkt onregelmatig of je hebt geen diploma. Je mag er meer "
        "noemen.",
        "What would you like to change about your work? For example: the work is physically "
        "heavy, you earn too little, your hours are irregular or you have no diploma. You can "
        "name more than one.",
        [b(nl, en, f'/inform{{"pain": "{k}"}}') for k, (nl, en) in PAINS.items()]
        + [b("Niets van dit", "None of these", "/deny")],
    ),
    "utter_invalid_age": (
        "Ik heb je leeftijd als getal nodig, bijvoorbeeld: 45.",
        "I need your age as a number, for example: 45.",
        [],
    ),
    "utter_invalid_municipality": (
        "Die gemeente ken ik niet. Noem de gemeente waar je woont, bijvoorbeeld Den Haag of "
        "Delft. Weet je het niet? Kies dan 'Weet ik niet'.",
        "I don't know that municipality. Please name the municipality you live in, for "
        "example The Hague or Delft. Not sure? Choose 'I don't know'.",
        [],
    ),
    "utter_invalid_work_situation": (
        "Dat begreep ik niet. Kies wat het best past, bijvoorbeeld 'in loondienst' of "
        "'zzp'er'.",
        "I didn't understand that. Choose what fits best, for example 'employed' or "
        "'self-employed'.",
        [],
    ),
    "utter_invalid_pains": (
        "Dat begreep ik niet. Vertel wat je wilt veranderen, of kies een knop.",
        "I didn't understand that. Tell me what you'd like to change, or pick a button.",
        [],
    ),
    "utter_invalid_mode": (
        "Kies hoe je het gesprek wilt: telefonisch, videobellen of op kantoor.",
        "Choose how you want the conversation: by phone, video call or in person.",
        [],
    ),
    "utter_invalid_slot_choice": (
        "Kies een van de tijden hieronder, of 'Andere tijden'.",
        "Choose one of the times below, or 'Other times'.",
        [],
    ),
    "utter_invalid_contact_name": (
        "Wat is je naam? Je voornaam is genoeg.",
        "What is your name? Your first name is enough.",
        [],
    ),
    "utter_invalid_contact": (
        "Dat lijkt geen telefoonnummer of e-mailadres. Bijvoorbeeld: 0612345678 of "
        "naam@voorbeeld.nl.",
        "That doesn't look like a phone number or email address. For example: 0612345678 or "
        "name@example.com.",
        [],
    ),
    "utter_invalid_booking_confirmed": (
        "Klopt de afspraak? Antwoord met ja of nee.",
        "Is the appointment right? Please answer yes or no.",
        [],
    ),
    "utter_invalid_wants_booking": (
        "Wil je een gratis adviesgesprek plannen? Antwoord met ja of nee.",
        "Would you like to book a free advice conversation? Please answer yes or no.",
        [],
    ),
    "utter_invalid_consent": (
        "Antwoord met ja of nee: mag ik je antwoorden bewaren?",
        "Please answer yes or no: may I store your answers?",
        [],
    ),
    "utter_offer_human": (
        "Lukt het zo niet? Kies een knop, of vraag of een adviseur je belt.",
        "Not working out? Pick a button, or ask an adviser to call you.",
        [HUMAN_BUTTON],
    ),
    "utter_ask_wants_booking": (
        "Wil je een gratis adviesgesprek met een adviseur plannen? Dat is nodig voor de "
        "voucher.",
        "Would you like to book a free advice conversation with an adviser? It is needed for "
        "the voucher.",
        [b("Ja, graag", "Yes, please", "/affirm"), b("Nee, nu niet", "No, not now", "/deny")],
    ),
    "utter_ask_mode": (
        "Hoe wil je het gesprek voeren?",
        "How would you like to have the conversation?",
        [b(nl, en, f'/inform{{"mode": "{k}"}}') for k, (nl, en) in MODES.items()],
    ),
    "utter_ask_contact_name": ("Wat is je naam?", "What is your name?", []),
    "utter_ask_contact": (
        "Op welk telefoonnummer of e-mailadres kunnen we je bereiken?",
        "On which phone number or email address can we reach you?",
        [],
    ),
    "utter_no_slots": (
        "Ik vind nu geen vrije tijden. Een adviseur neemt contact met je op om een tijd te "
        "kiezen.",
        "I can't find any free times right now. An adviser will contact you to pick a time.",
        [],
    ),
    "utter_slot_taken": (
        "Die tijd is net door iemand anders geboekt. Hier zijn nieuwe tijden.",
        "That time was just booked by someone else. Here are new times.",
        [],
    ),
    "utter_booking_declined": (
        "Goed. Wil je later toch een gesprek? Typ dan 'afspraak maken'.",
        "Fine. If you want a conversation later, just type 'book an appointment'.",
        [],
    ),
    "utter_what_is_voucher": (
        "Met Haaglanden Leert Door krijg je een voucher van maximaal € 3.500 voor een "
        "opleiding of cursus. Het geld komt van het Europees Sociaal Fonds. Eerst heb je een "
        "gratis adviesgesprek.",
        "With Haaglanden Leert Door you get a voucher of up to € 3,500 for a course or "
        "training. The money comes from the European Social Fund. First you have a free "
        "advice conversation.",
        [],
    ),
    "utter_costs": (
        "Het adviesgesprek is gratis. De voucher betaalt je opleiding tot € 3.500. Is de "
        "opleiding duurder, dan bespreek je met de adviseur hoe je de rest betaalt.",
        "The advice conversation is free. The voucher pays for your training up to € 3,500. "
        "If the training costs more, you discuss with the adviser how to pay the rest.",
        [],
    ),
    "utter_courses": (
        "Je kunt veel kiezen: bijvoorbeeld zorg, kinderopvang, onderwijs, ICT, techniek of "
        "beveiliging. De opleiding moet je helpen in je werk of naar ander werk. De adviseur "
        "helpt je kiezen.",
        "There is a lot to choose from: for example care, childcare, education, IT, technology "
        "or security. The training must help you in your work or towards other work. The "
        "adviser helps you choose.",
        [],
    ),
    "utter_duration": (
        "Dat hangt af van de opleiding: van een paar weken tot ongeveer een jaar. Het "
        "adviesgesprek duurt ongeveer een uur.",
        "That depends on the training: from a few weeks to about a year. The advice "
        "conversation takes about an hour.",
        [],
    ),
    "utter_taxes": (
        "De voucher betaalt de school of opleider direct. Je krijgt het geld niet zelf, dus "
        "je betaalt er geen belasting over. Twijfel je? Vraag het de adviseur.",
        "The voucher pays the school or provider directly. You don't receive the money "
        "yourself, so you pay no tax on it. Not sure? Ask the adviser.",
        [],
    ),
    "utter_who_can_apply": (
        "Iedereen van 18 tot 67 jaar die woont in Den Haag, Delft, Midden-Delfland, Rijswijk of "
        "Westland, en zich wil bijscholen of omscholen. Met of zonder werk.",
        "Anyone aged 18 to 67 who lives in Den Haag, Delft, Midden-Delfland, Rijswijk or "
        "Westland and wants to upskill or retrain. With or without a job.",
        [],
    ),
    "utter_employer": (
        "Werkgevers kunnen hun medewerkers wijzen op de voucher. De medewerker vraagt hem zelf "
        "aan. Voor vragen van werkgevers kun je terecht bij het Werkgeversservicepunt "
        "Haaglanden.",
        "Employers can point their staff to the voucher. The employee applies personally. "
        "Employers with questions can contact the Werkgeversservicepunt Haaglanden.",
        [],
    ),
    "utter_bot_challenge": (
        "Ik ben een digitale assistent, geen mens. Wil je met een mens praten? Vraag dan of "
        "een adviseur je belt.",
        "I am a digital assistant, not a person. Want to talk to a person? Ask an adviser to "
        "call you.",
        [HUMAN_BUTTON],
    ),
    "utter_out_of_scope": (
        "Daar kan ik je helaas niet mee helpen. Ik help met de scholingsvoucher van Haaglanden "
        "Leert Door. Zullen we verder gaan?",
        "Sorry, I can't help you with that. I help with the Haaglanden Leert Door training "
        "voucher. Shall we continue?",
        [],
    ),
    "utter_greet_back": ("Hoi! Waarmee kan ik je helpen?", "Hi! How can I help you?", []),
    "utter_thanks": ("Graag gedaan!", "You're welcome!", []),
    "utter_goodbye": (
        "Dag! Je kunt altijd terugkomen in dit gesprek.",
        "Bye! You can always come back to this conversation.",
        [],
    ),
    "utter_anything_else": (
        "Heb je nog een vraag? Je kunt ook vragen of een adviseur je belt.",
        "Do you have another question? You can also ask an adviser to call you.",
        [HUMAN_BUTTON],
    ),
    "utter_language_switched": (
        "Prima, we gaan verder in het Nederlands.",
        "Sure, let's continue in English.",
        [],
    ),
    "utter_restarting": ("Goed, we beginnen opnieuw.", "OK, let's start over.", []),
    "utter_data_deleted": (
        "Je gegevens en dit gesprek zijn gewist.",
        "Your data and this conversation have been erased.",
        [],
    ),
    "utter_delete_failed": (
        "Het wissen is nu niet gelukt door een storing. Probeer het zo nog eens.",
        "Erasing didn't work right now because of a technical problem. Please try again "
        "shortly.",
        [],
    ),
    "utter_api_down": (
        "Sorry, er gaat nu iets mis aan onze kant. Je antwoorden zijn bewaard. Probeer het zo "
        "nog eens.",
        "Sorry, something is going wrong on our side. Your answers are kept. Please try again "
        "in a moment.",
        [b("Opnieuw proberen", "Try again", "/affirm")],
    ),
    "utter_human_requested": (
        "Ik heb gevraagd of een adviseur contact met je opneemt. Dat gebeurt meestal binnen 2 "
        "werkdagen.",
        "I have asked an adviser to contact you. That usually happens within 2 working days.",
        [],
    ),
    "utter_human_need_contact": (
        "Een adviseur belt of mailt je graag. Op welk telefoonnummer of e-mailadres kunnen we "
        "je bereiken?",
        "An adviser will gladly call or email you. On which phone number or email address can "
        "we reach you?",
        [],
    ),
    "utter_human_no_consent": (
        "Ik bewaar niets zonder jouw toestemming. Je kunt zelf bellen of langsgaan bij het "
        "Leerwerkloket Haaglanden. Of typ 'opnieuw' en geef toestemming, dan belt een adviseur "
        "jou.",
        "I don't store anything without your consent. You can call or visit the Leerwerkloket "
        "Haaglanden yourself. Or type 'start over' and give consent, then an adviser will call "
        "you.",
        [],
    ),
    "utter_verdict_eligible": (
        "Goed nieuws: je komt waarschijnlijk in aanmerking voor de voucher. Dit is waarom:",
        "Good news: you are likely eligible for the voucher. This is why:",
        [],
    ),
    "utter_verdict_needs_review": (
        "Je komt misschien in aanmerking. Een adviseur moet nog iets nakijken. Dit is waarom:",
        "You may be eligible. An adviser needs to check something. This is why:",
        [],
    ),
    "utter_verdict_not_eligible": (
        "Je komt helaas waarschijnlijk niet in aanmerking voor deze voucher. Dit is waarom:",
        "Unfortunately you are probably not eligible for this voucher. This is why:",
        [],
    ),
    "utter_persona_physical_work": (
        "Veel mensen met zwaar werk kiezen een opleiding naar werk dat minder zwaar is, "
        "bijvoorbeeld als opzichter, werkvoorbereider of instructeur. Je ervaring telt mee.",
        "Many people with physically heavy work choose training for work that is less heavy, "
        "for example as supervisor, planner or instructor. Your experience counts.",
        [],
    ),
    "utter_persona_retail_to_childcare": (
        "Werk je graag met kinderen? Met een opleiding tot pedagogisch medewerker kun je in de "
        "kinderopvang werken, vaak met vastere uren.",
        "Do you like working with children? With training as a pedagogical employee you can "
        "work in childcare, often with more regular hours.",
        [],
    ),
    "utter_persona_young_restart": (
        "Weet je nog niet wat je wilt? Dat is normaal. In het adviesgesprek kijk je samen wat "
        "bij je past, ook zonder diploma.",
        "Not sure yet what you want? That's normal. In the advice conversation you look "
        "together at what suits you, also without a diploma.",
        [],
    ),
    "utter_persona_ict_switcher": (
        "ICT is goed te leren, ook vanuit administratief werk. Er zijn korte opleidingen die "
        "je helpen de overstap te maken.",
        "IT can be learned, also coming from admin work. There are short courses that help you "
        "make the switch.",
        [],
    ),
    "utter_persona_security_growth": (
        "Wil je groeien, bijvoorbeeld naar BOA of de brandweer? De voucher kan die opleiding "
        "betalen.",
        "Want to grow, for example to enforcement officer (BOA) or the fire brigade? The "
        "voucher can pay for that training.",
        [],
    ),
    "utter_persona_education_switcher": (
        "Goed met kinderen en op zoek naar werk met betekenis? Denk aan onderwijsassistent: de "
        "voucher kan de opleiding betalen.",
        "Good with children and looking for meaningful work? Think of teaching assistant: the "
        "voucher can pay for the training.",
        [],
    ),
    "utter_persona_underpaid_freelancer": (
        "Ook als zzp'er kun je de voucher gebruiken, bijvoorbeeld om je te specialiseren en een "
        "hoger tarief te vragen.",
        "As a freelancer you can use the voucher too, for example to specialise and charge a "
        "higher rate.",
        [],
    ),
    "utter_not_eligible_where_to_go": (
        "Je staat er niet alleen voor. Het Leerwerkloket Haaglanden helpt je gratis met "
        "advies over leren en werk.",
        "You're not on your own. The Leerwerkloket Haaglanden gives free advice about learning "
        "and work.",
        [],
    ),
}

# Questions and requests are not answers: "can I get this as a student?" must not make the
# resident a student. Answers may still come with a greeting ("hoi, ik ben 45").
QUESTION_INTENTS = [
    "ask_what_is_voucher", "ask_costs", "ask_courses", "ask_duration", "ask_taxes", "ask_who_can_apply",
    "ask_employer", "bot_challenge", "out_of_scope", "request_human", "delete_data", "restart",
]  # fmt: skip


def answer(entity: str) -> dict:
    return {"type": "from_entity", "entity": entity, "not_intent": QUESTION_INTENTS}


SLOTS = {
    "language": {"type": "categorical", "values": ["nl", "en"], "initial_value": "nl",
                 "influence_conversation": False,
                 "mappings": [{"type": "custom", "action": "action_observe_message"}]},
    "language_source": {"type": "text", "influence_conversation": False,
                        "mappings": [{"type": "custom", "action": "action_observe_message"}]},
    "channel": {"type": "text", "influence_conversation": False,
                "mappings": [{"type": "custom", "action": "action_observe_message"}]},
    "utm": {"type": "any", "influence_conversation": False,
            "mappings": [{"type": "custom", "action": "action_observe_message"}]},
    "conversation_registered": {"type": "bool", "influence_conversation": False,
                                "mappings": [{"type": "custom",
                                              "action": "action_observe_message"}]},
    "callback_pending": {"type": "bool", "influence_conversation": False,
                         "mappings": [{"type": "custom", "action": "action_observe_message"}]},
    "consent": {"type": "bool", "influence_conversation": True, "mappings": [
        {"type": "from_intent", "intent": "affirm", "value": True,
         "conditions": [{"active_loop": "consent_form", "requested_slot": "consent"}]},
        {"type": "from_intent", "intent": "deny", "value": False,
         "conditions": [{"active_loop": "consent_form", "requested_slot": "consent"}]},
    ]},
    "age": {"type": "any", "influence_conversation": False,
            "mappings": [answer("age"), {"type": "custom"}]},
    "municipality": {"type": "text", "influence_conversation": False,
                     "mappings": [answer("municipality"),
                                  {"type": "custom"}]},
    "work_situation": {"type": "text", "influence_conversation": False,
                       "mappings": [answer("work_situation"),
                                    {"type": "custom"}]},
    "pains": {"type": "list", "influence_conversation": False,
              "mappings": [answer("pain"), {"type": "custom"}]},
    "sector": {"type": "text", "influence_conversation": False,
               "mappings": [answer("sector")]},
    "failures": {"type": "float", "influence_conversation": False, "initial_value": 0,
                 "mappings": [{"type": "custom"}]},
    "verdict": {"type": "categorical", "values": ["eligible", "not_eligible", "needs_review"],
                "influence_conversation": True, "mappings": [{"type": "custom"}]},
    "persona": {"type": "text", "influence_conversation": False,
                "mappings": [{"type": "custom"}]},
    "eligibility": {"type": "any", "influence_conversation": False,
                    "mappings": [{"type": "custom"}]},
    "api_error": {"type": "bool", "influence_conversation": True,
                  "mappings": [{"type": "custom"}]},
    "wants_booking": {"type": "bool", "influence_conversation": False, "mappings": [
        {"type": "from_intent", "intent": "affirm", "value": True,
         "conditions": [{"active_loop": "booking_form", "requested_slot": "wants_booking"}]},
        {"type": "from_intent", "intent": "deny", "value": False,
         "conditions": [{"active_loop": "booking_form", "requested_slot": "wants_booking"}]},
    ]},
    "mode": {"type": "text", "influence_conversation": False,
             "mappings": [{"type": "from_entity", "entity": "mode",
                           "conditions": [{"active_loop": "booking_form"}]},
                          {"type": "custom"}]},
    "slot_choice": {"type": "text", "influence_conversation": False,
                    "mappings": [{"type": "from_entity", "entity": "slot_choice",
                                  "conditions": [{"active_loop": "booking_form"}]},
                                 {"type": "custom"}]},
    "offered_slots": {"type": "any", "influence_conversation": False,
                      "mappings": [{"type": "custom"}]},
    "contact_name": {"type": "text", "influence_conversation": False, "mappings": [
        {"type": "from_text",
         "not_intent": ["request_human", "restart", "delete_data", "switch_language",
                        "bot_challenge"] + FAQ_INTENTS,
         "conditions": [{"active_loop": "booking_form", "requested_slot": "contact_name"}]},
    ]},
    "contact_phone": {"type": "text", "influence_conversation": False,
                      "mappings": [{"type": "from_entity", "entity": "phone"}]},
    "contact_email": {"type": "text", "influence_conversation": False,
                      "mappings": [{"type": "from_entity", "entity": "email"}]},
    "contact": {"type": "text", "influence_conversation": False,
                "mappings": [{"type": "custom"}]},
    "booking_confirmed": {"type": "bool", "influence_conversation": False, "mappings": [
        {"type": "from_intent", "intent": "affirm", "value": True,
         "conditions": [{"active_loop": "booking_form", "requested_slot": "booking_confirmed"}]},
        {"type": "from_intent", "intent": "deny", "value": False,
         "conditions": [{"active_loop": "booking_form", "requested_slot": "booking_confirmed"}]},
    ]},
    "slots_from": {"type": "text", "influence_conversation": False,
                   "mappings": [{"type": "custom"}]},
    "erased": {"type": "bool", "influence_conversation": False,
               "mappings": [{"type": "custom"}]},
    "booking": {"type": "any", "influence_conversation": False,
                "mappings": [{"type": "custom"}]},
}

FORMS = {
    "consent_form": {"required_slots": ["consent"]},
    "intake_form": {"required_slots": ["age", "municipality", "work_situation", "pains"]},
    "booking_form": {"required_slots": ["wants_booking", "mode", "slot_choice", "contact_name",
                                        "contact", "booking_confirmed"]},
}

ACTIONS = [
    "action_observe_message", "validate_consent_form", "validate_intake_form",
    "validate_booking_form", "action_ask_slot_choice", "action_ask_booking_confirmed",
    "action_after_consent", "action_check_eligibility", "action_booking_done",
    "action_request_human", "action_restart", "action_delete_data",
    "action_switch_language", "action_retry", "action_recheck",
]


def cond(lang: str) -> list[dict]:
    return [{"type": "slot", "name": "language", "value": lang}]


def responses() -> dict:
    out: dict = {}
    for key, (nl, en, buttons) in R.items():
        variants = []
        for lang, text in (("nl", nl), ("en", en)):
            v: dict = {"condition": cond(lang), "text": text}
            if buttons:
                v["buttons"] = [{"title": bt[lang], "payload": bt["payload"]} for bt in buttons]
            variants.append(v)
        # an unconditional Dutch fallback, in case the language slot is ever unset
        variants.append({"text": nl, **({"buttons": [
            {"title": bt["nl"], "payload": bt["payload"]} for bt in buttons]} if buttons else {})})
        out[key] = variants
    return out


def domain() -> dict:
    return {
        "version": "3.1",
        "session_config": {"session_expiration_time": 0, "carry_over_slots_to_new_session": True},
        "intents": INTENTS,
        "entities": ENTITIES,
        "slots": SLOTS,
        "forms": FORMS,
        "responses": responses(),
        "actions": ACTIONS,
    }


HEADER = "# Generated by `python -m bot.build_domain` from bot/build_domain.py: edit that file.\n"


def render() -> str:
    return HEADER + yaml.safe_dump(domain(), allow_unicode=True, sort_keys=False, width=100)


def main() -> int:
    target = ROOT / "domain.yml"
    text = render()
    if "--check" in sys.argv:
        if target.read_text(encoding="utf-8") != text:
            print("domain.yml is out of date: run python -m bot.build_domain")
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
