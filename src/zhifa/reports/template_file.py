"""A region-year's report template as a file (``<district>-<year>.report.toml``), kept beside its data.

The file holds the region-year's paragraphs and tables exactly as the workspace editor stores them
(``ReportText`` rows; the syntax is in docs/report-templates.md)::

    [template]                 # optional: the region-year the file is written for
    region = "120110"
    year = 2023
    report = "annual"

    [texts]
    overview = "全区现有行政执法单位{units}个……"
    t_s4_2_1 = '''
    标题 = 市场监管检查情况
    零售药店（家次） = {行政检查次数 执法领域=市场监管 检查对象类别=零售药店}
    '''

``read_template_file`` parses and checks it (an unknown key, metric or parameter is refused naming the key);
``report_template_load`` stores every block through ``report_text_set`` (checked, versioned, audited).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from zhifa.core.errors import InvalidInput

from .texts import check_block, key_allowed, report_text_set


@dataclass
class TemplateFile:
    path: Path
    texts: dict[str, str] = field(default_factory=dict)
    region: str = ""
    year: int | None = None
    report: str = "annual"


def read_template_file(path: Path | str) -> TemplateFile:
    """Parse a template file; keys and placeholders are checked (a wrong one is refused naming it)."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise InvalidInput(
            f"报告模板文件“{path}”无法读取：{e}", field="template", code="report_template.file"
        ) from None
    head = raw.get("template", {})
    texts = raw.get("texts", {})
    if not isinstance(texts, dict) or not all(isinstance(v, str) for v in texts.values()):
        raise InvalidInput(
            f"报告模板文件“{path}”的 [texts] 须为“段落 = 文字”", field="texts", code="report_template.file"
        )
    unknown = set(raw) - {"template", "texts"}
    if unknown:
        raise InvalidInput(
            f"报告模板文件“{path}”有未知的表“{'、'.join(sorted(unknown))}”（可用：template、texts）",
            field=sorted(unknown)[0],
            code="report_template.file",
        )
    for key, text in texts.items():
        if not key_allowed(key):
            raise InvalidInput(f"报告模板文件“{path.name}”：段落“{key}”不存在", field=key, code="report_text.key")
        problems = check_block(key, text)
        if problems:
            raise InvalidInput(
                f"报告模板文件“{path.name}”段落“{key}”：{'；'.join(problems)}",
                field=key,
                code="report_text.placeholder",
            )
    year = head.get("year")
    return TemplateFile(
        path=path,
        texts={k: v.strip() for k, v in texts.items()},
        region=str(head.get("region", "")),
        year=int(year) if year is not None else None,
        report=str(head.get("report", "annual")),
    )


@transaction.atomic
def report_template_load(*, actor, region_code: str, year: int, path: Path | str) -> list[str]:
    """Store every block of the template file as the region-year's text (each one versioned and audited)."""
    tf = read_template_file(path)
    if tf.region and tf.region != region_code:
        raise InvalidInput(
            f"报告模板文件写给区划{tf.region}，不能用于{region_code}", field="region", code="report_template.region"
        )
    if tf.year is not None and tf.year != year:
        raise InvalidInput(
            f"报告模板文件写给{tf.year}年度，不能用于{year}年度", field="year", code="report_template.year"
        )
    for key, text in tf.texts.items():
        report_text_set(actor=actor, region_code=region_code, year=year, key=key, text=text, report=tf.report)
    return list(tf.texts)


def template_file_text(region_code: str, year: int, report: str = "annual") -> str:
    """The region-year's own blocks (not the product defaults) as a template file."""
    from .models import ReportText

    rows = ReportText.objects.filter(region_id=region_code, year=year, report=report).order_by("key")
    out = ["[template]", f'region = "{region_code}"', f"year = {year}", f'report = "{report}"', "", "[texts]"]
    for key, text in rows.values_list("key", "text"):
        body = text.replace("\\", "\\\\").replace('"', '\\"')
        out.append(f'{key} = """\n{body}"""' if "\n" in text else f'{key} = "{body}"')
    return "\n".join(out) + "\n"
