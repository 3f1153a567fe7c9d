"""The writer of every record type, by its Chinese name."""

from __future__ import annotations

from . import law_records as law
from . import oversight_records as oversight
from . import writers_acts as acts
from . import writers_more as more
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
    "制度备案": reg.FilingWriter(),
    "行政检查": acts.InspectionWriter(),
    "行政处罚": acts.CaseWriter(),
    "其他执法行为": acts.OtherActWriter(),
    "行政强制": more.MeasureWriter(),
    "行政许可": more.LicenceWriter(),
    "隐患": acts.HazardWriter(),
    "超限超载": acts.OverloadWriter(),
    "异地执法协助": law.AssistanceWriter(),
    "案卷评查": oversight.ReviewWriter(),
    "执法监督检查": oversight.SupervisionInspectionWriter(),
    "月度通报": oversight.BulletinWriter(),
}
