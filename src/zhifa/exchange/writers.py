"""The writer of every record type, by its Chinese name."""

from __future__ import annotations

from . import writers_registry as reg

WRITERS: dict = {
    "执法主体": reg.UnitWriter(),
    "执法人员": reg.PersonWriter(),
    "执法证件": reg.CertificateWriter(),
    "法制审核人员": reg.ReviewerWriter(),
    "培训记录": reg.TrainingWriter(),
    "权责事项": reg.PowerWriter(),
    "专项行动": reg.CampaignWriter(),
    "联合行动": reg.JointActionWriter(),
    "检查计划": reg.PlanWriter(),
    "电子监控设备": reg.DeviceWriter(),
}
