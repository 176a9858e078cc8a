"""The audit trail. Code that does something a council's information governance team asks about
calls `audit.record(...)` (sufficiency.audit.services) once, where it happens."""
