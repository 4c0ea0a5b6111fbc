"""A city database: many companies' books in one PostgreSQL database, a schema per company.

Each company's book is exactly a normal propdesk book living in its own schema (its tables,
its alembic_version, its append-only trigger function), opened with the URL
`postgresql+psycopg://u@h/city?company=KEY` (store.company_url). So every service, `check` and
every invariant work on it unchanged; a company is copied in or out whole (`book copy`, or
pg_dump -n KEY); what a city official may see or change maps to GRANTs on its schema.

Here: which companies a city database holds, adding a new (empty) one, and opening one.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from propdesk.core.errors import NotABook, UserError
from propdesk.core.i18n import bilingual
from propdesk.core.messages import M
from propdesk.db.store import APPLICATION, Book, check_company_key, company_url, is_url, shown_url

T_NOT_SERVER = bilingual(
    "全市汇总需要 PostgreSQL 数据库地址（postgresql+psycopg://用户@主机/数据库），而不是：{url}",
    "The city needs a PostgreSQL database URL (postgresql+psycopg://user@host/database), not: {url}",
)
T_COMPANY_EXISTS = bilingual(
    "数据库中已有公司「{key}」（{name}）", 'The database already holds company "{key}" ({name})'
)
T_NO_COMPANY = bilingual("数据库中没有公司「{key}」", 'The database holds no company "{key}"')
T_NAME_REQUIRED = bilingual("请填写公司名称", "Give the company's name")


@dataclass(frozen=True, slots=True)
class Company:
    """One company's book in the city database."""

    key: str  # its schema
    name: str  # book_meta company_name
    revision: str | None  # alembic revision of its book

    def url(self, db_url: str) -> str:
        return company_url(db_url, self.key)


def check_city_url(db_url: str) -> str:
    """The city database's URL, refused unless it names a PostgreSQL database."""
    if not is_url(db_url):
        raise UserError(T_NOT_SERVER, url=db_url)
    try:
        u = make_url(db_url)
    except Exception:  # sqlalchemy.exc.ArgumentError for anything unparseable
        raise UserError(T_NOT_SERVER, url=db_url) from None
    if not u.get_backend_name().startswith("postgresql") or not u.database:
        raise UserError(T_NOT_SERVER, url=u.render_as_string(hide_password=True))
    return db_url


def companies(db_url: str) -> list[Company]:
    """Every schema of the database that holds a propdesk book, by key. A schema with a
    book_meta table that is not propdesk's, or a name no company key can have, is left out;
    so is any the role may not read (information_schema shows only what it may)."""
    check_city_url(db_url)
    engine = create_engine(db_url, poolclass=NullPool)
    out: list[Company] = []
    try:
        with engine.connect() as conn:
            schemas = conn.execute(text(
                "SELECT table_schema FROM information_schema.tables "
                "WHERE table_name = 'book_meta' AND table_schema <> 'public' "
                "AND table_schema NOT LIKE 'pg\\_%' ORDER BY table_schema"
            )).scalars().all()  # fmt: skip
            for schema in schemas:
                try:  # only schemas a company URL can name (so also safe to quote below)
                    check_company_key(schema)
                except UserError:
                    continue
                q = f'"{schema}"'
                meta: dict[str, str] = {k: v for k, v in conn.execute(text(
                    f"SELECT key, value FROM {q}.book_meta "
                    "WHERE key IN ('application', 'company_name')"
                ))}  # fmt: skip
                if meta.get("application") != APPLICATION:
                    continue
                has_version = conn.execute(
                    text("SELECT 1 FROM information_schema.tables "
                         "WHERE table_schema = :s AND table_name = 'alembic_version'"),
                    {"s": schema},
                ).first()  # fmt: skip
                rev = (
                    conn.execute(text(f"SELECT version_num FROM {q}.alembic_version")).scalar()
                    if has_version
                    else None
                )
                out.append(Company(schema, meta.get("company_name") or "", rev))
            conn.rollback()
    except OperationalError as exc:
        raise NotABook(M.damaged_book, path=shown_url(db_url), detail=exc.orig) from exc
    finally:
        engine.dispose()
    return out


def company(db_url: str, key: str) -> Company:
    check_company_key(key)
    for c in companies(db_url):
        if c.key == key:
            return c
    raise UserError(T_NO_COMPANY, key=key)


def add_company(db_url: str, key: str, name: str, *, user: str = "admin") -> Book:
    """A new empty company book in its own schema (made and migrated), the standard chart
    seeded, as `create_book` makes any book. Refused when the key is taken."""
    from propdesk.services.books import create_book

    check_city_url(db_url)
    check_company_key(key)
    name = (name or "").strip()
    if not name:
        raise UserError(T_NAME_REQUIRED)
    for c in companies(db_url):
        if c.key == key:
            raise UserError(T_COMPANY_EXISTS, key=key, name=c.name)
    return create_book(company_url(db_url, key), company_name=name, user=user)


def open_company(db_url: str, key: str, *, user: str = "admin") -> Book:
    """Company `key`'s book, like any book (migrated to this program's schema if older)."""
    check_city_url(db_url)
    return Book.open(company_url(db_url, key), user=user)
