"""Users of a book: add, change role or password, deactivate; log in with lockout; permissions.

A book without users is a one-person book: no login, every action allowed. Once a user exists,
every open of the book (app or CLI) names a user and gives their password; the book handle then
carries the user's role, and the store refuses any write the role may not make (db/store.py,
core/roles.py). Passwords are kept as scrypt hashes (memory-hard: n=2**14, r=8, p=1, 16-byte
salt); MAX_FAILURES wrong passwords in a row lock the account for LOCK_MINUTES.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from propdesk.core import roles
from propdesk.core.errors import UserError
from propdesk.core.i18n import bilingual
from propdesk.core.roles import ACTION_NAMES, ROLES, PermissionDenied
from propdesk.db.models import AppUser
from propdesk.db.ordering import by_code
from propdesk.db.store import Book
from propdesk.services import audit

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1

T_BAD_LOGIN = bilingual("用户名或密码不正确", "Wrong user name or password")
T_LOCKED = bilingual(
    "用户「{user}」连续输错密码，已锁定至 {until}",
    'User "{user}" is locked until {until} after wrong passwords',
)
T_INACTIVE = bilingual("用户「{user}」已停用", 'User "{user}" is deactivated')
T_SHORT = bilingual("密码至少 {n} 位", "A password needs at least {n} characters")
T_NAME = bilingual("用户名不能为空，最多 64 个字符", "A user name is 1 to 64 characters")
T_TAKEN = bilingual("用户「{user}」已存在", 'User "{user}" already exists')
T_NO_USER = bilingual("没有用户「{user}」", 'No user "{user}"')
T_BAD_ROLE = bilingual("角色「{role}」无效", 'Unknown role "{role}"')
T_LAST_ADMIN = bilingual(
    "至少要保留一个启用的管理员", "At least one active administrator must remain"
)
T_FIRST_ADMIN = bilingual("第一个用户必须是管理员", "The first user must be an administrator")


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    name: str
    role: str
    active: bool
    locked_until: datetime | None

    @property
    def role_text(self) -> str:
        return ROLES[self.role].format()


# -- passwords ---------------------------------------------------------------------------------
def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                            p=SCRYPT_P, maxmem=64 * 1024 * 1024)  # fmt: skip
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if kind != "scrypt":
        return False
    got = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                         p=int(p), maxmem=64 * 1024 * 1024)  # fmt: skip
    return hmac.compare_digest(got.hex(), digest)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(T_SHORT, n=MIN_PASSWORD)


# -- who may --------------------------------------------------------------------------------------
def role_of(session: Session) -> str | None:
    """The role of the session's user; None in a book without users (everything allowed)."""
    return session.info.get("role")  # type: ignore[no-any-return]


def require(session: Session, action: str) -> None:
    """Refuse `action` (core/roles.ACTIONS) unless the session's user's role may do it."""
    role = role_of(session)
    if role is None or (role in ROLES and roles.may(role, action)):
        return
    raise PermissionDenied(
        roles.T_NOT_ALLOWED, user=audit.current_user(session), role=roles.role_name(role),
        what=ACTION_NAMES[action].format(),
    )  # fmt: skip


def may(session: Session, action: str) -> bool:
    role = role_of(session)
    return role is None or (role in ROLES and roles.may(role, action))


# -- users ------------------------------------------------------------------------------------------
def has_users(session: Session) -> bool:
    return bool(session.execute(select(func.count(AppUser.id))).scalar_one())


def _row(u: AppUser) -> UserRow:
    return UserRow(u.id, u.name, u.role, u.active, u.locked_until)


def list_users(session: Session) -> list[UserRow]:
    return [
        _row(u) for u in session.execute(select(AppUser).order_by(by_code(AppUser.name))).scalars()
    ]


def _get(session: Session, name: str) -> AppUser:
    u = session.execute(select(AppUser).where(AppUser.name == name)).scalar_one_or_none()
    if u is None:
        raise UserError(T_NO_USER, user=name)
    return u


