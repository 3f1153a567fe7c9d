"""One error family for the whole product.

Every refusal carries a machine code, a Chinese message that names the field and the rule, and,
where a law is the reason, its citation. The UI shows ``message``; the CLI prints it and exits
non-zero; the API answers 4xx with ``as_dict()``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Violation:
    """One broken rule: what a rule function returns (zero or more of these)."""

    code: str
    message: str
    citation: str = ""
    field: str = ""
    severity: str = "error"  # error blocks a transition; warning is recorded only

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.message}（{self.citation}）" if self.citation else self.message


class DomainError(Exception):
    code = "domain_error"

    def __init__(self, message: str, *, code: str | None = None, field: str = "", citation: str = ""):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field
        self.citation = citation

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "field": self.field, "citation": self.citation}

    def __str__(self) -> str:
        return f"{self.message}（{self.citation}）" if self.citation else self.message


class NotFound(DomainError):
    code = "not_found"


class PermissionDenied(DomainError):
    code = "permission_denied"


class InvalidInput(DomainError):
    code = "invalid_input"


class RuleBlocked(DomainError):
    """A write or transition refused by one or more legal rules."""

    code = "rule_blocked"

    def __init__(self, violations: list[Violation]):
        self.violations = list(violations)
        first = self.violations[0]
        msg = "；".join(str(v) for v in self.violations)
        super().__init__(msg, code=first.code, field=first.field, citation=first.citation)

    def as_dict(self) -> dict:
        d = super().as_dict()
        d["violations"] = [v.as_dict() for v in self.violations]
        return d

    def __str__(self) -> str:
        return self.message  # each violation's citation is already in the message


class CalendarUnknown(DomainError):
    """A period reaches a year that neither chinesecalendar nor the product's table knows."""

    code = "calendar.year_unknown"


@dataclass
class RowError:
    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行 [{self.column}] 值“{self.value}”：{self.reason}"


@dataclass
class ImportRejected(DomainError):
    errors: list[RowError] = field(default_factory=list)

    def __post_init__(self):
        DomainError.__init__(self, f"文件被整体拒绝，共 {len(self.errors)} 处错误", code="import.rejected")

    def __str__(self) -> str:
        return self.message + "\n" + "\n".join(str(e) for e in self.errors)
