"""扫码入企: what the inspection's code shows the enterprise, and the code's QR image.

The page shows the body, the item and its legal basis, the approval (time; "经行政执法主体负责人批准"), the
officers' names with their certificate numbers and validity on the day, and the enterprise's own count against
the body's annual cap. No other personal data: no approver name, no ID numbers, no phone numbers.
"""

from __future__ import annotations

import io

from django.utils import timezone

from zhifa.org.models import Certificate

from .facts_inspection import inspection_facts
from .models import Inspection
from .reference import Reference


def qr_png(url: str) -> bytes:
    import qrcode
    from qrcode.image.pure import PyPNGImage

    img = qrcode.make(url, image_factory=PyPNGImage, box_size=6, border=2)
    buf = io.BytesIO()
    img.save(buf)
    return buf.getvalue()


def _certificate_on(person_id: int, day) -> Certificate | None:
    """The certificate the officer held that day (latest issued first)."""
    return Certificate.objects.filter(holder_id=person_id, issued_on__lte=day).order_by("-issued_on", "-pk").first()


def public_view(insp: Inspection) -> dict:
    ref = Reference(insp.region_id)
    started = timezone.localtime(insp.started_at)
    day = started.date()
    officers = []
    for person in (insp.officer_a, insp.officer_b):
        if person is None:
            continue
        cert = _certificate_on(person.pk, day)
        officers.append(
            {
                "name": person.name,
                "number": cert.number if cert else "（无）",
                "valid_until": cert.valid_until if cert else None,
                "valid_on_day": ref.certificate_active(person.pk, day),
            }
        )
    f = inspection_facts([insp])[0]
    cap = None
    if f.cap is not None:
        n = f.prior_count + (1 if f.counts_against_cap else 0)
        cap = {"count": n, "max": f.cap.max_per_year, "source": f.cap.source_document, "over": n > f.cap.max_per_year}
    return {
        "unit": insp.unit.name,
        "item_code": insp.power.code,
        "item_name": insp.power.name,
        "legal_basis": insp.power.legal_basis,
        "started_at": started,
        "mode": insp.get_mode_display(),
        "inspection_class": insp.get_inspection_class_display() if insp.inspection_class else "未分类",
        "case_source": insp.get_case_source_display() if insp.case_source else "",
        "approved_at": timezone.localtime(insp.approved_at) if insp.approved_at else None,
        "urgent": bool(insp.urgent),
        "officers": officers,
        "cap": cap,
        "year": day.year,
    }
