"""Start-up: connect, migrate, and make sure a new database has its default stages."""

from services import db, migrate, stages


def prepare_database(url: str) -> None:
    db.configure(url)
    migrate.upgrade()
    with db.session() as s:
        stages.ensure_defaults(s)
        s.commit()
