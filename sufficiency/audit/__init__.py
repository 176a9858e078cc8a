"""The audit trail. Code that does something a council's information governance team asks about
calls `audit.record(...)` once, where it happens."""


def record(action: str, what: str, *, request=None, user=None, la=None, **detail):
    from sufficiency.audit.services import record as _record

    return _record(action, what, request=request, user=user, la=la, **detail)
