"""Answering an alert (签收, 整改反馈, 核验) and generating a bulletin with progress and download."""

import pytest
from django.urls import reverse

from zhifa.web.models import GenerationJob


@pytest.mark.django_db
def test_unit_answers_rectification_and_supervisor_verifies(login, sample):
    alert = sample.alerts[0]
    unit = login("scj_admin")
    page = unit.get(reverse("web:alert_detail", args=[alert.pk])).content.decode()
    assert "反馈整改情况" in page and "核实不构成问题" not in page
    r = unit.post(
        reverse("web:alert_action", args=[alert.pk]),
        {"action": "respond", "response": "", "responded_on": "2023-12-10"},
    )
    assert r.status_code == 422 and "整改反馈不能为空" in r.content.decode()
    r = unit.post(
        reverse("web:alert_action", args=[alert.pk]),
        {"action": "respond", "response": "已补充公示，并对承办人员进行提醒谈话。", "responded_on": "2023-12-10"},
    )
    assert r.status_code == 302
    alert.refresh_from_db()
    assert alert.status == "rectified"
    sup = login("sup")
    r = sup.post(
        reverse("web:alert_action", args=[alert.pk]),
        {"action": "verify", "note": "已核实", "verified_on": "2023-12-12"},
    )
    assert r.status_code == 302
    alert.refresh_from_db()
    assert alert.status == "closed"


@pytest.mark.django_db
def test_acknowledge(login, sample):
    alert = sample.alerts[1]
    r = login("scj_officer1").post(
        reverse("web:alert_action", args=[alert.pk]), {"action": "acknowledge", "note": "已签收"}
    )
    assert r.status_code == 302
    alert.refresh_from_db()
    assert alert.status == "acknowledged"


@pytest.mark.django_db(transaction=True)
def test_bulletin_generation_and_download(client, settings, tmp_path):
    from tests.support.sample import build_sample

    settings.WEB_JOBS_INLINE = True
    settings.REPORT_ROOT = tmp_path
    sample = build_sample()
    client.force_login(sample.users["sup"], backend="django.contrib.auth.backends.ModelBackend")
    r = client.post(reverse("web:jobs"), {"kind": "bulletin", "year": 2023, "month": ""})
    assert r.status_code == 422 and "须选择月份" in r.content.decode()
    r = client.post(reverse("web:jobs"), {"kind": "bulletin", "year": 2023, "month": 12})
    assert r.status_code == 302
    job = GenerationJob.objects.get()
    assert job.status == "done", job.message
    r = client.get(reverse("web:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "100%" in r.content.decode() and "hx-trigger" not in r.content.decode()
    r = client.get(reverse("web:job_download", args=[job.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content)[:2] == b"PK"
    # another region's user, or a unit user, does not see the job
    client.force_login(sample.users["scj_admin"], backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("web:job_download", args=[job.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_annual_report_generation_and_download(client, settings, tmp_path):
    from tests.support.sample import build_sample

    settings.WEB_JOBS_INLINE = True
    settings.REPORT_ROOT = tmp_path
    sample = build_sample()
    client.force_login(sample.users["sup"], backend="django.contrib.auth.backends.ModelBackend")
    r = client.post(reverse("web:jobs"), {"kind": "annual_report", "year": 2023})
    assert r.status_code == 302
    job = GenerationJob.objects.get()
    assert job.status == "done", job.message
    r = client.get(reverse("web:job_download", args=[job.pk]))
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    content = b"".join(r.streaming_content)
    assert content[:2] == b"PK"
    import io

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "2023" in text and "行政执法" in text


@pytest.mark.django_db
def test_a_job_left_running_by_a_restart_stops_polling(login, sample):
    import datetime as dt

    from django.utils import timezone

    job = GenerationJob.objects.create(
        kind="bulletin",
        region=sample.region,
        params={"year": 2023, "month": 1},
        status="running",
        created_by=sample.users["sup"],
    )
    GenerationJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=3))
    body = login("sup").get(reverse("web:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "生成已中断" in body and "hx-trigger" not in body


@pytest.mark.django_db
def test_a_failed_job_is_queued_again_on_request(login, sample, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    job = GenerationJob.objects.create(
        kind="bulletin",
        region=sample.region,
        params={"year": 2023, "month": 1},
        status="failed",
        message="生成中断",
        created_by=sample.users["sup"],
    )
    client = login("sup")
    assert "重新生成" in client.get(reverse("web:job_detail", args=[job.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("web:job_retry", args=[job.pk]))
    assert r.status_code == 302
    job.refresh_from_db()
    assert job.status == "queued"
    task = DBTaskResult.objects.get(task_path="zhifa.ops.tasks.generation_run")
    assert task.args_kwargs["args"] == [job.pk] and task.queue_name == "reports"
