from django.db import connections


class PrimaryReplicaRouter:
    """Reads from the replica, writes to the primary (`default`).

    A read inside a transaction on the primary stays there: every POST is one
    (helpcenter.production.AtomicWritesMiddleware), so what a request has
    just written, it also reads back. GET pages read from the replica and
    may lag behind the primary by the replication delay.
    """

    def db_for_read(self, model, **hints):
        if connections["default"].in_atomic_block:
            return "default"
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
