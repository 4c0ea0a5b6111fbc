"""Trial service (先尝后买): serving a compound free of charge before any contract.

A trial is a contract-less period with start and end dates. Nothing is billed in it (billing
only bills under an active contract); what the services cost is the company's own expense,
posted as Dr 540105 主营业务成本—试运行服务成本 / Cr 1001 库存现金 or 1002 银行存款 through
expenses.post_cost, so trial costs show among the company's expenses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.db.models import Compound, Contract, TrialPeriod, TrialService
from propdesk.db.ordering import by_code
from propdesk.services import audit, expenses

PAID_FROM = {"cash": "1001", "bank": "1002"}
SERVICE_KINDS = {
    "cleaning": bilingual("保洁", "cleaning"),
    "repair": bilingual("维修", "repairs"),
    "rubbish": bilingual("垃圾清运", "rubbish removal"),
    "greening": bilingual("绿化", "greening"),
    "other": bilingual("其他", "other"),
}
SERVICE_BY_LABEL = {t.zh: k for k, t in SERVICE_KINDS.items()} | {k: k for k in SERVICE_KINDS}

T_BAD_TERM = bilingual(
    "试运行结束日期 {end} 早于开始日期 {start}", "the trial ends ({end}) before it starts ({start})"
)
T_TRIAL_OVERLAP = bilingual(
    "小区「{compound}」在 {start} 至 {end} 已有试运行期",
    'compound "{compound}" already has a trial from {start} to {end}',
)
T_CONTRACT_OVERLAP = bilingual(
    "小区「{compound}」在该期间有物业服务合同 {number}，试运行期不能与合同期重叠",
    'compound "{compound}" has service contract {number} then; a trial cannot overlap a contract',
)
T_NO_TRIAL = bilingual("试运行期 {id} 不存在", "trial {id} does not exist")
T_OUTSIDE = bilingual(
    "{date} 不在试运行期（{start} 至 {end}）内", "{date} is outside the trial ({start} to {end})"
)
T_BAD_KIND = bilingual(
    "服务类型「{kind}」无效，应为：{allowed}",
    'service kind "{kind}" is invalid; expected: {allowed}',
)
T_BAD_PAID = bilingual("付款方式应为 cash（现金）或 bank（银行）", "paid from must be cash or bank")
T_NEGATIVE = bilingual("成本不能为负数", "a cost cannot be negative")
T_NO_DESCRIPTION = bilingual("请填写服务内容", "describe the service given")
T_SUMMARY = bilingual(
    "{compound} 试运行{kind}：{description}", "{compound} trial {kind}: {description}"
)


@dataclass(frozen=True, slots=True)
class TrialRow:
    id: int
    compound: str
    start: date
    end: date
    services: int
    cost: int  # fen
    notes: str


def add_trial(
    session: Session, compound: Compound, start: date, end: date, *, notes: str = ""
) -> TrialPeriod:
    """Open a trial period; it may not overlap another trial or a signed or active contract."""
    if end < start:
        raise UserError(T_BAD_TERM, start=start, end=end)
    other = session.execute(
        select(TrialPeriod).where(
            TrialPeriod.compound_id == compound.id, TrialPeriod.start <= end, TrialPeriod.end >= start
        )
    ).scalar()  # fmt: skip
    if other is not None:
        raise UserError(T_TRIAL_OVERLAP, compound=compound.name, start=other.start, end=other.end)
    clash = session.execute(
        select(Contract.number).where(
            Contract.compound_id == compound.id,
            Contract.status.in_(("signed", "active")),
            Contract.start <= end,
            Contract.end >= start,
        )
    ).scalar()
    if clash is not None:
        raise UserError(T_CONTRACT_OVERLAP, compound=compound.name, number=clash)
    trial = TrialPeriod(
        compound_id=compound.id, start=start, end=end, notes=notes.strip(),
        created_at=datetime.now(UTC).replace(tzinfo=None, microsecond=0),
    )  # fmt: skip
    session.add(trial)
    session.flush()
    audit.record(session, "trial.add", "trial_period", trial.id, after={
        "compound": compound.name, "start": start.isoformat(), "end": end.isoformat()})  # fmt: skip
    return trial


def get_trial(session: Session, trial_id: int) -> TrialPeriod:
    trial = session.get(TrialPeriod, trial_id)
    if trial is None:
        raise UserError(T_NO_TRIAL, id=trial_id)
    return trial


def record_service(
    session: Session,
    trial: TrialPeriod,
    on: date,
    kind: str,
    description: str,
    cost: int,
    *,
    paid_from: str = "bank",
) -> TrialService:
    """A service given during the trial; a cost is posted as the company's expense."""
    kind = SERVICE_BY_LABEL.get(kind.strip(), kind.strip())
    if kind not in SERVICE_KINDS:
        raise UserError(T_BAD_KIND, kind=kind, allowed=" / ".join(SERVICE_KINDS))
    if paid_from not in PAID_FROM:
        raise UserError(T_BAD_PAID)
    if type(cost) is not int:
        raise TypeError(f"a cost is int fen, got {type(cost).__name__}")
    if cost < 0:
        raise UserError(T_NEGATIVE)
    description = " ".join(description.split())
    if not description:
        raise UserError(T_NO_DESCRIPTION)
    if not trial.start <= on <= trial.end:
        raise UserError(T_OUTSIDE, date=on, start=trial.start, end=trial.end)
    compound = session.get(Compound, trial.compound_id)
    assert compound is not None
    voucher_id = None
    if cost:
        summary = T_SUMMARY.format(compound=compound.name, kind=SERVICE_KINDS[kind].format(),
                                   description=description)  # fmt: skip
        ref = expenses.post_cost(session, on, "trial", cost, PAID_FROM[paid_from], summary,
                                 compound_id=compound.id, source=expenses.SOURCE_TRIAL)  # fmt: skip
        voucher_id = ref.id
    service = TrialService(trial_id=trial.id, date=on, kind=kind, description=description[:200],
                           cost=cost, voucher_id=voucher_id)  # fmt: skip
    session.add(service)
    session.flush()
    audit.record(session, "trial.service", "trial_period", trial.id, after={
        "date": on.isoformat(), "kind": kind, "description": description, "cost": cost,
        "voucher": voucher_id})  # fmt: skip
    return service


def in_trial(session: Session, compound_id: int, on: date) -> TrialPeriod | None:
    return session.execute(
        select(TrialPeriod).where(
            TrialPeriod.compound_id == compound_id, TrialPeriod.start <= on, TrialPeriod.end >= on
        )
    ).scalar()


def list_trials(session: Session, compound_id: int | None = None) -> list[TrialRow]:
    q = (
        select(TrialPeriod, Compound.name, func.count(TrialService.id), func.sum(TrialService.cost))
        .join(Compound, Compound.id == TrialPeriod.compound_id)
        .join(TrialService, TrialService.trial_id == TrialPeriod.id, isouter=True)
        .group_by(TrialPeriod.id, Compound.name)
        .order_by(by_code(Compound.name), TrialPeriod.start)
    )
    if compound_id is not None:
        q = q.where(TrialPeriod.compound_id == compound_id)
    return [
        TrialRow(t.id, name, t.start, t.end, int(n), int(cost or 0), t.notes)
        for t, name, n, cost in session.execute(q)
    ]
