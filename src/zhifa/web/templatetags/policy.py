"""``{% load policy %}{% can "case.decide" unit=case.unit as may_decide %}``: the policy's answer in a template.

Templates never look at roles or units themselves; they ask zhifa.core.policy, as the services do.
"""

from django import template

from zhifa.core import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str, unit=None, region=None, on=None, conditions=True) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return policy.can(user, action, unit=unit, region=region, on=on, conditions=conditions)
