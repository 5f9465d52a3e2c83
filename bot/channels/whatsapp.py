"""WhatsApp through Twilio: a Rasa input channel of our own.

Registered in credentials.yml as `bot.channels.whatsapp.WhatsAppInput:` (settings from the
environment, see whatsapp_config.py; without them the endpoints answer 503).

  POST /webhooks/whatsapp/webhook   incoming messages (Twilio's form post)
  POST /webhooks/whatsapp/status    delivery status callbacks
  GET  /webhooks/whatsapp/          {"status": "ok", "enabled": bool}

Why not Rasa's built-in Twilio connector: it accepts unsigned requests, blocks the event loop
while sending, fails on media-only messages and shows button payloads.

Every request's X-Twilio-Signature is checked against the configured public URL (behind a
proxy the URL the server sees is not the one Twilio signed). Only WhatsApp senders
(`whatsapp:+...`) are served: this channel owns that namespace of conversation ids
(bot/channels/identity.py). A webhook is acknowledged at once with empty TwiML; the turn takes
its place in line on arrival (bot/channels/turns.py: one at a time per sender, in order, on any
Rasa process) and runs in a background task. A message over the size or rate limits of every
channel gets a polite refusal instead (bot/channels/guard.py; too many messages: one refusal per
window, since every WhatsApp message costs money). The bot's messages of a turn are collected
and sent after Rasa has stored the turn, so a failed delivery never loses it. Buttons become
numbered options; "2" or the option's words are mapped back to its payload. Each resident
message is reported to the API (the lead's last message for WhatsApp's 24-hour window, STOP and
START: bot/channels/whatsapp_leads.py) without making the reply wait.

Message metadata set for the bot:
  {"channel": "whatsapp",
   "whatsapp": {"profile_name": <ProfileName or null>, "wa_id": <WaId or null>,
                "message_sid": <MessageSid>}}
sender_id is Twilio's From, e.g. "whatsapp:+31612345678"; input_channel is "whatsapp".
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from twilio.request_validator import RequestValidator

from bot.channels import guard, turns
from bot.channels.identity import is_whatsapp
from bot.channels.whatsapp_config import WhatsAppConfig
from bot.channels.whatsapp_leads import LeadReporter
from bot.channels.whatsapp_store import SenderState, WhatsAppStore
from bot.channels.whatsapp_text import keyword, match_option, number_options, split_message, text_for
from bot.channels.whatsapp_twilio import TwilioSender

logger = logging.getLogger("bot.channels.whatsapp")

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
CHANNEL = "whatsapp"


class _Params(dict[str, list[str]]):
    """Form fields as lists of values, in the shape RequestValidator reads (getlist)."""

    def getlist(self, name: str) -> list[str]:
        return list(self[name])


class WhatsAppOutput(OutputChannel):
    """Collects the bot's messages of one turn (sent afterwards by the input channel), or, when
    made by `get_output_channel` (Rasa's trigger_intent/reminders), sends each one at once."""

    def __init__(self, channel: WhatsAppInput | None = None, immediate: bool = False) -> None:
        self.channel = channel
        self.immediate = immediate
        self.messages: list[dict[str, Any]] = []

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    async def _add(self, recipient_id: str, message: dict[str, Any]) -> None:
        if not (message.get("text") or "").strip() and not message.get("buttons"):
            return
        self.messages.append(message)
        if self.immediate and self.channel is not None:
            await self.channel.deliver(recipient_id, [message], in_reply_to="push")

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._add(recipient_id, {"text": text})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._add(recipient_id, {"text": text, "buttons": list(buttons)})

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._add(recipient_id, {"text": image})

    async def send_attachment(self, recipient_id: str, attachment: str, **kwargs: Any) -> None:
        await self._add(recipient_id, {"text": str(attachment)})

    async def send_elements(self, recipient_id: str, elements: Any, **kwargs: Any) -> None:
        for el in elements or []:
            if isinstance(el, dict):
                text = "\n".join(str(el[k]) for k in ("title", "subtitle") if el.get(k))
                await self._add(recipient_id, {"text": text, "buttons": el.get("buttons") or []})

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        if isinstance(json_message, dict) and isinstance(json_message.get("text"), str):
            await self._add(recipient_id, {"text": json_message["text"], "buttons": json_message.get("buttons") or []})


class WhatsAppInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WhatsAppInput:
        return cls(WhatsAppConfig.from_env(overrides=credentials or {}))

    def __init__(self, config: WhatsAppConfig | None = None, clock: Callable[[], datetime] | None = None) -> None:
        self.config = config or WhatsAppConfig.from_env()
        self.clock = clock or (lambda: datetime.now(timezone.utc))  # when a message arrived (tests move it)
        self._store: WhatsAppStore | None = None
        self.sender = TwilioSender(self.config)
        self.leads = LeadReporter(self.config.api_url, self.config.api_token)
        self._tasks: set[asyncio.Task[None]] = set()
        self._agent_app: Any = None
        if self.config.enabled:
            logger.info("%s", self.config.status_line())
        else:
            logger.warning("%s", self.config.status_line())

    @property
    def store(self) -> WhatsAppStore:
        if self._store is None:
            self._store = WhatsAppStore(self.config.db_path)
        return self._store

    def ref(self, sender: str) -> str:
        """A short, non-reversible reference to a sender for logs."""
        return "s:" + self.store.sender_key(sender)[:10]

    async def drain(self, timeout: float = 30.0) -> None:
        """Waits (at most `timeout` seconds) for the background turns under way (tests, shutdown);
        turns that start meanwhile are waited for too."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._tasks and loop.time() < deadline:
            await asyncio.wait(set(self._tasks), timeout=max(0.0, deadline - loop.time()))

    def _background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # the lead: the resident's last message and STOP/START (bot/channels/whatsapp_leads.py)
    async def _report(self, sender: str, sid: str, received_at: datetime, opted_out: bool | None = None) -> None:
        outcome = await self.leads.report(sender, received_at, opted_out)
        if outcome == "stored" and opted_out is not None:
            state = "opted out" if opted_out else "opted in"
            logger.info("whatsapp %s: the lead of %s is %s", sid, self.ref(sender), state)

    def _report_later(self, sender: str, sid: str, received_at: datetime) -> None:
        """The last message's time, after the reply has gone: the resident does not wait for it, and
        a lead created during this turn (consent) gets it too. Order does not matter: the API only
        moves it forward."""
        self._background(self._report(sender, sid, received_at))

    def get_output_channel(self) -> OutputChannel | None:
        return WhatsAppOutput(self, immediate=True) if self.config.enabled else None

    # the language of the conversation: the bot's `language` slot, remembered per sender
    async def _tracker_language(self, sender: str) -> str | None:
        agent = getattr(getattr(self._agent_app, "ctx", None), "agent", None)
        store = getattr(agent, "tracker_store", None)
        if store is None:
            return None
        try:
            tracker = await store.retrieve(sender)
            return tracker.get_slot("language") if tracker else None
        except Exception as exc:  # the tracker store may be unreachable: stay in Dutch  # noqa: BLE001
            logger.debug("language lookup failed: %s", type(exc).__name__)
            return None

    # sending
    async def deliver(
        self,
        sender: str,
        messages: list[dict[str, Any]],
        in_reply_to: str,
        language: str | None = None,
        force: bool = False,
    ) -> tuple[int, int]:
        """Renders (numbered options, 1,600-character parts) and sends in order; remembers the
        last options offered. Returns (parts sent, parts). Never raises."""
        key = self.store.sender_key(sender)
        if language is None:
            language = self.store.sender(key).language
        parts: list[str] = []
        offered: list[dict[str, Any]] | None = None
        for m in messages:
            text = m.get("text") or ""
            buttons = [b for b in (m.get("buttons") or []) if isinstance(b, dict)]
            if buttons:
                text = number_options(text, buttons, language)
                offered = buttons
            parts.extend(split_message(text))
        if in_reply_to != "system":
            self.store.set_buttons(key, offered or [])
        sent = 0
        for i, part in enumerate(parts, 1):
            if not force and self.store.is_opted_out(key):
                logger.info(
                    "whatsapp %s: %s opted out, %d part(s) not sent", in_reply_to, self.ref(sender), len(parts) - sent
                )
                break
            ref = f"{in_reply_to}#{i}/{len(parts)}"
            result = await self.sender.send(sender, part, ref)
            if not result.ok:
                logger.error(
                    "whatsapp %s: %d of %d part(s) for %s not delivered (%s); the turn itself is stored",
                    in_reply_to,
                    len(parts) - sent,
                    len(parts),
                    self.ref(sender),
                    result.error,
                )
                break
            sent += 1
            if result.sid:
                self.store.record_status(result.sid, result.status or "queued", in_reply_to=in_reply_to)
        return sent, len(parts)

    # receiving
    def _verified(self, request: Request, url: str) -> _Params | None:
        """The form fields when the signature is right, else None."""
        signature = request.headers.get("X-Twilio-Signature") or ""
        try:
            body = request.body.decode("utf-8")
        except UnicodeDecodeError:
            return None
        params = _Params(parse_qs(body, keep_blank_values=True))
        if request.query_string:
            url = f"{url}?{request.query_string}"
        if not signature or not RequestValidator(self.config.auth_token).validate(url, params, signature):
            return None
        return params

    async def _handle(
        self,
        form: dict[str, str],
        sid: str,
        turn: turns.Turn,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        received_at: datetime,
    ) -> None:
        sender = form["From"]
        outcome = "failed"
        try:
            async with turn:
                outcome = await self._turn(form, sid, sender, on_new_message, received_at)
        except Exception as exc:  # noqa: BLE001
            logger.error("whatsapp %s from %s failed: %s", sid, self.ref(sender), type(exc).__name__)
        finally:
            self.store.mark(sid, outcome)

    async def _refuse(self, form: dict[str, str], sid: str, refusal: guard.Refusal) -> None:
        sender = form["From"]
        outcome = f"refused_{refusal.reason}"
        try:
            if refusal.first:
                language = self.store.sender(self.store.sender_key(sender)).language
                await self.deliver(sender, [{"text": refusal.text(language)}], "system", language)
            else:
                outcome += "_silently"
        finally:
            self.store.mark(sid, outcome)

    async def _turn(
        self,
        form: dict[str, str],
        sid: str,
        sender: str,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        received_at: datetime,
    ) -> str:
        key = self.store.sender_key(sender)
        state = self.store.sender(key)
        text = (form.get("Body") or "").strip()
        kw = keyword(text)
        # A report that changes the opt-out is awaited here, after the confirmation went out: the
        # turns of one resident run one at a time, so STOP and START reach the API in order.
        if kw == "out":
            if not state.opted_out:
                self.store.set_opted_out(key, True)
                logger.info("whatsapp %s: %s opted out", sid, self.ref(sender))
                await self.deliver(
                    sender, [{"text": text_for("opted_out", state.language)}], "system", state.language, force=True
                )
            await self._report(sender, sid, received_at, opted_out=True)  # also again: the API may have missed it
            return "opted_out"
        if state.opted_out:
            if kw == "in":
                self.store.set_opted_out(key, False)
                logger.info("whatsapp %s: %s opted in", sid, self.ref(sender))
                await self.deliver(sender, [{"text": text_for("opted_in", state.language)}], "system", state.language)
                await self._report(sender, sid, received_at, opted_out=False)
                return "opted_in"
            logger.info("whatsapp %s: %s has opted out, ignored", sid, self.ref(sender))
            self._report_later(sender, sid, received_at)
            return "ignored_opted_out"
        try:
            return await self._converse(form, sid, sender, on_new_message, key, state, text)
        finally:
            if kw == "in":  # START while subscribed here: the lead follows (it goes to the bot too)
                await self._report(sender, sid, received_at, opted_out=False)
            else:
                self._report_later(sender, sid, received_at)

    async def _converse(
        self,
        form: dict[str, str],
        sid: str,
        sender: str,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        key: str,
        state: SenderState,
        text: str,
    ) -> str:
        """A message for the bot (or a photo, a location, nothing): the bot's turn and its reply."""
        is_location = form.get("MessageType") == "location" or (
            bool(form.get("Latitude")) and bool(form.get("Longitude"))
        )
        try:
            num_media = int(form.get("NumMedia") or 0)
        except ValueError:
            num_media = 0
        if not text:
            reason = "location" if is_location else "media" if num_media else "empty"
            await self.deliver(sender, [{"text": text_for(reason, state.language)}], "system", state.language)
            return f"answered_{reason}"

        chosen = match_option(text, state.buttons)
        message_text = (chosen.get("payload") or chosen.get("title")) if chosen else text
        metadata = {
            "channel": CHANNEL,
            "whatsapp": {
                "profile_name": form.get("ProfileName") or None,
                "wa_id": form.get("WaId") or None,
                "message_sid": sid,
            },
        }
        out = WhatsAppOutput(self)
        user_message = UserMessage(message_text, out, sender, input_channel=CHANNEL, message_id=sid, metadata=metadata)
        outcome = "processed"
        try:
            await on_new_message(user_message)
        except Exception as exc:  # noqa: BLE001
            logger.error("whatsapp %s from %s: the bot failed: %s", sid, self.ref(sender), type(exc).__name__)
            outcome = "bot_failed"
        language = await self._tracker_language(sender) or state.language
        self.store.set_language(key, language)
        messages = out.messages
        if outcome == "bot_failed" and not messages:
            messages = [{"text": text_for("error", language)}]
        sent, total = await self.deliver(sender, messages, sid, language)
        if sent < total:
            outcome += "_not_all_delivered"
        return outcome

    def _signed_form(self, request: Request, url: str, what: str) -> dict[str, str] | response.HTTPResponse:
        """The request's form when WhatsApp is on and Twilio signed it for `url`; else the answer."""
        if not self.config.enabled:
            return response.text("WhatsApp is not configured", status=503)
        params = self._verified(request, url)
        if params is None:
            logger.warning("whatsapp %s rejected: missing or wrong signature", what)
            return response.text("Forbidden", status=403)
        return {k: v[0] for k, v in params.items() if v}

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        channel = self

        @bp.route("/", methods=["GET"])
        async def health(request: Request) -> response.HTTPResponse:
            return response.json({"status": "ok", "enabled": channel.config.enabled})

        @bp.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> response.HTTPResponse:
            form = channel._signed_form(request, channel.config.webhook_url, "webhook")
            if isinstance(form, response.HTTPResponse):
                return form
            sid = form.get("MessageSid") or form.get("SmsMessageSid")
            sender = form.get("From") or ""
            if not sid or not sender:
                return response.text("MessageSid and From are required", status=400)
            if not is_whatsapp(sender):
                # signed by Twilio, but not WhatsApp (e.g. an SMS to the same number): not ours
                logger.warning("whatsapp %s: the sender is not a WhatsApp address, ignored", sid)
                return response.text(EMPTY_TWIML, content_type="text/xml")
            if not channel.store.claim(sid):
                logger.info("whatsapp %s: repeated delivery, already handled", sid)
                return response.text(EMPTY_TWIML, content_type="text/xml")
            received_at = channel.clock()
            channel._agent_app = request.app
            text = guard.clean(form.get("Body") or "")
            form["Body"] = text
            refusal = None if keyword(text) else guard.check(request.app, sender, text)
            if refusal is not None:
                work = channel._refuse(form, sid, refusal)
            else:
                work = channel._handle(form, sid, turns.take(request.app, sender), on_new_message, received_at)
            channel._background(work)
            return response.text(EMPTY_TWIML, content_type="text/xml")

        @bp.route("/status", methods=["POST"])
        async def status(request: Request) -> response.HTTPResponse:
            form = channel._signed_form(request, channel.config.status_url, "status callback")
            if isinstance(form, response.HTTPResponse):
                return form
            sid = form.get("MessageSid") or form.get("SmsSid")
            new = (form.get("MessageStatus") or form.get("SmsStatus") or "").lower()
            if not sid or not new:
                return response.text("MessageSid and MessageStatus are required", status=400)
            kept = channel.store.record_status(sid, new, form.get("ErrorCode"))
            if new in ("failed", "undelivered") and kept == new:
                logger.warning("whatsapp message %s %s (error code %s)", sid, new, form.get("ErrorCode") or "-")
            return response.text("", status=200)

        @bp.listener("before_server_stop")
        async def close(app: Any, loop: Any) -> None:
            await channel.drain(timeout=10)
            await channel.sender.close()
            await channel.leads.close()

        return bp
