"""Scenario files: a district-year described in TOML, read by the demo generator (never by reports).

A scenario file has these tables (``scenarios/dongli-2023.toml`` is the full example, every key is
documented in ``docs/scenarios.md``):

``[scenario]``   ``seed`` (same seed → same database), ``year``, ``title``.
``[region]``     ``code``/``name`` of the district, ``parent_code``/``parent_name``.
``[registry]``   head counts: ``certified_on_jan1``, ``issued_by_exam``, ``exam_failed``,
                 ``revoked_retired``, ``revoked_transferred``, ``revoked_before_year``, ``legal_reviewers``,
                 ``reviewers_leaving``, ``uncertified_staff``, ``training_hours_short``, ``idle_officer_share``.
``[acts]``       ``inspections``, ``penalties`` (decisions in the year), ``other_acts``, ``no_penalty``,
                 ``ordinary_share``, ``overdue_cases``, ``late_disclosures``, ``prior_year_inspections``,
                 ``prior_year_penalties``, ``drivers``, ``individuals``, ``businesses``.
``[safety]``, ``[drugs]``, ``[roads]``, ``[waste]``, ``[supervision]``: the programmes behind the
                 seed's figures (campaigns, hazards, pharmacies, joint road actions, overloads, 夜查, 案卷评查).
``[[units]]``    one table per unit: ``name``, ``short``, ``kind`` (department/street/vertical/entrusted),
                 ``domains`` (keys of ``catalogue.CATALOGUE``), ``officers`` (certified at year end),
                 ``reviewers``, and weights ``inspections``/``penalties``/``other`` for routine acts;
                 ``entrusted_from`` for a 受委托组织; streets receive ``catalogue.STREET_DELEGATIONS``.

The annual report's template is not in the scenario: it lives beside it as ``<name>.report.toml`` (e.g.
``scenarios/dongli-2023.report.toml``), read by ``zhifa.reports.template_file`` and stored as the region-year's
report texts; a scenario without one gets the product's default template. An inline ``[texts]`` table is refused.

``load_scenario`` checks that the parts add up (officers sum to the year-end count, …) and raises
``ScenarioError`` naming the key otherwise.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from zhifa.core.errors import InvalidInput

from .catalogue import CATALOGUE

PACKAGE_DIR = Path(__file__).resolve().parent


class ScenarioError(InvalidInput):
    pass


@dataclass
class UnitSpec:
    name: str
    short: str
    kind: str
    domains: list[str]
    officers: int
    reviewers: int = 0
    inspections: float = 0
    penalties: float = 0
    other: float = 0
    entrusted_from: str = ""
    enforcement: bool = True


@dataclass
class Scenario:
    path: Path
    seed: int
    year: int
    title: str
    region: dict[str, Any]
    registry: dict[str, Any]
    acts: dict[str, Any]
    safety: dict[str, Any]
    drugs: dict[str, Any]
    roads: dict[str, Any]
    waste: dict[str, Any]
    supervision: dict[str, Any]
    units: list[UnitSpec]
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def region_code(self) -> str:
        return self.region["code"]

    @property
    def officers_year_end(self) -> int:
        r = self.registry
        return r["certified_on_jan1"] + r["issued_by_exam"] - r["revoked_retired"] - r["revoked_transferred"]

    def unit(self, short: str) -> UnitSpec:
        for u in self.units:
            if u.short == short:
                return u
        raise ScenarioError(f"场景中没有简称为“{short}”的单位", field="units", code="scenario.unit")


def scenario_dirs() -> list[Path]:
    """Where named scenarios are looked up: ./scenarios, then the checkout's scenarios/ next to src/."""
    dirs = [Path.cwd() / "scenarios"]
    repo = PACKAGE_DIR.parents[2] / "scenarios"  # src/zhifa/demo -> repo root (editable install)
    if repo not in dirs:
        dirs.append(repo)
    return dirs


def find_scenario(name_or_path: str | Path) -> Path:
    p = Path(name_or_path)
    if p.is_file():
        return p
    stem = p.name if p.suffix == ".toml" else f"{p.name}.toml"
    for d in scenario_dirs():
        if (d / stem).is_file():
            return d / stem
    raise ScenarioError(
        f"找不到场景文件“{name_or_path}”（已查找：{', '.join(str(d) for d in scenario_dirs())}）",
        field="scenario",
        code="scenario.not_found",
    )


