"""Report and bulletin generation: start, watch progress (HTMX polling), download."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from zhifa.core import policy
from zhifa.core.access import visible

from .. import jobs
from ..decorators import staff_view
from ..models import GenerationJob, JobKind, JobStatus
from .dashboard import report_year


class JobForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=JobKind.choices)
    year = forms.IntegerField(label="年度", min_value=2004, max_value=2100)
    month = forms.IntegerField(label="月份（通报）", min_value=1, max_value=12, required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") == JobKind.BULLETIN and not data.get("month"):
            self.add_error("month", "生成月度通报须选择月份")
        return data


def _jobs_for(user):
    return visible(GenerationJob.objects.select_related("created_by"), user)


@staff_view(actions=("report.generate", "bulletin.issue"))
def job_list(request):
    scope = request.scope
    if request.method == "POST":
        form = JobForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            params = {"year": d["year"]}
            if d["kind"] == JobKind.BULLETIN:
                params["month"] = d["month"]
            job = jobs.job_request(actor=request.user, kind=d["kind"], region_code=scope.region_code, params=params)
            transaction.on_commit(lambda: jobs.start(job))
            return redirect("web:job_detail", pk=job.pk)
    else:
        last_year = report_year(request.user)
        form = JobForm(initial={"kind": JobKind.ANNUAL_REPORT, "year": last_year, "month": 12})
    return render(
        request,
        "web/jobs.html",
        {"form": form, "jobs": _jobs_for(request.user)[:30], "can_start": policy.can(request.user, "report.generate")},
        status=422 if form.errors else 200,
    )


@staff_view
def job_detail(request, pk: int):
    job = get_object_or_404(_jobs_for(request.user), pk=pk)
    template = "web/partials/job_progress.html" if request.htmx else "web/job_detail.html"
    running = job.status in (JobStatus.QUEUED, JobStatus.RUNNING) and not job.stalled
    return render(request, template, {"job": job, "running": running})


@staff_view
def job_retry(request, pk: int):
    """Run a failed job again (e.g. after its worker was stopped three times mid-run)."""
    job = get_object_or_404(_jobs_for(request.user), pk=pk, status=JobStatus.FAILED)
    if request.method == "POST":
        action = "bulletin.issue" if job.kind == JobKind.BULLETIN else "report.generate"
        policy.authorize(request.user, action, region=job.region_id)
        transaction.on_commit(lambda: jobs.retry(job))
    return redirect("web:job_detail", pk=job.pk)


@staff_view
def job_download(request, pk: int):
    job = get_object_or_404(_jobs_for(request.user), pk=pk, status=JobStatus.DONE)
    path = Path(job.file_path)
    if not path.is_file():
        raise Http404("文件已不存在，请重新生成")
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.file_name or path.name)