def add_user(session: Session, name: str, role: str, password: str) -> UserRow:
    """A new user. The first one must be an administrator (it turns login on for the book)."""
    if has_users(session):
        require(session, "manage_users")
    elif role != roles.ADMIN:
        raise UserError(T_FIRST_ADMIN)
    name = " ".join(name.split())
    if not name or len(name) > 64:
        raise UserError(T_NAME)
    if role not in ROLES:
        raise UserError(T_BAD_ROLE, role=role)
    _check_password(password)
    if session.execute(select(AppUser.id).where(AppUser.name == name)).first():
        raise UserError(T_TAKEN, user=name)
    u = AppUser(name=name, role=role, password_hash=hash_password(password), active=True,
                failed=0, created_at=datetime.now())  # fmt: skip
    session.add(u)
    session.flush()
    audit.record(session, "user.add", "app_user", u.id, after={"name": name, "role": role})
    return _row(u)


def _admins_left(session: Session, without: int) -> int:
    return int(session.execute(
        select(func.count(AppUser.id)).where(AppUser.role == roles.ADMIN, AppUser.active.is_(True),
                                             AppUser.id != without)
    ).scalar_one())  # fmt: skip


def set_role(session: Session, name: str, role: str) -> UserRow:
    require(session, "manage_users")
    if role not in ROLES:
        raise UserError(T_BAD_ROLE, role=role)
    u = _get(session, name)
    if u.role == roles.ADMIN and role != roles.ADMIN and not _admins_left(session, u.id):
        raise UserError(T_LAST_ADMIN)
    before = u.role
    u.role = role
    audit.record(
        session, "user.role", "app_user", u.id, before={"role": before}, after={"role": role}
    )
    return _row(u)


def set_active(session: Session, name: str, active: bool) -> UserRow:
    require(session, "manage_users")
    u = _get(session, name)
    if not active and u.role == roles.ADMIN and not _admins_left(session, u.id):
        raise UserError(T_LAST_ADMIN)
    u.active = active
    audit.record(session, "user.active", "app_user", u.id, after={"active": active})
    return _row(u)


def set_password(session: Session, name: str, password: str) -> None:
    """An admin sets anyone's password; a user their own (unlocks the account)."""
    if audit.current_user(session) != name:
        require(session, "manage_users")
    _check_password(password)
    u = _get(session, name)
    u.password_hash = hash_password(password)
    u.failed = 0
    u.locked_until = None
    audit.record(session, "user.password", "app_user", u.id)


def authenticate(session: Session, name: str, password: str, *, now: datetime | None = None) -> str:
    """The user's role if `password` is theirs. A wrong one counts (commit the session even on
    refusal: the caller does that with `login`); the fifth in a row locks the account."""
    now = now or datetime.now()
    u = session.execute(select(AppUser).where(AppUser.name == name)).scalar_one_or_none()
    if u is None:
        hash_password(password)  # the same time for an unknown name
        raise UserError(T_BAD_LOGIN)
    if u.locked_until is not None and u.locked_until > now:
        raise UserError(T_LOCKED, user=name, until=u.locked_until.strftime("%Y-%m-%d %H:%M"))
    if not verify_password(password, u.password_hash):
        u.failed += 1
        if u.failed >= MAX_FAILURES:
            u.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            u.failed = 0
        raise UserError(T_BAD_LOGIN)
    if not u.active:
        raise UserError(T_INACTIVE, user=name)
    u.failed = 0
    u.locked_until = None
    return u.role


def needs_login(book: Book) -> bool:
    with book.read() as s:
        return has_users(s)


def login(book: Book, name: str, password: str, *, now: datetime | None = None) -> str:
    """Check `name`'s password and make `book` act as them; returns the role. A wrong password
    is counted (and may lock the account) although the login is refused."""
    refused: UserError | None = None
    book.act_as(name, None)
    with book.write() as s:
        try:
            role = authenticate(s, name, password, now=now)
        except UserError as exc:
            refused = exc
    if refused is not None:
        book.act_as(name, roles.NOBODY)
        raise refused
    book.act_as(name, role)
    return role
