"""A small stand-in for the backend API that speaks the contract the actions use.
Runs in a thread on a free local port; tests inspect `calls` and tweak `state`."""

from __future__ import annotations

import asyncio
import socket
import threading
from typing import Any

from aiohttp import web

from api.eligibility.vocabulary import vocabulary

SLOTS = [
    {
        "adviser_id": "adv-1",
        "adviser_name": "Anna de Vries",
        "start": f"2026-11-{day}T{hour}:00:00+01:00",
        "end": f"2026-11-{day}T{hour}:45:00+01:00",
        "modes": ["phone", "video", "in_person"],
        "location": "Leerwerkloket, Spui 70, Den Haag",
    }
    for day, hour in [("24", "10"), ("24", "14"), ("25", "09"), ("26", "11"), ("26", "15"), ("27", "15"), ("30", "09")]
]
VOCAB = vocabulary()


def verdict(body: dict) -> dict:
    lang = body.get("language", "nl")
    reasons = []

    def add(rule: str, outcome: str, nl: str, en: str) -> None:
        reasons.append(
            {
                "rule": rule,
                "passed": outcome == "pass",
                "outcome": outcome,
                "explanation": nl if lang == "nl" else en,
                "explanations": {"nl": nl, "en": en},
            }
        )

    age = body.get("age")
    add(
        "age",
        "pass" if 18 <= age <= 67 else "fail",
        f"Je bent {age}: de grens is 18 tot 67.",
        f"You are {age}: the range is 18 to 67.",
    )
    mun = body.get("municipality")
    place = VOCAB.place(mun) if mun else None
    outcome = "needs_review" if place is None else "pass" if place.in_region else "fail"
    add("municipality", outcome, f"Je woont in {mun}.", f"You live in {mun}.")
    ws = body.get("work_situation")
    add(
        "work_situation",
        {"on_benefits": "needs_review", "student": "fail", "other": "needs_review"}.get(ws, "pass"),
        f"Werksituatie: {ws}.",
        f"Work situation: {ws}.",
    )
    add(
        "pains",
        "pass" if body.get("pains") else "needs_review",
        "Je wilt iets veranderen.",
        "You want to change something.",
    )
    outcomes = [r["outcome"] for r in reasons]
    v = "not_eligible" if "fail" in outcomes else ("needs_review" if "needs_review" in outcomes else "eligible")
    persona = "physical_work" if "physical_strain" in (body.get("pains") or []) else None
    steps = [
        {
            "kind": "book",
            "text": "Plan een adviesgesprek" if lang == "nl" else "Book a conversation",
            "texts": {"nl": "Plan een adviesgesprek", "en": "Book a conversation"},
            "url": None,
        }
    ]
    if v == "not_eligible":
        steps = [
            {
                "kind": "elsewhere",
                "text": "Leerwerkloket",
                "texts": {"nl": "Leerwerkloket", "en": "Leerwerkloket"},
                "url": "https://example.org/leerwerkloket",
            }
        ]
    return {"verdict": v, "reasons": reasons, "persona": persona, "next_steps": steps}


