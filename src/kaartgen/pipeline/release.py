"""Release rules: may this edition be printed as final, and what should its maker be told first?

- **Verification.** Each contact records when and by whom its data was last checked. Older than the workspace's
  `verification.max_age_months` (default 12) is a warning; a final print edition refuses contact data that was
  never verified or was checked more than twice that long ago, unless the build allows it (``--allow-unverified``,
  or the region is listed in ``verification.unverified_allowed`` in ``kaartgen.yaml``) — then it stays a warning.
- **Region wordings.** A final edition in another language needs the region's note, labels and opening hours in
  that language; a draft shows the Dutch, marked.
- **Region warnings**, such as a name that repeats "Regio".
"""

from __future__ import annotations

import calendar
import datetime as dt

from ..load.regions import ROLES, region_warnings
from ..load.settings import Settings
from ..model.diagnostics import ERROR, WARNING, Diagnostic, Severity
from ..model.messages import T
from ..model.region import Contact, Region


def today() -> dt.date:
    """The date verification ages are measured against (the real date: a build date cannot make data fresh)."""
    return dt.date.today()


def verification_diagnostics(region: Region, settings: Settings, *, final_print: bool,
                             allow_unverified: bool) -> list[Diagnostic]:
    """A warning for each contact whose data is due a check; an error when a final print edition may not use it."""
    max_age = settings.max_age_months
    allowed_by = "--allow-unverified" if allow_unverified else \
        T("verification.unverified_allowed in kaartgen.yaml") if region.id in settings.unverified_allowed else ""
    found = []
    for contact in region.all_contacts():
        who = _who(contact)
        if contact.verified is None:
            stop = final_print and not allowed_by
            record = "verified: {on: YYYY-MM-DD, by: NAME}"
            hint = T("confirm the data with the organisation and record it: {record}; or build with "
                     "--allow-unverified", record=record) if stop else \
                T("confirm the data with the organisation and record it: {record}", record=record) if allowed_by \
                else T("confirm the data with the organisation and record it: {record}; a final print build "
                       "refuses it until then", record=record)
            found.append(_diagnostic(contact, ERROR if stop else WARNING, T("{who}: never verified", who=who),
                                     hint, allowed_by))
            continue
        on, now = contact.verified.on, today()
        if now <= add_months(on, max_age):
            continue
        too_old = now > add_months(on, 2 * max_age)  # twice the age: a final print run stops
        stop = final_print and too_old and not allowed_by
        hint = T("confirm the data with the organisation and update verified:; or build with --allow-unverified") \
            if stop else T("confirm the data with the organisation and update verified:; until then a final print "
                           "build refuses it") if too_old and not allowed_by \
            else T("confirm the data with the organisation and update verified:")
        found.append(_diagnostic(contact, ERROR if stop else WARNING,
                                 T("{who}: last verified {age} ({date}, by {by}); the workspace asks for a check "
                                   "every {months} months", who=who, age=_age(on, now), date=on.isoformat(),
                                   by=contact.verified.by, months=max_age),
                                 hint, allowed_by))
    return found


def release_diagnostics(region: Region) -> list[Diagnostic]:
    return region_warnings(region)


def _diagnostic(contact: Contact, severity: Severity, message: str, hint: str, allowed_by: str) -> Diagnostic:
    if allowed_by and severity is WARNING:
        message = T("{problem} (printed anyway: allowed by {allowed_by})", problem=message, allowed_by=allowed_by)
    if severity is ERROR:
        message = T("{problem}; a final print run needs contact data that has been checked", problem=message)
    where = contact.verified.source if contact.verified is not None and contact.verified.source else contact.source
    diagnostic = where.error(f"{contact.key}.verified", message, hint, code="verification")
    return diagnostic.with_severity(severity)


def _who(contact: Contact) -> str:
    name = ROLES.get(contact.role, contact.role)
    detail = contact.label.dutch if contact.label is not None else \
        contact.organisation.text if contact.organisation is not None else ""
    return f"{name} ({detail})" if detail else name


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter: 31 January + 1 month = 28 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _age(since: dt.date, until: dt.date) -> str:
    """'14 months ago' — whole months, counted as the calendar does."""
    months = (until.year - since.year) * 12 + until.month - since.month
    if until < add_months(since, months):
        months -= 1
    return T("{count} month ago", count=months) if months == 1 else T("{count} months ago", count=months)
