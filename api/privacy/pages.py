"""Erasing a lead from the portal, after a confirmation page."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse

from api.advisers.auth import SessionDep
from api.leads.access import lead_loader
from api.leads.models import Lead
from api.portal.deps import AdviserPage, CheckedForm, portal_adviser, portal_router
from api.portal.web import redirect, render
from api.privacy import service

router = portal_router()
LeadPage = Annotated[Lead, Depends(lead_loader(portal_adviser))]


@router.get("/leads/{lead_id}/erase", response_class=HTMLResponse)
def lead_erase_confirm(request: Request, lead: LeadPage, _: AdviserPage) -> Response:
    return render(request, "privacy/erase.html", lead=lead)


@router.post("/leads/{lead_id}/erase", response_class=HTMLResponse)
def lead_erase(lead: LeadPage, db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    if form.get("confirm") != "yes":
        return redirect(f"/advisers/leads/{lead.id}/erase?err=erase.must_confirm")
    service.erase_lead(db, lead, f"adviser:{adviser.id}")
    return redirect("/advisers/leads?done=erase.done")