def _need(table: dict, key: str, where: str):
    if key not in table:
        raise ScenarioError(f"场景文件缺少 {where}.{key}", field=f"{where}.{key}", code="scenario.missing")
    return table[key]


def load_scenario(name_or_path: str | Path = "dongli-2023") -> Scenario:
    path = find_scenario(name_or_path)
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    head = _need(raw, "scenario", "")
    units = []
    for i, u in enumerate(_need(raw, "units", "")):
        spec = UnitSpec(
            name=_need(u, "name", f"units[{i}]"),
            short=_need(u, "short", f"units[{i}]"),
            kind=_need(u, "kind", f"units[{i}]"),
            domains=list(u.get("domains", [])),
            officers=int(u.get("officers", 0)),
            reviewers=int(u.get("reviewers", 0)),
            inspections=float(u.get("inspections", 0)),
            penalties=float(u.get("penalties", 0)),
            other=float(u.get("other", 0)),
            entrusted_from=u.get("entrusted_from", ""),
            enforcement=bool(u.get("enforcement", True)),
        )
        for d in spec.domains:
            if d not in CATALOGUE:
                raise ScenarioError(
                    f"单位“{spec.short}”的领域“{d}”不在目录中", field=f"units[{i}].domains", code="scenario.domain"
                )
        units.append(spec)
    sc = Scenario(
        path=path,
        seed=int(_need(head, "seed", "scenario")),
        year=int(_need(head, "year", "scenario")),
        title=head.get("title", ""),
        region=_need(raw, "region", ""),
        registry=_need(raw, "registry", ""),
        acts=_need(raw, "acts", ""),
        safety=raw.get("safety", {}),
        drugs=raw.get("drugs", {}),
        roads=raw.get("roads", {}),
        waste=raw.get("waste", {}),
        supervision=raw.get("supervision", {}),
        units=units,
        texts=_report_template(path, raw),
    )
    _check(sc)
    return sc


def template_path(path: Path) -> Path:
    """The report template kept beside a scenario file: dongli-2023.toml -> dongli-2023.report.toml."""
    return path.with_name(f"{path.stem}.report.toml")


def _report_template(path: Path, raw: dict) -> dict[str, str]:
    from zhifa.reports.template_file import read_template_file

    if "texts" in raw:
        raise ScenarioError(
            f"场景文件不再包含报告文字 [texts]：请移到 {template_path(path).name}（见 docs/report-templates.md）",
            field="texts",
            code="scenario.texts",
        )
    tp = template_path(path)
    if not tp.is_file():
        return {}
    tf = read_template_file(tp)
    region, year = raw.get("region", {}).get("code"), raw.get("scenario", {}).get("year")
    if (tf.region and tf.region != region) or (tf.year is not None and tf.year != year):
        raise ScenarioError(
            f"报告模板“{tp.name}”写给{tf.region} {tf.year}年度，与场景的{region} {year}年度不符",
            field="template",
            code="scenario.template",
        )
    return tf.texts


def _check(sc: Scenario) -> None:
    total = sum(u.officers for u in sc.units)
    if total != sc.officers_year_end:
        raise ScenarioError(
            f"各单位年末持证人数之和为{total}，与 registry 推算的年末人数{sc.officers_year_end}不符",
            field="units.officers",
            code="scenario.officers",
        )
    reviewers = sum(u.reviewers for u in sc.units)
    if reviewers != sc.registry["legal_reviewers"]:
        raise ScenarioError(
            f"各单位法制审核人员之和为{reviewers}，应为{sc.registry['legal_reviewers']}",
            field="units.reviewers",
            code="scenario.reviewers",
        )
    for u in sc.units:
        if u.enforcement and u.officers and u.officers < 3:
            raise ScenarioError(
                f"单位“{u.short}”至少需要3名持证人员", field="units.officers", code="scenario.small_unit"
            )
        if u.reviewers > u.officers:
            raise ScenarioError(
                f"单位“{u.short}”的审核人员多于持证人员", field="units.reviewers", code="scenario.reviewers"
            )
    if sc.roads:
        Decimal(str(sc.roads["unloaded_tonnage"]))
    shorts = [u.short for u in sc.units]
    if len(set(shorts)) != len(shorts):
        raise ScenarioError("单位简称重复", field="units.short", code="scenario.duplicate")
