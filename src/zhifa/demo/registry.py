"""Registry steps: region and units, the 权责清单 and its 赋权, people and certificates, changes in the year, legal reviewers, trainings and filings (through the org/powers services where counts are small)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import numpy as np

from zhifa.core import calendar
from zhifa.core.audit import audit
from zhifa.org import certification
from zhifa.org import services as org
from zhifa.org.choices import PersonStatus, RegionLevel, StaffingType, TrainingKind, UnitKind
from zhifa.org.models import Certificate, Exam, ExamResult, Person, Region
from zhifa.powers import services as pw
from zhifa.powers.choices import DelegationKind, FilingKind
from zhifa.supervision.models_law import LawSetting
from zhifa.supervision.services_law import law_setting_set

from .base import (
    FAR,
    UnitRec,
    _allocate,
)
from .catalogue import CATALOGUE, STREET_DELEGATIONS, Item


class RegistryMixin:
    # ------------------------------------------------------------------ registry
    def make_region_units(self):
        r = self.sc.region
        parent, _ = Region.objects.get_or_create(
            code=r["parent_code"],
            defaults={"name": r["parent_name"], "level": r.get("parent_level", RegionLevel.PROVINCE)},
        )
        self.region, created = Region.objects.get_or_create(
            code=self.code, defaults={"name": r["name"], "level": RegionLevel.DISTRICT, "parent": parent}
        )
        if created:
            audit(
                actor=self.actor, action="region.create", obj=self.region, after={"code": self.code, "name": r["name"]}
            )
        start = dt.date(self.sc.registry.get("first_issue_year", self.year - 4) - 3, 1, 1)
        self.active_from = start
        for i, spec in enumerate(self.sc.units, start=1):
            parent_unit = None
            if spec.entrusted_from:
                parent_unit = self.units[spec.entrusted_from].unit
            prefix = "11" + self.code if spec.kind != UnitKind.ENTRUSTED else "12" + self.code
            unit = org.unit_create(
                actor=self.actor,
                region=self.region,
                name=spec.name,
                uscc=self.uscc(prefix),
                kind=spec.kind,
                active_from=start,
                short_name=spec.short,
                domain="、".join(spec.domains)
                if spec.domains
                else ("综合执法" if spec.kind == UnitKind.STREET else ""),
                parent=parent_unit,
            )
            rec = UnitRec(spec=spec, unit=unit, index=i)
            self.units[spec.short] = rec
            self.by_id[unit.pk] = rec

    def make_powers(self):
        effective = self.active_from
        doc = f"{self.sc.region['name']}权责清单（{effective.year}年版）"
        owners: dict[str, tuple[UnitRec, int]] = {}  # tag-in-domain -> owning unit, power id
        cat_prefix = {"penalty": "CF", "inspection": "JC", "coercion": "QZ", "license": "XK"}
        for rec in self.units.values():
            n = defaultdict(int)
            for domain in rec.spec.domains:
                for item in CATALOGUE[domain]:
                    n[item.category] += 1
                    p = pw.power_add(
                        actor=self.actor,
                        owner=rec.unit,
                        code=f"{rec.index:02d}{cat_prefix[item.category]}{n[item.category]:03d}",
                        document_no=doc,
                        effective_on=effective,
                        name=item.name,
                        category=item.category,
                        legal_basis=item.basis,
                        domain=item.domain or domain,
                        requires_legal_review=item.legal_review,
                        requires_recording=item.recording,
                        single_officer_basis=item.single_officer,
                        hearing_threshold_person=Decimal(item.hearing_person) if item.hearing_person else None,
                        hearing_threshold_org=Decimal(item.hearing_org) if item.hearing_org else None,
                    )
                    self._hold(rec, item, p.pk)
                    self.power_code[p.pk] = p.code
                    owners[f"{domain}:{item.tag}"] = (rec, p.pk)
        delegated_on = dt.date(self.active_from.year + 1, 1, 1)
        for rec in self.units.values():
            if rec.spec.entrusted_from:
                owner = self.units[rec.spec.entrusted_from]
                for domain in owner.spec.domains:
                    for item in CATALOGUE[domain]:
                        if item.category in ("penalty", "inspection"):
                            _, pid = owners[f"{domain}:{item.tag}"]
                            self._delegate(
                                rec,
                                item,
                                pid,
                                DelegationKind.ENTRUST,
                                f"{owner.spec.short}委托书〔{delegated_on.year}〕1号",
                                delegated_on,
                            )
            if rec.spec.kind == UnitKind.STREET:
                for domain, tags in STREET_DELEGATIONS.items():
                    for tag in tags:
                        if f"{domain}:{tag}" not in owners:
                            continue
                        _, pid = owners[f"{domain}:{tag}"]
                        item = next(i for i in CATALOGUE[domain] if i.tag == tag)
                        self._delegate(
                            rec,
                            item,
                            pid,
                            DelegationKind.AUTHORIZE,
                            f"向街道下放行政执法权限事项目录（{delegated_on.year}年）",
                            delegated_on,
                        )

    def _hold(self, rec: UnitRec, item: Item, pid: int):
        rec.powers[item.category].append(pid)
        rec.tags[item.tag] = pid
        if item.legal_review:
            rec.review_required.add(pid)
        if item.single_officer:
            rec.single_officer.add(pid)
        rec.violations[pid] = item.violations or (item.name.removeprefix("对").removesuffix("的行政处罚"),)

    def _delegate(self, rec: UnitRec, item: Item, pid: int, kind: str, doc: str, on: dt.date):
        from zhifa.powers.models import Power

        pw.power_delegate(
            actor=self.actor,
            power=Power.objects.get(pk=pid),
            to_unit=rec.unit,
            kind=kind,
            document_no=doc,
            effective_on=on,
        )
        self._hold(rec, item, pid)

    def make_people(self):
        """People, exams and the certificates in force on 1 January (bulk, with the issue check per row)."""
        _sc, r, reg = self.sc, self.rng, self.sc.registry
        specs = [rec for rec in self.units.values()]
        officers_end = np.array([rec.spec.officers for rec in specs])
        leavers = _allocate(officers_end, reg["revoked_retired"] + reg["revoked_transferred"])
        new = _allocate(officers_end, reg["issued_by_exam"])
        new = np.minimum(new, np.maximum(officers_end - 3, 0))
        short = reg["issued_by_exam"] - new.sum()
        for i in np.argsort(-officers_end)[:short]:
            new[i] += 1
        jan1 = officers_end - new + leavers
        assert jan1.sum() == reg["certified_on_jan1"], jan1.sum()
        history = _allocate(officers_end, reg["revoked_before_year"])
        failed = _allocate(officers_end, reg["exam_failed"])
        staff = _allocate(np.where(officers_end > 0, officers_end, 5), reg["uncertified_staff"])
        first_year = reg["first_issue_year"]
        # one exam per year (April); certificates issued in the weeks after
        exams = {}
        for y in range(first_year - 2, self.year + 1):
            exams[y] = Exam.objects.create(
                region=self.region, name=f"{y}年{self.sc.region['name']}行政执法资格考试", held_on=dt.date(y, 4, 15)
            )
        exams[(self.year, 2)] = Exam.objects.create(
            region=self.region,
            name=f"{self.year}年{self.sc.region['name']}行政执法资格考试（第二批）",
            held_on=dt.date(self.year, 9, 16),
        )
        people: list[Person] = []
        plan: list[tuple] = []  # (person index, role, unit rec, extra)
        for k, rec in enumerate(specs):
            for role, count in (
                ("jan1", jan1[k]),
                ("new", new[k]),
                ("history", history[k]),
                ("failed", failed[k]),
                ("staff", staff[k]),
            ):
                for _ in range(int(count)):
                    plan.append((role, rec))
        n = len(plan)
        births: list[dt.date] = []
        for role, _ in plan:
            births.append(self.births(1, 25, 58)[0] if role != "history" else self.births(1, 60, 66)[0])
        names = self.names(n)
        ids = self.id_numbers(births, [self.code] * n)
        staffing = r.choice([StaffingType.ADMIN, StaffingType.CIVIL_SERVICE_LIKE], size=n, p=[0.7, 0.3])
        uncert = r.choice(
            [StaffingType.WORKER, StaffingType.DISPATCHED, StaffingType.AUXILIARY], size=n, p=[0.3, 0.3, 0.4]
        )
        for i, (role, rec) in enumerate(plan):
            people.append(
                Person(
                    region=self.region,
                    unit=rec.unit,
                    name=names[i],
                    id_number=ids[i],
                    birth_date=births[i],
                    phone=f"1{r.choice([3, 5, 8])}{r.integers(0, 10**9):09d}",
                    staffing_type=str(uncert[i] if role == "staff" else staffing[i]),
                )
            )
        Person.objects.bulk_create(people, batch_size=1000)
        people = list(Person.objects.filter(region=self.region).select_related("unit").order_by("id"))
        results, certs = [], []
        self.person_role = {}
        cert_no = 0
        by_unit = defaultdict(list)
        for (role, rec), p in zip(plan, people, strict=True):
            self.person_role[p.pk] = role
            self.id_number_of[p.pk] = p.id_number
            by_unit[rec.spec.short].append((p, role))
            if role in ("jan1", "history"):
                y = (
                    int(r.integers(first_year, self.year))
                    if role == "jan1"
                    else int(r.integers(first_year - 2, first_year))
                )
                exam = exams[y]
                res = ExamResult(exam=exam, person=p, score=int(r.integers(60, 99)))
                issued = exam.held_on + dt.timedelta(days=int(r.integers(30, 200)))
                if role == "jan1" and issued >= self.y0:
                    issued = dt.date(self.year - 1, 12, int(r.integers(1, 28)))
                org.certificate_issue_check(person=p, exam_result=res, issued_on=issued, existing_active=False)
                results.append(res)
                cert_no += 1
                certs.append((p, res, issued, f"津执{self.code}{issued.year}{cert_no:05d}"))
                self.certificate_of[p.pk] = certs[-1][3]
        ExamResult.objects.bulk_create(results, batch_size=1000)
        cert_rows = []
        authority = f"{self.sc.region['parent_name']}人民政府"
        retired_hist = []
        for p, res, issued, number in certs:
            c = Certificate(
                region=self.region,
                unit=p.unit,
                holder=p,
                number=number,
                issuing_authority=authority,
                exam_result=res,
                issued_on=issued,
                valid_until=issued.replace(year=issued.year + org.CERTIFICATE_VALIDITY_YEARS) - dt.timedelta(days=1),
            )
            if self.person_role[p.pk] == "history":
                left = issued + dt.timedelta(days=int(r.integers(200, 700)))
                left = min(left, self.y0 - dt.timedelta(days=int(r.integers(1, 60))))
                c.status, c.revoked_on, c.revocation_reason = "revoked", left, "retired"
                retired_hist.append((p.pk, left))
            cert_rows.append(c)
        Certificate.objects.bulk_create(cert_rows, batch_size=1000)
        for pid, left in retired_hist:
            Person.objects.filter(pk=pid).update(status=PersonStatus.RETIRED, status_changed_on=left)
        self.exams = exams
        self.by_unit_people = by_unit
        self.cert_issued = {c.holder_id: c.issued_on for c in cert_rows}
        audit(
            actor=self.actor,
            action="demo.registry",
            object_type="org.person",
            object_id=self.batch,
            region_code=self.code,
            after={
                "persons": len(people),
                "certificates": len(cert_rows),
                "exam_results": len(results),
                "exams": len(exams),
            },
            note="演示数据：人员、考试成绩和证件（逐行通过 certificate_issue_check）",
        )

    def make_changes(self):
        """2023: the new certificates (exam + certificate_issue) and the revocations (person_retire/transfer)."""
        r, reg = self.rng, self.sc.registry
        self.off = {}  # person id -> (from day, to day)
        for pid, issued in self.cert_issued.items():
            if self.person_role[pid] == "jan1":
                self.off[pid] = ((issued - self.y0).days, FAR)
        # new officers: half at each exam
        new_people = [
            p for rec in self.units.values() for p, role in self.by_unit_people[rec.spec.short] if role == "new"
        ]
        failed = [
            p for rec in self.units.values() for p, role in self.by_unit_people[rec.spec.short] if role == "failed"
        ]
        seq = Certificate.objects.filter(region=self.region).count()
        authority = f"{self.sc.region['parent_name']}人民政府"
        for i, p in enumerate(new_people):
            exam = self.exams[self.year] if i % 2 == 0 else self.exams[(self.year, 2)]
            app = self._approved_application(p, exam)
            score = int(r.integers(62, 97))
            issued = exam.held_on + dt.timedelta(days=int(r.integers(20, 45)))
            seq += 1
            self.certificate_of[p.pk] = f"津执{self.code}{self.year}{seq:05d}"
            # the workspace's path: application, 资格审核, exam result; the pass issues the certificate
            certification.certificate_application_result(
                actor=self.actor,
                application=app,
                exam=exam,
                score=score,
                issued_on=issued,
                number=self.certificate_of[p.pk],
                issuing_authority=authority,
            )
            self.off[p.pk] = ((issued - self.y0).days, FAR)
        for i, p in enumerate(failed):
            exam = self.exams[self.year] if i % 2 == 0 else self.exams[(self.year, 2)]
            app = self._approved_application(p, exam)
            certification.certificate_application_result(
                actor=self.actor, application=app, exam=exam, score=int(r.integers(35, 59))
            )
        # leavers: chosen among the 1 January holders of each unit, spread over the year
        leavers_by_unit = {}
        for rec in self.units.values():
            holders = [p for p, role in self.by_unit_people[rec.spec.short] if role == "jan1"]
            new_n = sum(1 for _, role in self.by_unit_people[rec.spec.short] if role == "new")
            k = len(holders) - rec.spec.officers + new_n
            leavers_by_unit[rec.spec.short] = holders[len(holders) - k :] if k else []
        leavers = [p for v in leavers_by_unit.values() for p in v]
        order = r.permutation(len(leavers))
        retire_n = reg["revoked_retired"]
        self.leaving_reviewers = []
        for rank, j in enumerate(order):
            p = leavers[j]
            day = int(r.integers(10, self.ndays - 5))
            on = self.day(day)
            self.off[p.pk] = (self.off[p.pk][0], day)
            if rank < retire_n:
                if len(self.leaving_reviewers) < reg.get("reviewers_leaving", 0) and day > 60:
                    self.leaving_reviewers.append((p, on))
                self._leave_later(p, on, "retire")
            else:
                self._leave_later(p, on, "transfer")
        self.leaver_ids = {p.pk for p in leavers}

    def _approved_application(self, p, exam):
        """The unit's application (编制 check) 40 days before the exam, approved by the 司法局 20 days before."""
        app = certification.certificate_apply(
            actor=self.actor, person=p, applied_on=exam.held_on - dt.timedelta(days=40)
        )
        return certification.certificate_application_decide(
            actor=self.actor, application=app, approve=True, decided_on=exam.held_on - dt.timedelta(days=20)
        )

    def _leave_later(self, p, on, how):
        self._leaves.append((p, on, how))

    def make_reviewers(self):
        r = self.rng
        first_year = self.sc.registry["first_issue_year"]
        for p, _on in self.leaving_reviewers:
            Person.objects.filter(pk=p.pk).update(has_legal_qualification=True)
            p.has_legal_qualification = True
            org.legal_reviewer_designate(actor=self.actor, person=p, on=dt.date(first_year + 1, 3, 1), first_time=True)
        for rec in self.units.values():
            stable = [
                p for p, role in self.by_unit_people[rec.spec.short] if role == "jan1" and p.pk not in self.leaver_ids
            ]
            chosen = stable[: rec.spec.reviewers]
            for _k, p in enumerate(chosen):
                Person.objects.filter(pk=p.pk).update(has_legal_qualification=True)
                p.has_legal_qualification = True
                on = max(self.cert_issued[p.pk], dt.date(first_year + int(r.integers(0, self.year - first_year)), 3, 1))
                org.legal_reviewer_designate(actor=self.actor, person=p, on=on, first_time=True)
            rec.reviewers = [p.pk for p in chosen]
        # now the year's departures (they end reviewer terms too)
        for p, on, how in sorted(self._leaves, key=lambda t: (t[1], t[0].pk)):
            if how == "retire":
                org.person_retire(actor=self.actor, person=p, on=on)
            else:
                org.person_transfer(actor=self.actor, person=p, on=on)
        # officer arrays per unit
        idle_share = self.sc.registry.get("idle_officer_share", 0.0)
        for rec in self.units.values():
            ids = [p.pk for p, role in self.by_unit_people[rec.spec.short] if p.pk in self.off]
            if not ids:
                continue
            rec.officers = np.array(ids)
            rec.off_from = np.array([self.off[i][0] for i in ids])
            rec.off_to = np.array([self.off[i][1] for i in ids])
            w = r.gamma(2.0, 1.0, len(ids))
            idle = r.random(len(ids)) < idle_share
            idle[: max(3, len(ids) // 2)] = False  # keep the unit able to act
            rec.weight = np.where(idle, 0.0, w)
            if self.g54 is not None:  # the body's head approves its inspections (54号): its first officer here
                self.g54.approvers[rec.unit.pk] = self.id_number_of[ids[0]]

    def make_trainings_filings(self):
        r, y = self.rng, self.year
        # the yearly hours requirement is each region's own setting with its source (supervision.LawSetting)
        reg = self.sc.region
        for code, prefix in ((self.code, ""), (reg["parent_code"], "parent_")):
            if reg.get(f"{prefix}training_hours"):
                law_setting_set(
                    actor=self.actor,
                    region_code=code,
                    key=LawSetting.Key.TRAINING_HOURS,
                    value=reg[f"{prefix}training_hours"],
                    source_document=reg[f"{prefix}training_hours_source"],
                )
        short_n = self.sc.registry.get("training_hours_short", 0)
        people = {
            rec.spec.short: [p for p, role in self.by_unit_people[rec.spec.short] if role in ("jan1", "new")]
            for rec in self.units.values()
        }
        left_on = {p.pk: on for p, on, _ in self._leaves}

        def present(persons, day):
            return [p for p in persons if left_on.get(p.pk, dt.date.max) > day]

        everyone = [p for v in people.values() for p in v]
        justice = next((u for u in self.units.values() if "司法局" in u.spec.short), next(iter(self.units.values())))
        day1 = dt.date(y, 3, 21)
        org.training_record(
            actor=self.actor,
            organizer=justice.unit,
            title="学习贯彻习近平法治思想暨强化行政执法能力建设专题培训班",
            kind=TrainingKind.THEORY,
            held_on=day1,
            hours=Decimal("24"),
            attendees=present(everyone, day1),
        )
        day2 = dt.date(y, 11, 8)
        org.training_record(
            actor=self.actor,
            organizer=justice.unit,
            title="公共法律知识培训考试",
            kind=TrainingKind.GENERAL,
            held_on=day2,
            hours=Decimal("12"),
            attendees=present(everyone, day2),
        )
        reviewers = [pid for rec in self.units.values() for pid in rec.reviewers]
        if reviewers:
            org.training_record(
                actor=self.actor,
                organizer=justice.unit,
                title="全区法制审核人员培训",
                kind=TrainingKind.LEGAL_REVIEW,
                held_on=dt.date(y, 6, 14),
                hours=Decimal("8"),
                attendees=list(Person.objects.filter(pk__in=reviewers)),
            )
        # who will fall short: certified at year end, not reviewers, spread over units
        stayers = [p for p in everyone if p.pk not in self.leaver_ids and p.pk not in set(reviewers)]
        short = (
            {stayers[i].pk for i in r.choice(len(stayers), size=min(short_n, len(stayers)), replace=False)}
            if short_n
            else set()
        )
        for rec in self.units.values():
            staff = people[rec.spec.short]
            if not staff:
                continue
            for k, (month, title) in enumerate(((5, "执法业务专题培训"), (10, "行政执法规范化培训"))):
                day = dt.date(y, month, 10 + rec.index % 15)
                while not calendar.is_working_day(day):
                    day += dt.timedelta(days=1)
                who = present(staff, day)
                if k == 1:
                    who = [p for p in who if p.pk not in short]
                org.training_record(
                    actor=self.actor,
                    organizer=rec.unit,
                    title=f"{rec.spec.short}{y}年{title}",
                    kind=TrainingKind.SPECIALIZED,
                    held_on=day,
                    hours=Decimal("14"),
                    attendees=who,
                )
        # departments that delegate to 街道 train the street officers on the delegated matters
        streets = [rec for rec in self.units.values() if rec.spec.kind == UnitKind.STREET]
        if streets:
            for domain in STREET_DELEGATIONS:
                owner = next((u for u in self.units.values() if domain in u.spec.domains), None)
                if owner is None:
                    continue
                day = dt.date(y, 7, 12)
                org.training_record(
                    actor=self.actor,
                    organizer=owner.unit,
                    title=f"{domain}授权事项街道执法人员专题培训",
                    kind=TrainingKind.DELEGATED,
                    held_on=day,
                    hours=Decimal("6"),
                    attendees=present([p for s in streets for p in people[s.spec.short] if p.pk not in short], day),
                )
        # 备案: 法制审核事项清单 and 音像记录管理制度
        missing = set(self.sc.registry.get("filings_missing", []))
        for rec in self.units.values():
            if not rec.spec.officers:
                continue
            for kind, title in (
                (FilingKind.LEGAL_REVIEW_LIST, "重大执法决定法制审核事项清单"),
                (FilingKind.RECORDING_RULES, "行政执法音像记录管理制度"),
            ):
                if rec.spec.short in missing and kind == FilingKind.RECORDING_RULES:
                    continue
                pw.filing_record(
                    actor=self.actor,
                    unit=rec.unit,
                    kind=kind,
                    title=f"{rec.spec.short}{title}",
                    filed_on=dt.date(y - int(r.integers(0, 2)), int(r.integers(2, 12)), int(r.integers(1, 28))),
                    document_no=f"{rec.spec.short}〔{y}〕{rec.index}号",
                )
