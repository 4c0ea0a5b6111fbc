"""The audit trail: every change appends who, when, what (before/after) and why.

Entries are hash-chained (each carries the hash of the one before), so an edit or deletion
made behind propdesk's back is found by `check`.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from propdesk.db.models import AuditEntry

GENESIS = "0" * 64


def _dump(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def entry_hash(prev_hash: str, at: datetime, user: str, action: str, entity: str,
               entity_id: str | None, reason: str | None, before: str | None,
               after: str | None) -> str:  # fmt: skip
    payload = json.dumps(
        [prev_hash, at.isoformat(), user, action, entity, entity_id, reason, before, after],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def current_user(session: Session) -> str:
    return str(session.info.get("user") or "admin")


def record(
    session: Session,
    action: str,
    entity: str,
    entity_id: object = None,
    *,
    before: Any = None,
    after: Any = None,
    reason: str | None = None,
) -> AuditEntry:
    prev = (
        session.execute(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar()
        or GENESIS
    )
    at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    user = current_user(session)
    eid = None if entity_id is None else str(entity_id)
    b, a = _dump(before), _dump(after)
    entry = AuditEntry(
        at=at, user=user, action=action, entity=entity, entity_id=eid, reason=reason,
        before=b, after=a, prev_hash=prev,
        hash=entry_hash(prev, at, user, action, entity, eid, reason, b, a),
    )  # fmt: skip
    session.add(entry)
    session.flush()
    return entry


def verify_chain(session: Session) -> str | None:
    """Return a description of the first broken entry, or None when the chain holds."""
    prev = GENESIS
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
    for e in rows:
        expect = entry_hash(prev, e.at, e.user, e.action, e.entity, e.entity_id, e.reason,
                            e.before, e.after)  # fmt: skip
        if e.prev_hash != prev or e.hash != expect:
            return f"audit entry {e.id} ({e.action} {e.entity} {e.entity_id or ''})"
        prev = e.hash
    return None
