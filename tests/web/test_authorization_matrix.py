"""test_authorization_matrix: every role × every write action × (own unit, another unit of the district,
another district), through the services and through HTTP, against the policy table (core.policy.POLICY).

The expected answer is read from the table, not from the code under test: a role with a UNIT grant may act
on its own unit only (for an action about a region, on its own region), a REGION grant on its region and
below, ANY and PUBLIC everywhere. The actors meet the day's conditions (certified officer, designated
reviewer), so only role and scope decide.

Service half: parametrized from POLICY, so an action added to the table later is covered at once. The
service that asks for an action is found in the source (``authorize(actor, "<action>"`` inside a function)
and called with the actor and objects of the target unit; it must raise PermissionDenied exactly where the
table refuses. HTTP half: every view that declares policy actions (``staff_view(actions=...)``) must have
an entry in HTTP_REQUESTS; refusals are 403 (or 404 when the record is not even visible to the actor).
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import inspect
import pathlib
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import get_resolver
from django.utils import timezone

from tests.factories import CertificateFactory, PersonFactory, PowerFactory, RegionFactory, UnitFactory, make_account
from zhifa.core import policy
from zhifa.core.access import Roles, region_codes_under
from zhifa.core.errors import PermissionDenied
from zhifa.core.validators import make_id_number
from zhifa.enforcement.choices import CaseStatus, PartyKind, Procedure
from zhifa.enforcement.models import Disclosure, Party, PenaltyCase
from zhifa.org.choices import RegionLevel, UnitKind
from zhifa.org.models import Exam, LegalReviewerDesignation

D = dt.date
TODAY = D(2024, 6, 3)  # a Monday; every certificate and designation of the world is in force
SRC = pathlib.Path(__file__).resolve().parents[2] / "src" / "zhifa"
ROLES = (*Roles.ALL, policy.SYSADMIN)
TARGETS = ("own", "district", "other_district")


# ---- the expectation, from the table -------------------------------------------------------------
def expected(action: str, role: str, target: str) -> bool:
    rule = policy.POLICY[action]
    region_target = action in policy.REGION_TARGET_ACTIONS
    for g in rule.grants:
        if g.role == policy.PUBLIC or (g.role == role and g.scope == policy.ANY):
            return True
        if g.role != role:
            continue
        if g.scope == policy.UNIT and (target == "own" or (region_target and target == "district")):
            return True
        if g.scope == policy.REGION and target in ("own", "district"):
            return True
    return False


# ---- the world ------------------------------------------------------------------------------------
class World:
    def __init__(self):
        city = RegionFactory(code="120000", name="天津市", level=RegionLevel.CITY)
        d1 = RegionFactory(code="120110", name="东丽区", level=RegionLevel.DISTRICT)
        d1.parent = city
        d1.save()
        d2 = RegionFactory(code="120111", name="西青区", level=RegionLevel.DISTRICT, parent=city)
        self.regions = {"120110": d1, "120111": d2}
        self.units = {
            "S": UnitFactory(region=d1, name="东丽区司法局"),
            "A": UnitFactory(region=d1, name="东丽区市场监督管理局"),
            "B": UnitFactory(region=d1, name="东丽区城市管理委员会"),
            "C": UnitFactory(region=d2, name="西青区市场监督管理局", kind=UnitKind.DEPARTMENT),
        }
        self.objects = {k: self._unit_world(k, u) for k, u in self.units.items()}
        self.actors = {}
        for role in Roles.ALL:
            unit = self.units["S" if role == Roles.SUPERVISOR else "A"]
            self.actors[role] = make_account(role, person=self.objects[self._key(unit)]["people"][role])
        self.actors[policy.SYSADMIN] = User.objects.create_superuser("root", password="Zhifa-test-2024!")

    def _key(self, unit):
        return next(k for k, u in self.units.items() if u.pk == unit.pk)

    def _unit_world(self, key, unit):
        region = unit.region
        people = {}
        for role in Roles.ALL:
            p = PersonFactory(unit=unit, has_legal_qualification=True)
            CertificateFactory(holder=p, issued_on=D(2020, 1, 1), valid_until=D(2029, 12, 31))
            people[role] = p
        LegalReviewerDesignation.objects.create(
            region=region, unit=unit, person=people[Roles.LEGAL_REVIEWER], designated_on=D(2021, 1, 1)
        )
        spare = PersonFactory(unit=unit)  # without an account (account services)
        power = PowerFactory(owner=unit, code=f"CF-{key}")
        seq = 900 + list("SABC").index(key)
        party = Party.objects.create(
            region=region,
            kind=PartyKind.PERSON,
            party_type="other",
            name=f"当事人{key}",
            id_number=make_id_number(region.code, D(1980, 1, 1), seq),
            birth_date=D(1980, 1, 1),
        )
        case = PenaltyCase.objects.create(
            region=region,
            unit=unit,
            power=power,
            party=party,
            procedure=Procedure.ORDINARY,
            status=CaseStatus.NOTIFIED,
            case_no=f"{key}罚〔2024〕1号",
            violation="销售不符合标准的商品",
            act_date=D(2024, 5, 1),
            discovered_at=timezone.make_aware(dt.datetime(2024, 5, 2, 10)),
            filed_on=D(2024, 5, 3),
            notified_on=D(2024, 5, 20),
            officer_a=people[Roles.OFFICER],
            officer_b=people[Roles.LEADER],
            fine_amount=Decimal("500"),
            penalty_kinds=["fine"],
        )
        disclosure = Disclosure.objects.create(region=region, unit=unit, due_on=D(2024, 6, 20))
        from zhifa.supervision.models import Alert, AlertRule, CaseFileReview, Clue, Rectification

        rule, _ = AlertRule.objects.get_or_create(
            code="matrix", defaults={"title": "测试", "kind": "record", "severity": "low", "citation": "—",
                                     "object_type": "enforcement.penaltycase"}
        )
        alert = Alert.objects.create(
            region=region, unit=unit, rule=rule, object_type="enforcement.penaltycase", object_id=str(case.pk),
            fingerprint=f"m-{key}", scope_key=f"m-{key}", severity="low", message="测试预警", citation="—",
            first_seen_on=TODAY, last_seen_on=TODAY,
        )
        rect = Rectification.objects.create(
            region=region, unit=unit, notice_no=f"整改〔2024〕{seq}号", issued_on=TODAY, requirement="整改",
            working_days=15, deadline=D(2024, 6, 24),
        )
        rect.alerts.set([alert])
        review = CaseFileReview.objects.create(region=region, unit=unit, case=case, year=2024, quarter=2, seed="m")
        clue = Clue.objects.create(region=region, unit=unit, source="public", text="有人无证经营", received_on=TODAY,
                                   status="assigned", assigned_on=TODAY, response_due=D(2024, 6, 24))
        from zhifa.enforcement.models import (
            Campaign,
            CoerciveMeasure,
            Device,
            EnforcementExecution,
            Hazard,
            LicenceDecision,
        )
        from zhifa.exchange.models import ApiToken

        officer = people[Roles.OFFICER]
        acts = {
            "campaign": Campaign.objects.create(
                region=region, name=f"专项{key}", kind="action", domain="市场监管", lead_unit=unit,
                start_on=D(2024, 1, 1), end_on=D(2024, 12, 31),
            ),
            "device": Device.objects.create(region=region, unit=unit, name="电子眼", location="路口"),
            "hazard": Hazard.objects.create(
                region=region, unit=unit, party=party, category="fire", severity="general", found_on=D(2024, 5, 1),
                deadline=D(2024, 7, 1),
            ),
            "measure": CoerciveMeasure.objects.create(
                region=region, unit=unit, power=power, party=party, kind="seal", decision_no=f"封{key}", approved_by="负责人",
                reason="涉嫌违法", items="货物", officer_a=officer, decided_on=D(2024, 5, 20), term_days=30,
                due_on=D(2024, 6, 19),
            ),
            "execution": EnforcementExecution.objects.create(
                region=region, unit=unit, power=power, party=party, obligation="缴纳罚款", method="surcharge",
                officer_a=officer, demand_on=D(2024, 5, 20), demand_due=D(2024, 5, 30),
            ),
            "licence": LicenceDecision.objects.create(
                region=region, unit=unit, power=power, applicant=party, application_no=f"许{key}", subject="许可",
                officer_a=officer, accepted_on=D(2024, 5, 20), due_on=D(2024, 6, 17),
            ),
            "token": ApiToken.objects.create(
                name=f"t{key}", prefix=f"p{key}", token_hash=f"{key:0>64}", region=region, unit=unit
            ),
        }
        from zhifa.enforcement.models import InterferenceRecord
        from zhifa.org.models import CertificateApplication
        from zhifa.powers.models import Filing, PowerChangeRequest

        # records whose services ask the policy from the object they are given (unsaved is enough)
        acts |= {
            "application": CertificateApplication(region=region, unit=unit, person=people[Roles.OFFICER]),
            "filing": Filing(region=region, unit=unit, kind="discretion", title="备案", filed_on=D(2024, 5, 1)),
            "record": InterferenceRecord(region=region, unit=unit),
            "request": PowerChangeRequest(region=region, unit=unit),
        }
        from zhifa.enforcement.models import Inspection
        from zhifa.powers.choices import PowerCategory
        from zhifa.supervision.models import SupervisionInstrument

        acts["inspection"] = Inspection.objects.create(
            region=region, unit=unit, party=party, officer_a=officer, officer_b=people[Roles.LEADER],
            power=PowerFactory(owner=unit, code=f"JC-{key}", category=PowerCategory.INSPECTION),
            started_at=timezone.make_aware(dt.datetime(2024, 6, 5, 10)), inspection_class="routine",
        )
        from zhifa.enforcement.models import InspectionPlan

        acts["plan"] = InspectionPlan.objects.create(
            region=region, unit=unit, year=2024, kind="special", title=f"2024年专项检查计划{key}"
        )
        acts["instrument"] = SupervisionInstrument.objects.create(
            region=region, unit=unit, kind="opinion", number=f"监意〔2024〕{seq}号", subject="监督事项",
            legal_basis="条例", issued_on=TODAY,
        )
        # saved records for the workspace pages (HTTP half), in the state each page's form needs; their keys
        # name no service parameter, so the service half does not see them
        from zhifa.supervision.models import Rectification as Rect

        acts |= {
            "h_applied": CertificateApplication.objects.create(
                region=region, unit=unit, person=spare, applied_on=D(2024, 5, 1), staffing_type="admin"
            ),
            "h_approved": CertificateApplication.objects.create(
                region=region, unit=unit, person=spare, applied_on=D(2024, 5, 1), staffing_type="admin",
                status="approved", decided_on=D(2024, 5, 6),
            ),
            "h_filing": Filing.objects.create(
                region=region, unit=unit, kind="discretion", title="裁量基准", filed_on=D(2024, 5, 1)
            ),
            "h_record": InterferenceRecord.objects.create(
                region=region, unit=unit, interferer_name="某某", interferer_role="leader", method="打招呼",
                occurred_on=D(2024, 5, 1), recorded_by=officer, recorded_on=D(2024, 5, 2),
            ),
            "h_request": PowerChangeRequest.objects.create(
                region=region, unit=unit, kind="modify", power=power, fields={"name": "调整后的名称"},
                legal_basis="依据", document_no=f"调〔2024〕{seq}号", effective_on=D(2024, 7, 1), proposed_on=TODAY,
            ),
            # an account of each kind in the unit (reset / disable: the action follows the account's role)
            **{
                f"h_user_{r}": make_account(r, person=PersonFactory(unit=unit), username=f"h{key}{r}")
                for r in (Roles.OFFICER, Roles.UNIT_ADMIN, Roles.SUPERVISOR)
            },
            "h_decided": EnforcementExecution.objects.create(
                region=region, unit=unit, power=power, party=party, obligation="缴纳罚款", method="surcharge",
                officer_a=officer, demand_on=D(2024, 5, 6), demand_due=D(2024, 5, 16), decided_on=D(2024, 5, 20),
                decision_no=f"强{key}",
            ),
            "h_responded": Rect.objects.create(
                region=region, unit=unit, notice_no=f"整改〔2024〕{seq + 10}号", issued_on=D(2024, 5, 6),
                requirement="整改", working_days=15, deadline=D(2024, 5, 27), status="responded",
                responded_on=D(2024, 5, 20), response="已整改",
            ),
        }
        return {
            **acts,
            "unit": unit, "region": region, "people": people, "spare": spare, "power": power, "party": party,
            "case": case, "disclosure": disclosure, "alert": alert, "rectification": rect, "review": review,
            "clue": clue, "exam": Exam.objects.create(region=region, name="考试", held_on=D(2024, 3, 1)),
            "designation": LegalReviewerDesignation.objects.get(person=people[Roles.LEGAL_REVIEWER]),
            "certificate": people[Roles.OFFICER].certificates.get(),
        }

    def target_key(self, role: str, target: str) -> str:
        own = "S" if role == Roles.SUPERVISOR else "A"
        return {"own": own, "district": "B", "other_district": "C"}[target]


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction that is rolled back at the end; each test runs in a
    savepoint of it (pytest-django's ``db``), so tests do not see each other's writes."""
    from django.test import override_settings

    tmp = tmp_path_factory.mktemp("matrix")
    with (
        django_db_blocker.unblock(),
        override_settings(
            RECORDING_ROOT=tmp / "rec",
            REPORT_ROOT=tmp / "reports",
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield World()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world(_world, db):
    return _world


# ---- the services that ask for each action, found in the source -----------------------------------
def _services() -> dict[str, list[tuple[str, str, dict]]]:
    """action → [(module, function, fixed kwargs)] for every ``authorize(actor, "<action>", ...)`` call."""
    found: dict[str, list] = {}
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or path.name == "policy.py":
            continue
        tree = ast.parse(path.read_text())
        module = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
        nodes = [(n.name, n) for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]
        nodes += [  # a class whose constructor asks
            (c.name, m)
            for c in tree.body
            if isinstance(c, ast.ClassDef)
            for m in c.body
            if isinstance(m, ast.FunctionDef) and m.name == "__init__"
        ]
        for name, node in nodes:
            for sub in ast.walk(node):
                # a step service that locks its row through services_steps.locked(..., action="<action>")
                if isinstance(sub, ast.Call) and getattr(sub.func, "id", None) == "locked":
                    kw = {k.arg: k.value for k in sub.keywords}
                    if isinstance(kw.get("action"), ast.Constant):
                        found.setdefault(kw["action"].value, []).append((module, name, {}))
                if isinstance(sub, ast.Call) and getattr(sub.func, "id", None) == "authorize" and len(sub.args) >= 2:
                    a = sub.args[1]
                    if isinstance(a, ast.Constant):
                        found.setdefault(a.value, []).append((module, name, {}))
                    elif name == "case_transition":
                        for status, act in policy.CASE_STATUS_ACTIONS.items():
                            found.setdefault(act, []).append((module, node.name, {"to_status": status}))
    roles_for = {
        "account.manage": [Roles.OFFICER],
        "account.manage_admin": [Roles.UNIT_ADMIN],
        "account.manage_supervisor": [Roles.SUPERVISOR],
    }
    for act, roles in roles_for.items():
        found.setdefault(act, []).append(("zhifa.org.accounts", "account_create", {"roles": roles}))
    return found


SERVICES = _services()


def _dummy(param: inspect.Parameter):
    ann = str(param.annotation)
    if "datetime" in ann:
        return timezone.make_aware(dt.datetime(2024, 6, 3, 10))
    if "date" in ann:
        return TODAY
    if "Decimal" in ann:
        return Decimal("1")
    if ann.startswith("int"):
        return 1
    if ann.startswith("bool"):
        return False
    if ann.startswith("str"):
        return "测试"
    if ann.startswith(("list", "dict", "tuple")):
        return [] if ann.startswith("list") else {} if ann.startswith("dict") else ()
    return None


def _kwargs(fn, actor, objs, fixed: dict) -> dict:
    unit = objs["unit"]
    by_name = {
        **{k: v for k, v in objs.items() if k != "people"},
        "owner": unit, "lead_unit": unit, "organizer": unit, "to_unit": unit, "unit_id": unit.pk,
        "region_code": unit.region_id, "person": objs["spare"], "officer": objs["people"][Roles.OFFICER],
        "officers": [objs["people"][Roles.OFFICER], objs["people"][Roles.LEADER]], "recorded_by": objs["spare"],
        "reviewer": getattr(actor, "person", None) if getattr(actor, "pk", None) else None,
        "attendees": [objs["spare"]], "username": f"u{objs['spare'].pk}x", "roles": [Roles.OFFICER],
        "reviews": [objs["review"]], "path": "/nonexistent", "month": "2024-05", "year": 2024, "quarter": 2, "size": 1, "seed": 1,
    }
    out = dict(fixed)
    for name, p in inspect.signature(fn).parameters.items():
        if name in out or p.kind not in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD):
            continue
        if name == "actor":
            out[name] = actor
        elif name in by_name:
            out[name] = by_name[name]
        elif p.default is p.empty:
            out[name] = _dummy(p)
    return out


def _call_service(module: str, name: str, fixed: dict, actor, objs) -> PermissionDenied | None:
    fn = getattr(importlib.import_module(module), name)
    try:
        with transaction.atomic():
            fn(**_kwargs(fn, actor, objs, fixed))
            transaction.set_rollback(True)
    except PermissionDenied as exc:
        if exc.code == "auth.not_self":  # a signed act recorded for another person: not the table's question
            return None
        return exc
    except Exception:  # noqa: BLE001 — past the policy, any other refusal (rules, bad dummy input) is "allowed"
        return None
    return None


@pytest.mark.parametrize("action", sorted(policy.POLICY))
def test_authorization_matrix(world, action):
    """Service half: role × (own, district, other district) for one action; see the module docstring."""
    calls = SERVICES.get(action) or [(None, None, {})]
    wrong = []
    for role in ROLES:
        actor = world.actors[role]
        for target in TARGETS:
            objs = world.objects[world.target_key(role, target)]
            want = expected(action, role, target)
            for module, name, fixed in calls:
                if module is None:  # no service asks yet (checked in test_every_action_is_asked_by_a_service)
                    got = policy.check(actor, action, unit=objs["unit"], on=TODAY)
                else:
                    got = _call_service(module, name, fixed, actor, objs)
                if (got is None) != want:
                    wrong.append(f"{role}@{target} via {name}: expected {'allowed' if want else 'refused'}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_every_action_is_asked_by_a_service():
    """A row of the table that no service asks is dead; a service asking an action not in the table is a bug."""
    unasked = sorted(set(policy.POLICY) - set(SERVICES) - UNASKED_BY_DESIGN)
    assert not unasked, f"actions in the policy table that no service asks: {unasked}"
    assert set(SERVICES) <= set(policy.POLICY), sorted(set(SERVICES) - set(policy.POLICY))


# Actions asked outside a literal authorize(...) call: the exchange asks per record type (exchange.actors);
# reading actions (``*.read``) are asked by their selectors with can().
UNASKED_BY_DESIGN = {a for a in policy.POLICY if a.startswith("exchange.") or a.endswith(".read")}


def test_region_hierarchy_scope_for_a_city_supervisor(world):
    """市司法局: a supervisor whose person is in 120000 covers both districts."""
    city_unit = UnitFactory(region=world.regions["120110"].parent, name="天津市司法局")
    sup = make_account(Roles.SUPERVISOR, unit=city_unit)
    assert set(region_codes_under("120000")) >= {"120110", "120111"}
    for key in "ABC":
        assert policy.can(sup, "alert.request_rectification", unit=world.units[key])
        assert not policy.can(sup, "case.decide", unit=world.units[key])


# ---- HTTP half --------------------------------------------------------------------------------------
def _post(client, url, data):
    return client.post(url, data)


def _case_step(to_status):
    def run(client, objs):
        return _post(client, f"/staff/cases/{objs['case'].pk}/transition/", {"to_status": to_status, "on_date": "2024-06-03"})

    return run


def _alert(name, **data):
    def run(client, objs):
        return _post(client, f"/staff/alerts/{objs['alert'].pk}/action/", {"action": name, **data})

    return run


def _account(roles):
    def run(client, objs):
        return _post(
            client,
            "/staff/accounts/new/",
            {"person": objs["spare"].pk, "username": f"new{objs['spare'].pk}", "roles": roles, "password": ""},
        )

    return run


def _own_only(fn):
    fn.own_only = True
    return fn


HTTP_REQUESTS = {
    **{act: _case_step(next(s for s, a in policy.CASE_STATUS_ACTIONS.items() if a == act))
       for act in set(policy.CASE_STATUS_ACTIONS.values())},
    "case.legal_review": lambda c, o: _post(
        c, f"/staff/cases/{o['case'].pk}/review/", {"reviewed_on": "2024-06-03", "result": "approve", "opinion": "同意"}
    ),
    "case.collective_discussion": lambda c, o: _post(
        c, f"/staff/cases/{o['case'].pk}/discussion/", {"held_on": "2024-06-03", "attendees": "甲、乙", "conclusion": "同意"}
    ),
    "inspection.approve": lambda c, o: _post(c, f"/staff/inspections/{o['inspection'].pk}/approve/", {}),
    "alert.acknowledge": _alert("acknowledge", note="已签收"),
    "alert.request_rectification": _alert("request", requirement="限期整改", issued_on="2024-06-03"),
    "rectification.respond": _alert("respond", response="已整改", responded_on="2024-06-04"),
    "rectification.verify": _alert("verify", note="核验通过", verified_on="2024-06-05"),
    "alert.dismiss": _alert("dismiss", reason="核实不构成问题"),
    "account.manage": _account([Roles.OFFICER]),
    "account.manage_admin": _account([Roles.UNIT_ADMIN]),
    "account.manage_supervisor": _account([Roles.SUPERVISOR]),
    # the unit or region of these pages is the user's own: only the "own" column exists over HTTP
    "inspection.record": _own_only(lambda c, o: c.post("/staff/inspections/new/", {})),
    "report.generate": _own_only(lambda c, o: c.post("/staff/reports/", {"kind": "annual_report", "year": "2023"})),
    "bulletin.issue": _own_only(
        lambda c, o: c.post("/staff/reports/", {"kind": "bulletin", "year": "2023", "month": "12"})
    ),
    "assessment_sheet.save": _own_only(
        lambda c, o: c.post(
            "/staff/reports/assessment/?year=2023",
            {"year": "2023", "use_0": "on", "weight_0": "100", "target_0": "1", "rule_0": "达标比例",
             **{f"rule_{i}": "达标比例" for i in range(1, 8)}, "vetoes": ["零执法"]},
        )
    ),
    "report_text.set": _own_only(
        lambda c, o: c.post("/staff/reports/texts/?year=2023", {"year": "2023", "key": "s1", "text": "区领导重视。"})
    ),
    # 行政强制 / 行政许可 / 公示 (web.views.acts_more): the forms of the own unit, and the record pages
    "coercive_measure.decide": _own_only(lambda c, o: c.post("/staff/measures/new/", {})),
    "coercive_measure.extend": lambda c, o: _post(c, f"/staff/measures/{o['measure'].pk}/extend/", {}),
    "coercive_measure.lift": lambda c, o: _post(c, f"/staff/measures/{o['measure'].pk}/lift/", {}),
    "licence.accept": _own_only(lambda c, o: c.post("/staff/licences/new/", {})),
    "licence.extend": lambda c, o: _post(c, f"/staff/licences/{o['licence'].pk}/extend/", {}),
    "licence.decide": lambda c, o: _post(c, f"/staff/licences/{o['licence'].pk}/decide/", {}),
    "disclosure.publish": lambda c, o: _post(c, f"/staff/disclosures/{o['disclosure'].pk}/publish/", {}),
    "disclosure.withdraw": lambda c, o: _post(c, f"/staff/disclosures/{o['disclosure'].pk}/withdraw/", {}),
    "disclosure.setting": _own_only(lambda c, o: c.post("/staff/disclosures/setting/", {"auto_publish": "1"})),
    # the penalty case's own pages (web.views.cases): 当场处罚 of the own unit, the records of a case
    "case.onspot_decide": _own_only(lambda c, o: c.post("/staff/cases/onspot/", {})),
    "case.evidence": lambda c, o: _post(c, f"/staff/cases/{o['case'].pk}/record/evidence/", {}),
    "recording.store": lambda c, o: _post(c, f"/staff/cases/{o['case'].pk}/record/recording/", {}),
    "case.extend": lambda c, o: _post(c, f"/staff/cases/{o['case'].pk}/record/extend/", {}),
}


# ---- the 司法局's desks and the units' answers (issue 15; web.desk pages): each form is a POST with ``_form``;
# a refused role gets 403 (web.desk.offered), another unit's or district's record 404. Keys "<url name> <action>"
# where more than one page performs the action.
def _desk(url, key, **data):
    def run(client, objs):
        return client.post(url(objs) if callable(url) else url, {"_form": key, **{f"{key}-{k}": v for k, v in data.items()}})

    return run


def _chosen(url, key, **data):
    """A form that names its unit in a choice limited to the user's scope: posted complete, so an allowed actor's
    act goes through (302) and another district's unit is refused at the field (422)."""

    def run(client, objs):
        return client.post(url, {"_form": key, f"{key}-unit": objs["unit"].pk, **{f"{key}-{k}": v for k, v in data.items()}})

    run.done_means_allowed = True
    return run


def _at(pattern):
    """/staff/<pattern> with {name} replaced by the target's record of that name."""
    return lambda o: "/staff/" + pattern.format(**{k: getattr(v, "pk", None) for k, v in o.items()})


HTTP_REQUESTS |= {
    "certificate.apply": _own_only(_desk("/staff/certificates/applications/", "apply")),
    "certificate.review": _desk(_at("certificates/applications/{h_applied}/"), "decide"),
    "exam.record_result": _desk(_at("certificates/applications/{h_approved}/"), "result"),
    "exam.create": _own_only(_desk("/staff/certificates/exams/", "exam")),
    "person.retire": _desk(_at("certificates/{certificate}/"), "leave", how="retire"),
    "person.transfer": _desk(_at("certificates/{certificate}/"), "leave", how="transfer"),
    "certificate.revoke": _desk(_at("certificates/{certificate}/"), "revoke"),
    "certificate.renew": _desk(_at("certificates/{certificate}/"), "renew"),
    "power.propose": _own_only(_desk("/staff/powers/changes/", "propose")),
    "power.review": _desk(_at("powers/changes/{h_request}/"), "decide"),
    "review.sample": _own_only(_desk("/staff/reviews/?year=2024&quarter=2", "sample")),
    "review.assign": _own_only(_desk("/staff/reviews/?year=2024&quarter=2", "assign")),
    "review.score": _desk(_at("reviews/{review}/"), "score"),
    "supervision_inspection.record": _chosen(
        "/staff/oversight/", "inspect", inspected_on="2024-06-03", inspectors="甲、乙", scope="案卷", findings="无"
    ),
    "rectifications alert.request_rectification": _chosen(
        "/staff/rectifications/", "notice", requirement="限期整改", working_days="15", issued_on="2024-06-03"
    ),
    "rectification rectification.respond": _desk(_at("rectifications/{rectification}/"), "respond"),
    "rectification rectification.verify": _desk(_at("rectifications/{h_responded}/"), "verify"),
    "interference.record": _own_only(_desk("/staff/interference/", "record")),
    "interference_notice.issue": _own_only(_desk("/staff/interference/", "notice")),
    "interference.follow_up": _desk(_at("interference/{h_record}/"), "follow"),
    "clue.assign": _desk(_at("clues/{clue}/"), "assign"),
    "clue.respond": _desk(_at("clues/{clue}/"), "respond"),
    "clue.verify": _desk(_at("clues/{clue}/"), "verify"),
    "clue.return": _desk(_at("clues/{clue}/"), "return"),
    "assistance.record": _own_only(_desk("/staff/assistance/", "record")),
    "inspection_plan.record": _own_only(_desk("/staff/inspection-plans/", "record")),
    "inspection_plan.approve": _own_only(_desk("/staff/inspection-plans/", "approve")),
    "filing.record": _own_only(_desk("/staff/filings/", "filing")),
    "filing.acknowledge": lambda c, o: _post(c, f"/staff/filings/{o['h_filing'].pk}/ack/", {}),
    "training.record": _own_only(_desk("/staff/trainings/", "entry")),
    "trainings law_setting.set": _own_only(_desk("/staff/trainings/", "requirement")),
    # 强制执行 (web.views.executions)
    "enforcement_execution.demand": _own_only(lambda c, o: c.post("/staff/executions/new/", {})),
    "enforcement_execution.statement": _desk(_at("executions/{execution}/"), "statement"),
    "enforcement_execution.decide": _desk(_at("executions/{execution}/"), "decide"),
    "enforcement_execution.execute": _desk(_at("executions/{h_decided}/"), "execute"),
    "exchange.load": _own_only(lambda c, o: c.post("/staff/exchange/", {})),
}
# where several pages perform an action, each entry names its page
for _act in ("alert.request_rectification", "rectification.respond", "rectification.verify"):
    HTTP_REQUESTS[f"alert_action {_act}"] = HTTP_REQUESTS.pop(_act)
for _act in ("case.open", "case.hearing", "case.legal_review", "case.collective_discussion"):
    HTTP_REQUESTS[f"case_transition {_act}"] = _case_step(
        next(s for s, a in policy.CASE_STATUS_ACTIONS.items() if a == _act)
    )
HTTP_REQUESTS["case_review case.legal_review"] = HTTP_REQUESTS.pop("case.legal_review")
HTTP_REQUESTS["case_discussion case.collective_discussion"] = HTTP_REQUESTS.pop("case.collective_discussion")
HTTP_REQUESTS["case_new case.open"] = _own_only(lambda c, o: c.post("/staff/cases/new/", {}))
HTTP_REQUESTS.pop("case.open")
HTTP_REQUESTS["inspection_new inspection.record"] = HTTP_REQUESTS.pop("inspection.record")
HTTP_REQUESTS["inspection_request inspection.record"] = _own_only(lambda c, o: c.post("/staff/inspections/request/", {}))
HTTP_REQUESTS["law_settings inspection_cap.set"] = _own_only(lambda c, o: c.post("/staff/law/settings/", {
    "form": "cap", "year": 2025, "domain": "市场监管", "max_per_year": 2, "counts_routine": "on", "source_document": "测试依据文件"}))
HTTP_REQUESTS["law_settings law_setting.set"] = _own_only(lambda c, o: c.post("/staff/law/settings/", {
    "form": "setting", "key": "opinion_response_days", "value": 10, "source_document": "测试依据文件"}))
HTTP_REQUESTS["instruments instrument.issue"] = _own_only(lambda c, o: c.post("/staff/law/instruments/", {
    "form": "issue", "unit": o["unit"].pk, "kind": "opinion", "number": f"监意测{o['unit'].pk}", "subject": "监督事项内容"}))
HTTP_REQUESTS["instruments instrument.answer"] = lambda c, o: c.post(
    "/staff/law/instruments/", {"form": "answer", "pk": o["instrument"].pk, "text": "已按意见整改完毕"})
HTTP_REQUESTS["instruments instrument.follow_up"] = lambda c, o: c.post(
    "/staff/law/instruments/", {"form": "follow_up", "pk": o["instrument"].pk, "text": "已核实整改到位"})
HTTP_REQUESTS["exemption_list exemption_list.load"] = _own_only(lambda c, o: c.post("/staff/law/exemptions/", {}))
HTTP_REQUESTS["case_exemption exemption.assess"] = lambda c, o: c.post(f"/staff/cases/{o['case'].pk}/exemption/", {})
HTTP_REQUESTS["case_record case.hearing"] = lambda c, o: _post(c, f"/staff/cases/{o['case'].pk}/record/hearing/", {})
HTTP_REQUESTS.pop("case.hearing")
_ACCOUNT_ROLE = {"account.manage": Roles.OFFICER, "account.manage_admin": Roles.UNIT_ADMIN,
                 "account.manage_supervisor": Roles.SUPERVISOR}
for _act, _role in _ACCOUNT_ROLE.items():
    HTTP_REQUESTS[f"account_new {_act}"] = HTTP_REQUESTS.pop(_act)
    HTTP_REQUESTS[f"account_reset {_act}"] = (
        lambda role: lambda c, o: _post(c, f"/staff/accounts/{o[f'h_user_{role}'].pk}/reset/", {})
    )(_role)
    HTTP_REQUESTS[f"account_active {_act}"] = (
        lambda role: lambda c, o: _post(c, f"/staff/accounts/{o[f'h_user_{role}'].pk}/active/", {"active": "0"})
    )(_role)


def _url_actions() -> set[tuple[str, str]]:
    """(url name, action) for every workspace view that declares policy actions."""
    out = set()

    def walk(patterns):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns)
            else:
                out.update((p.name or "", a) for a in getattr(p.callback, "policy_actions", ()))

    walk(get_resolver().url_patterns)
    return out


def _missing_http_cases() -> list[str]:
    """An action performed by one page may be keyed by the action alone; by several, each page names itself."""
    pairs = _url_actions()
    pages = {}
    for name, action in pairs:
        pages.setdefault(action, set()).add(name)
    return sorted(
        f"{name} {action}"
        for name, action in pairs
        if f"{name} {action}" not in HTTP_REQUESTS and (len(pages[action]) > 1 or action not in HTTP_REQUESTS)
    )


def test_every_workspace_action_has_an_http_case():
    missing = _missing_http_cases()
    assert not missing, f"workspace pages and actions without an entry in HTTP_REQUESTS: {missing}"
    assert {a for _, a in _url_actions()} <= set(policy.POLICY)
    assert {k.split()[-1] for k in HTTP_REQUESTS} <= set(policy.POLICY)


@pytest.mark.parametrize("action", sorted(HTTP_REQUESTS))
def test_authorization_matrix_http(world, client, action):
    request = HTTP_REQUESTS[action]
    action = action.split()[-1]
    wrong = []
    for role in ROLES:
        client.force_login(world.actors[role], backend="django.contrib.auth.backends.ModelBackend")
        for target in TARGETS:
            if getattr(request, "own_only", False) and target != "own":
                continue
            objs = world.objects[world.target_key(role, target)]
            want = expected(action, role, target)
            sid = transaction.savepoint()
            r = request(client, objs)
            transaction.savepoint_rollback(sid)
            refused = r.status_code in (403, 404)
            if getattr(request, "done_means_allowed", False):
                refused = r.status_code != 302
            if refused == want:
                wrong.append(f"{role}@{target}: expected {'allowed' if want else 'refused'}, got HTTP {r.status_code}")
    assert not wrong, "\n".join(wrong)
