"""Resolution of natural keys to rows, shared by every writer (exchange.md 原则 1: never a database id)."""

from __future__ import annotations

from dataclasses import dataclass, field

from zhifa.core.audit import audit, snapshot
from zhifa.enforcement.choices import PartyKind, PartyType
from zhifa.enforcement.models import Party
from zhifa.enforcement.reference import Reference
from zhifa.org.models import Certificate, Person, Region, Unit
from zhifa.powers.models import Power

from .actors import service_actor
from .fields import Bad
from .models import ExchangeRecord
from .regions import region_ensure


@dataclass
class LoadContext:
    """One load (a file, a folder, an API batch): the actor, the batch number and read-only lookups.

    Only lookups of rows that exist before the record being loaded are memoised; a row a record creates
    is not, so that a rejected record (rolled back to its savepoint) leaves no stale entry behind.
    """

    actor: object = None
    batch: str = ""
    # The legal findings of each new act written set-based, returned in the load's report (``Report.breaches`` and
    # each result's "breaches") for the sender to see. A client that reads none of them and has the same rule
    # functions run over every record afterwards (the demo: its month-end scans raise the alerts) turns them off;
    # the records, their rows and their outbox entries are the same either way.
    findings: bool = True
    _units: dict = field(default_factory=dict)
    _certs: dict = field(default_factory=dict)
    _powers: dict = field(default_factory=dict)
    _power_codes: set = field(default_factory=set)  # 事项编码 whose powers are all in ``_powers`` (set-based path)
    _refs: dict = field(default_factory=dict)
    _empty: dict = field(default_factory=dict)  # what held no row when the load first asked (empty_at_start)
    # 当事人 of the set-based path by key (区划, "id"/"uscc"/kind, number or name): found, or registered by a chunk
    # that was written (fastpath._insert adds them after its savepoint is released)
    parties: dict = field(default_factory=dict)

    @property
    def service_actor(self):
        return service_actor(self.actor)

    # ---- registry --------------------------------------------------------------------------------
    def region(self, code: str) -> Region:
        return region_ensure(code, actor=self.service_actor)

    def unit(self, uscc: str, fname: str) -> Unit:
        unit = self._units.get(uscc)
        if unit is None:
            unit = Unit.objects.filter(uscc=uscc).first()
            if unit is None:
                raise Bad(fname, uscc, "该统一社会信用代码没有对应的执法主体（请先报送执法主体）")
            self._units[uscc] = unit
        return unit

    def units(self, usccs: set[str]) -> dict[str, Unit]:
        """统一社会信用代码 → Unit of those that exist, memoised as ``unit`` memoises them (one query for the ones
        not seen yet in the load)."""
        missing = usccs - self._units.keys()
        if missing:
            self._units.update((u.uscc, u) for u in Unit.objects.filter(uscc__in=missing))
        return {k: self._units[k] for k in usccs if k in self._units}

    def person(self, id_number: str, fname: str) -> Person:
        person = Person.objects.filter(id_number=id_number).first()
        if person is None:
            raise Bad(fname, id_number, "该身份证号码没有对应的执法人员（请先报送执法人员）")
        return person

    def officers(self, numbers: list[str], fname: str) -> list[int]:
        """执法证号 → the holders' person ids, in order, each once."""
        out: list[int] = []
        for n in numbers:
            holder = self._certs.get(n)
            if holder is None:
                holder = Certificate.objects.filter(number=n).values_list("holder_id", flat=True).first()
                if holder is None:
                    raise Bad(fname, n, f"执法证号“{n}”不存在（请先报送执法证件）")
                self._certs[n] = holder
            if holder not in out:
                out.append(holder)
        return out

    def power(self, region_code: str, code: str, fname: str = "事项编码") -> Power:
        key = (region_code, code)
        power = self._powers.get(key)
        if power is None:
            power = Power.objects.filter(region_id=region_code, code=code).first()
            if power is None:
                raise Bad(fname, code, "事项编码不在本行政区划的权责清单中（请先报送权责事项）")
            self._powers[key] = power
        return power

    def empty_at_start(self, what: tuple, exists) -> bool:
        """Whether ``exists()`` (a query for rows of a kind: the key index of a record type, a region's cases) was
        false when the load first asked. The set-based path then looks up none of a chunk's keys among those rows:
        the keys of this load are told apart by the load itself (a key repeated in it is refused), and a row that
        another writer or an earlier load through the same context adds meanwhile makes the chunk's insert fail on
        the unique index, which sends the chunk the per-record way, where each key is looked up."""
        got = self._empty.get(what)
        if got is None:
            got = self._empty[what] = not exists()
        return got

    def reference(self, region_code: str) -> Reference:
        ref = self._refs.get(region_code)
        if ref is None:
            ref = self._refs[region_code] = Reference(region_code)
        return ref

    # ---- records named by their exchange key -------------------------------------------------------
    def record_id(self, type_name: str, key: str, fname: str) -> int:
        oid = (
            ExchangeRecord.objects.filter(record_type=type_name, key=key, deleted=False)
            .values_list("object_id", flat=True)
            .first()
        )
        if oid is None:
            raise Bad(fname, key, f"该{type_name}不存在（请先报送{type_name}）")
        return oid

    # ---- parties ---------------------------------------------------------------------------------
    def party(
        self, *, region_id: str, name: str, nature: str, id_number: str = "", category: str = "", key_supply=False
    ) -> Party:
        """The 当事人 named by its 证件号码 (or, without one, by name), registered on first sight; a record that
        names it as 重点保供 marks it so."""
        kind = PartyKind.PERSON if nature == "自然人" else PartyKind.ORG
        is_person_id = bool(id_number) and kind == PartyKind.PERSON
        qs = Party.objects.filter(region_id=region_id)
        if id_number:
            qs = qs.filter(id_number=id_number) if is_person_id else qs.filter(uscc=id_number)
        else:
            qs = qs.filter(kind=kind, name=name, id_number="", uscc="")
        party = qs.order_by("id").first()
        if party is not None:
            if key_supply and not party.key_supply:
                before = snapshot(party)
                party.key_supply = True
                party.save(update_fields=["key_supply"])
                audit(actor=self.service_actor, action="party.update", obj=party, before=before, after=snapshot(party))
            return party
        by_label = {str(label): value for value, label in PartyType.choices}
        party_type = by_label.get(category) or (PartyType.INDIVIDUAL if kind == PartyKind.PERSON else PartyType.OTHER)
        birth = None
        if is_person_id:
            from zhifa.core.validators import birth_date_from_id

            birth = birth_date_from_id(id_number)
        party = Party.objects.create(
            region_id=region_id,
            kind=kind,
            party_type=party_type,
            name=name,
            id_number=id_number if is_person_id else "",
            uscc=id_number if id_number and not is_person_id else "",
            birth_date=birth,
            key_supply=bool(key_supply),
        )
        audit(actor=self.service_actor, action="party.register", obj=party, after=snapshot(party), note="数据交换")
        return party
