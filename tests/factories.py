"""factory_boy factories for the registry (shared by every app's tests)."""

import datetime as dt
import itertools

import factory

from zhifa.core.validators import make_id_number, make_uscc
from zhifa.org import models as org
from zhifa.org.choices import RegionLevel, StaffingType, UnitKind
from zhifa.powers import models as powers
from zhifa.powers.choices import PowerCategory

_seq = itertools.count(1)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org.Region
        django_get_or_create = ("code",)

    code = "120110"
    name = "东丽区"
    level = RegionLevel.DISTRICT


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org.Unit

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"测试执法局{n}")
    uscc = factory.Sequence(lambda n: make_uscc("11120110", 100000 + n))
    kind = UnitKind.DEPARTMENT
    domain = "市场监管"
    active_from = dt.date(2015, 1, 1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org.Person

    unit = factory.SubFactory(UnitFactory)
    region = factory.SelfAttribute("unit.region")
    name = factory.Sequence(lambda n: f"张{'伟芳娜敏静丽强磊军洋'[n % 10]}{n}")
    id_number = factory.Sequence(lambda n: make_id_number("120110", dt.date(1980, 1, 1) + dt.timedelta(days=n), n))
    birth_date = factory.LazyAttribute(
        lambda o: dt.date(int(o.id_number[6:10]), int(o.id_number[10:12]), int(o.id_number[12:14]))
    )
    staffing_type = StaffingType.ADMIN


class ExamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org.Exam

    region = factory.SubFactory(RegionFactory)
    name = "行政执法资格考试"
    held_on = dt.date(2023, 3, 1)


class ExamResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org.ExamResult

    exam = factory.SubFactory(ExamFactory)
    person = factory.SubFactory(PersonFactory)
    score = 85


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate row written directly (for fixtures of other apps); services are tested on their own."""

    class Meta:
        model = org.Certificate

    holder = factory.SubFactory(PersonFactory)
    unit = factory.SelfAttribute("holder.unit")
    region = factory.SelfAttribute("holder.region")
    number = factory.Sequence(lambda n: f"TJ12011000{n:05d}")
    issuing_authority = "天津市人民政府"
    issued_on = dt.date(2020, 1, 1)
    valid_until = dt.date(2029, 12, 31)


class PowerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = powers.Power

    owner = factory.SubFactory(UnitFactory)
    region = factory.SelfAttribute("owner.region")
    code = factory.Sequence(lambda n: f"CF-{n:05d}")
    name = factory.Sequence(lambda n: f"对违反某规定行为的处罚{n}")
    category = PowerCategory.PENALTY
    legal_basis = "《中华人民共和国某法》第十条"
    effective_from = dt.date(2015, 1, 1)


def make_account(*roles, unit=None, person=None, username: str = "", superuser: bool = False):
    """A staff account with ``roles`` (access.Roles group names), linked to ``person`` or a new person of ``unit``."""
    from django.contrib.auth.models import Group, User

    person = person or PersonFactory(**({"unit": unit} if unit is not None else {}))
    user = User.objects.create_user(
        username=username or f"acct{person.pk}", password="Zhifa-test-2024!", is_superuser=superuser
    )
    user.groups.add(*Group.objects.filter(name__in=roles))
    person.user = user
    person.save(update_fields=["user"])
    return User.objects.get(pk=user.pk)