class FakeApi:
    def __init__(self, token: str = "test-token"):
        self.token = token
        self.calls: list[tuple[str, str, Any]] = []
        self.state: dict[str, Any] = {"down": False, "taken": set(), "leads": {}, "bookings": {}}
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None

    def _authed(self, request: web.Request) -> None:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            raise web.HTTPUnauthorized()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.json() if request.can_read_body else None
        self.calls.append((request.method, request.path, body if body is not None else dict(request.query)))
        if self.state["down"]:
            return web.json_response({"detail": "down"}, status=503)
        path = request.path
        if path == "/api/eligibility":
            return web.json_response(verdict(body))
        if path == "/api/conversations":
            return web.json_response({"ok": True}, status=201)
        if path.startswith("/api/leads/by-conversation/"):
            self._authed(request)
            cid = path.rsplit("/", 1)[1]
            if cid not in self.state["leads"] and not body.get("consent_at"):
                return web.json_response({"detail": {"code": "consent_required"}}, status=422)
            lead = self.state["leads"].setdefault(cid, {"conversation_id": cid})
            lead.update(body)
            # the verdict travels once: the upsert answers with it as `check` (never trusting a
            # verdict from the client)
            answer = {**lead, "check": None, "ignored": []}
            if all(lead.get(k) is not None for k in ("age", "work_situation")) and lead.get("pains") is not None:
                result = verdict({**lead, "language": lead.get("language", "nl")})
                answer["eligibility"] = {"verdict": result["verdict"], "reasons": result["reasons"]}
                answer["persona"] = result["persona"]
                answer["check"] = result
            return web.json_response(answer)
        if path == "/api/slots":
            start = request.query.get("from")
            items = [s for s in SLOTS if not start or s["start"] > start]
            items = [s for s in items if s["start"] not in self.state["taken"]]
            return web.json_response({"items": items[: int(request.query.get("limit", 4))]})
        if path.startswith("/api/bookings/by-conversation/"):
            self._authed(request)
            return self._conversation_booking(request.method, path, body)
        if path == "/api/bookings":
            self._authed(request)
            if body["conversation_id"] in self.state["bookings"]:
                existing = self.state["bookings"][body["conversation_id"]]
                detail = {"code": "already_booked", "booking": existing}
                return web.json_response({"detail": detail}, status=409)
            if body["start"] in self.state["taken"]:
                detail = {"code": "slot_taken", "message": "taken"}
                return web.json_response({"detail": detail}, status=409)
            self.state["taken"].add(body["start"])
            slot = next(s for s in SLOTS if s["start"] == body["start"])
            booking = {
                "id": "bk-1",
                "start": slot["start"],
                "end": slot["end"],
                "mode": body["mode"],
                "adviser": {"id": slot["adviser_id"], "name": slot["adviser_name"]},
                "location": slot["location"] if body["mode"] == "in_person" else None,
                "status": "active",
                "manage_token": "tok",
                "manage_url": "http://localhost:8000/booking/tok",
                "ics_url": "http://localhost:8000/booking/tok.ics",
            }
            self.state["bookings"][body["conversation_id"]] = booking
            return web.json_response(booking, status=201)
        if path.startswith("/api/privacy/conversations/"):
            self._authed(request)
            cid = path.rsplit("/", 1)[1]
            lead = self.state["leads"].pop(cid, None)
            booking = self.state["bookings"].pop(cid, None)
            return web.json_response(
                {"erased": lead is not None, "leads": int(lead is not None), "bookings": int(booking is not None)}
            )
        return web.json_response({"detail": "not found"}, status=404)

    def _conversation_booking(self, method: str, path: str, body: Any) -> web.Response:
        """A returning resident's appointment by conversation id (GET, .../cancel, .../reschedule);
        `state["started"]` holds conversations whose appointment has begun."""
        cid, _, verb = path.removeprefix("/api/bookings/by-conversation/").partition("/")
        booking = self.state["bookings"].get(cid)
        if booking is None:
            return web.json_response({"detail": {"code": "no_booking"}}, status=404)
        out = {k: v for k, v in booking.items() if k not in ("manage_token", "manage_url", "ics_url")}
        begun = cid in self.state.get("started", set())
        if method == "GET":
            if booking["status"] != "active" or begun:
                return web.json_response({"detail": {"code": "no_upcoming"}}, status=404)
            return web.json_response(out)
        if booking["status"] != "active" or begun:
            code = "started" if begun else "not_active"
            return web.json_response({"detail": {"code": code, "message": "no"}}, status=409)
        if verb == "cancel":
            booking["status"] = "cancelled"
            self.state["taken"].discard(booking["start"])
        elif verb == "reschedule":
            if body["start"] in self.state["taken"]:
                return web.json_response({"detail": {"code": "slot_taken", "message": "taken"}}, status=409)
            slot = next((s for s in SLOTS if s["start"] == body["start"]), None)
            if slot is None:
                return web.json_response({"detail": {"code": "not_offered", "message": "no"}}, status=422)
            self.state["taken"].discard(booking["start"])
            self.state["taken"].add(slot["start"])
            booking.update(start=slot["start"], end=slot["end"])
            booking["adviser"] = {"id": slot["adviser_id"], "name": slot["adviser_name"]}
            if booking["mode"] == "in_person":
                booking["location"] = slot["location"]
        else:
            return web.json_response({"detail": "not found"}, status=404)
        return web.json_response({k: v for k, v in booking.items() if k in out})

    def start(self) -> FakeApi:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app)

        def serve() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", self.port)
            self._loop.run_until_complete(site.start())
            self._loop.run_forever()

        threading.Thread(target=serve, daemon=True).start()
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                break
            except OSError:
                threading.Event().wait(0.05)
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":  # a stand-in API for trying the bot by hand: python -m tests.bot.fake_api 8000
    import sys

    api = FakeApi(token=__import__("os").environ.get("API_SERVICE_TOKEN", "test-token"))
    api.port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    api.url = f"http://127.0.0.1:{api.port}"
    api.start()
    print(f"fake API on {api.url}", flush=True)
    threading.Event().wait()
