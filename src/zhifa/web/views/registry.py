"""Registry lists: units, people, certificates, powers (权责清单). Visibility comes from zhifa.core.access."""

from __future__ import annotations

from django.db.models import Count, Q

from zhifa.core import policy
from zhifa.core.access import visible
from zhifa.core.masking import mask_id_number, mask_phone
from zhifa.org.choices import CertificateStatus, PersonStatus, StaffingType, UnitKind
from zhifa.org.models import Certificate, Person
from zhifa.powers.choices import PowerCategory
from zhifa.powers.models import Power, PowerDelegation

from ..decorators import staff_view
from ..listing import Filter, apply_listing
from .common import render_list, unit_choices, units_in_scope


@staff_view
def units(request):
    qs = units_in_scope(request).annotate(
        n_people=Count("people", distinct=True), n_powers=Count("powers", distinct=True)
    )
    listing = apply_listing(
        request,
        qs,
        filters=[Filter("kind", "类型", "kind", list(UnitKind.choices))],
        search=["name", "short_name", "uscc", "domain"],
        order=["id"],
    )
    return render_list(request, template="web/partials/units_table.html", title="执法单位", listing=listing)


def may_see_full_id(user, person: Person) -> bool:
    """Full ID numbers only for whoever registers the unit's people (README masking policy), and superusers."""
    return user.is_superuser or policy.can(user, "person.register", unit=person.unit_id)


@staff_view
def people(request):
    qs = visible(Person.objects.select_related("unit"), request.user)
    listing = apply_listing(
        request,
        qs,
        filters=[
            Filter("unit", "单位", "unit_id", unit_choices(request)),
            Filter("status", "状态", "status", list(PersonStatus.choices)),
            Filter("staffing", "编制类型", "staffing_type", list(StaffingType.choices)),
        ],
        search=["name"],
        order=["unit_id", "id"],
    )
    rows = []
    for p in listing.page.object_list:
        full = may_see_full_id(request.user, p)
        rows.append(
            {
                "p": p,
                "id_number": p.id_number if full else mask_id_number(p.id_number),
                "phone": p.phone if full else mask_phone(p.phone),
            }
        )
    return render_list(
        request, template="web/partials/people_table.html", title="执法人员", listing=listing, extra={"rows": rows}
    )


@staff_view
def certificates(request):
    qs = visible(Certificate.objects.select_related("unit", "holder"), request.user)
    listing = apply_listing(
        request,
        qs,
        filters=[
            Filter("unit", "单位", "unit_id", unit_choices(request)),
            Filter("status", "状态", "status", list(CertificateStatus.choices)),
            Filter("from", "发证日期起", "issued_on__gte", kind="date_from"),
            Filter("to", "发证日期止", "issued_on__lte", kind="date_to"),
        ],
        search=["number", "holder__name"],
        order=["-issued_on", "id"],
    )
    return render_list(request, template="web/partials/certificates_table.html", title="执法证件", listing=listing)


@staff_view
def powers(request):
    own = visible(Power.objects.all(), request.user, unit_field="owner")
    delegated = visible(PowerDelegation.objects.all(), request.user, unit_field="to_unit").values("power_id")
    qs = Power.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=delegated)).select_related("owner")
    listing = apply_listing(
        request,
        qs,
        filters=[
            Filter("unit", "实施主体", "owner_id", unit_choices(request)),
            Filter("category", "职权类别", "category", list(PowerCategory.choices)),
        ],
        search=["code", "name", "legal_basis"],
        order=["owner_id", "code"],
    )
    return render_list(request, template="web/partials/powers_table.html", title="权责清单", listing=listing)
