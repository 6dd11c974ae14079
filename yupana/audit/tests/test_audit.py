import datetime as dt
from decimal import Decimal

import pytest

from yupana.audit.models import AuditEntry
from yupana.audit.selectors import audit_for_company, audit_history
from yupana.audit.services import SECRET_MASK, audit_record, diff, snapshot
from yupana.companies.testing import make_series

pytestmark = pytest.mark.django_db


def test_diff_lists_only_changed_fields_and_masks_secrets():
    before = {"address": "Av. A 1", "phone": "1", "sol": "viejo"}
    after = {"address": "Av. B 2", "phone": "1", "sol": "nuevo"}
    assert diff(before, after, secret=frozenset({"sol"})) == {
        "address": ["Av. A 1", "Av. B 2"], "sol": [SECRET_MASK, SECRET_MASK]}


def test_audit_record_stores_json_safe_values_and_history_is_per_record(company, other_company, admin_user):
    series = make_series(company, "F001")
    other = make_series(company, "F002")
    audit_record(company=company, user=admin_user, action="editar serie", instance=series,
                 changes={"next_number": [1, 25], "price": [Decimal("10.50"), Decimal("11.80")],
                          "when": [None, dt.date(2026, 11, 27)]})
    audit_record(company=company, user=admin_user, action="editar serie", instance=other, changes={})
    audit_record(company=other_company, user=None, action="editar", instance=other_company, changes={})
    history = list(audit_history(company=company, instance=series))
    assert len(history) == 1
    entry = history[0]
    assert entry.changes == {"next_number": [1, 25], "price": ["10.50", "11.80"], "when": [None, "2026-11-27"]}
    assert entry.object_repr == "F001" and entry.user == admin_user
    # The same object id under another company is not this company's history.
    assert not audit_history(company=other_company, instance=series).exists()
    assert {e.company_id for e in audit_for_company(company=company)} == {company.pk}


def test_snapshot_reads_the_named_fields(company):
    assert snapshot(company, ["ruc", "district"]) == {"ruc": company.ruc, "district": "Lima"}


def test_anonymous_actor_is_stored_as_system(company):
    from django.contrib.auth.models import AnonymousUser

    entry = audit_record(company=company, user=AnonymousUser(), action="tarea", instance=company)
    assert entry.user is None
    assert AuditEntry.objects.for_company(company).count() == 1
