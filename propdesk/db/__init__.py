"""The store: SQLAlchemy 2 typed ORM, engine and pragmas, Alembic migrations, backup."""
