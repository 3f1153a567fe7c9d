"""Public portal (行政执法公示), no login: published decisions, each unit's 权责清单, and a clue form.

Reads only published Disclosure rows and powers in force; every personal datum is masked by
``presenters`` (zhifa.core.masking). The clue form is rate-limited per client address in the cache.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.cache import cache
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from zhifa.enforcement.choices import DisclosureKind, DisclosureStatus, Outcome
from zhifa.enforcement.models import Disclosure
from zhifa.org.models import Unit
from zhifa.powers.choices import PowerCategory
from zhifa.powers.models import DiscretionBenchmark, PowerChange
from zhifa.powers.selectors import powers_held_by

from . import clues
from .caching import cached_page
from .presenters import ACT_FIELDS, ROW_FIELDS, present, present_row, row_html

PAGE_SIZE = 20
UNITS_CACHE_KEY = "portal:units:v1"


def _units() -> list[tuple[int, str]]:
    """The enforcement bodies for the unit select on every page (cached: it changes a few times a year)."""
    units = cache.get(UNITS_CACHE_KEY)
    if units is None:
        units = list(Unit.objects.filter(is_enforcement_body=True).order_by("id").values_list("id", "name"))
        cache.set(UNITS_CACHE_KEY, units, 300)
    return units


TYPE_CHOICES = [("", "全部"), *((k, str(v)) for k, v in Outcome.choices)]
KIND_CHOICES = [("", "全部"), *((k, str(v)) for k, v in DisclosureKind.choices)]


class SearchForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=50)
    unit = forms.TypedChoiceField(label="执法机关", required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label="决定类别", required=False, choices=KIND_CHOICES)
    type = forms.ChoiceField(label="处罚决定类型", required=False, choices=TYPE_CHOICES)
    # 公示日期: a column of the disclosure row itself (indexed), so a date search needs no join.
    start = forms.DateField(label="公示日期起", required=False)
    end = forms.DateField(label="公示日期止", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "全部"), *_units()]


def _options(choices, chosen: str) -> list[tuple[str, str, bool]]:
    return [(str(k), str(v), str(k) == chosen) for k, v in choices]


def published():
    """Every published decision: 行政处罚, 行政许可, 行政强制措施 and 行政强制执行 (国办发〔2018〕118号)."""
    return Disclosure.objects.filter(status=DisclosureStatus.PUBLISHED)


@cached_page
def index(request):
    form = SearchForm(request.GET or None)
    qs = published()
    if form.is_bound:
        form.is_valid()
        # A bad field (e.g. an impossible date) is reported; the valid ones still filter.
        d = {"unit": None, "kind": "", "type": "", "start": None, "end": None, "q": ""} | form.cleaned_data
        if d["unit"]:
            qs = qs.filter(unit_id=d["unit"])
        if d["kind"]:
            qs = qs.filter(kind=d["kind"])
        if d["type"]:
            qs = qs.filter(case__outcome=d["type"])
        if d["start"]:
            qs = qs.filter(published_on__gte=d["start"])
        if d["end"]:
            qs = qs.filter(published_on__lte=d["end"])
        if d["q"]:
            # The public text is what the public reads (文号, 执法机关, 违法行为, 依据, 处罚): one column to
            # scan, no join. It is already masked, so a search for a person's name finds nothing.
            qs = qs.filter(public_text__icontains=d["q"])
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    # No COUNT(*) over the whole table: one row more than a page tells whether there is a next page.
    offset = (page - 1) * PAGE_SIZE
    rows = list(qs.order_by("-published_on", "-id").values(*ROW_FIELDS)[offset : offset + PAGE_SIZE + 1])
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    acts = [r["pk"] for r in rows if r["kind"] != DisclosureKind.PENALTY]
    if acts:
        more = {a["pk"]: a for a in Disclosure.objects.filter(pk__in=acts).values(*ACT_FIELDS)}
        rows = [r | more.get(r["pk"], {}) for r in rows]
    params = request.GET.copy()
    params.pop("page", None)
    decision_base = reverse("portal:decision", args=[0])[:-2]
    return render(
        request,
        "portal/index.html",
        {
            "form": form,
            "rows_html": mark_safe("".join(row_html(present_row(r), decision_base) for r in rows)),
            "page": page,
            "has_next": has_next,
            "querystring": params.urlencode(),
            # Plain (value, label, selected) triples: the search page is the portal's hot path.
            "unit_options": _options([("", "全部"), *_units()], request.GET.get("unit", "")),
            "type_options": _options(TYPE_CHOICES, request.GET.get("type", "")),
            "kind_options": _options(KIND_CHOICES, request.GET.get("kind", "")),
        },
    )


@cached_page
def decision(request, pk: int):
    d = get_object_or_404(published().select_related("unit", "case", "case__party"), pk=pk)
    return render(request, "portal/decision.html", {"d": present(d)})


def powers_in_force(unit: Unit, day: dt.date):
    return powers_held_by(unit.pk, day).select_related("owner").order_by("category", "code")


@cached_page
def units(request):
    today = timezone.localdate()
    rows = []
    for unit in (
        Unit.objects.filter(is_enforcement_body=True, active_from__lte=today)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=today))
        .order_by("id")
    ):
        rows.append({"unit": unit, "n": powers_in_force(unit, today).count()})
    return render(request, "portal/units.html", {"rows": rows})


@cached_page
def unit_powers(request, pk: int):
    unit = get_object_or_404(Unit, pk=pk, is_enforcement_body=True)
    today = timezone.localdate()
    qs = powers_in_force(unit, today)
    category = request.GET.get("category", "")
    if category in PowerCategory.values:
        qs = qs.filter(category=category)
    q = request.GET.get("q", "").strip()[:50]
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    powers = list(qs)
    # 行政处罚法第三十四条: discretion benchmarks are published with the list.
    benchmarks: dict[int, list] = {}
    for b in DiscretionBenchmark.objects.filter(power__in=powers, published_on__isnull=False).order_by("fine_min"):
        benchmarks.setdefault(b.power_id, []).append(b)
    for p in powers:
        p.public_benchmarks = benchmarks.get(p.pk, [])
    # 动态调整 history of the unit's own list: public fields only (code, name, kind, document, date).
    history = (
        PowerChange.objects.filter(
            power__owner=unit, **({"power__category": category} if category in PowerCategory.values else {})
        )
        .filter(Q(power__name__icontains=q) | Q(power__code__icontains=q) if q else Q())
        .select_related("power")
        .order_by("-effective_on", "-version")[:100]
    )
    return render(
        request,
        "portal/unit_powers.html",
        {
            "unit": unit,
            "powers": powers,
            "categories": PowerCategory.choices,
            "category": category,
            "q": q,
            "today": today,
            "history": history,
        },
    )


class ClueForm(forms.Form):
    unit = forms.TypedChoiceField(label="反映的执法机关", required=False, coerce=int, empty_value=None)
    text = forms.CharField(label="线索内容", widget=forms.Textarea, min_length=10, max_length=2000)
    contact = forms.CharField(label="联系方式（选填）", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "不确定"), *_units()]
        self.fields["text"].error_messages["min_length"] = "线索内容至少10个字，请写明时间、地点和事项"


def clue(request):
    if request.method == "POST":
        form = ClueForm(request.POST)
        limited = clues.over_limit(request)
        if limited:
            form.is_valid()
            form.add_error(None, limited)
            return render(request, "portal/clue.html", {"form": form}, status=429)
        if form.is_valid():
            try:
                ref = clues.submit(request, **form.cleaned_data)
            except clues.ClueRejected as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return render(request, "portal/clue_done.html", {"ref": ref})
        return render(request, "portal/clue.html", {"form": form}, status=422)
    return render(request, "portal/clue.html", {"form": ClueForm()})


def clue_status(request):
    """A clue's status by its reference number: status and dates only, never the text or the contact."""
    from zhifa.supervision.clue_status import clue_public_status

    ref = request.GET.get("ref", "").strip()[:40]
    if ref and (blocked := clues.status_lookups_blocked(request)):
        return render(request, "portal/clue_status.html", {"ref": ref, "status": None, "blocked": blocked}, status=429)
    status = clue_public_status(ref) if ref else None
    if ref and not status:
        clues.status_lookup_missed(request)
    return render(
        request, "portal/clue_status.html", {"ref": ref, "status": status}, status=404 if ref and not status else 200
    )
