"""System checks that stop an unsafe production start (``zhifa serve``, the WSGI application, ``check --deploy``)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

MIN_KEY_LENGTH = 50

SECRET_KEY_MESSAGE = (
    "未设置安全密钥：关闭调试模式（ZHIFA_DEBUG=0）运行时必须有至少 50 个字符的随机密钥，不能使用公开的默认密钥。"
    "运行 zhifa migrate 会在数据目录生成本机密钥（secret_key）；多台服务器共用一个站点时，请通过环境变量 ZHIFA_SECRET_KEY 设置同一密钥，"
    "生成方法：python -c \"import secrets; print(secrets.token_urlsafe(50))\"。"
    " / No secret key: with ZHIFA_DEBUG=0, run zhifa migrate (it writes this installation's key into the data"
    " directory) or set ZHIFA_SECRET_KEY to a random key of at least 50 characters; the built-in fallback key is public."
)


def secret_key_problem() -> str:
    """The bilingual message when DEBUG is off and the key is the public fallback or too short, else ''."""
    if settings.DEBUG:
        return ""
    key = settings.SECRET_KEY or ""
    if key == getattr(settings, "FALLBACK_SECRET_KEY", None) or len(key) < MIN_KEY_LENGTH:
        return SECRET_KEY_MESSAGE
    return ""


def secret_key_check(app_configs=None, **kwargs):
    problem = secret_key_problem()
    return [checks.Error(problem, id="zhifa.E001")] if problem else []


def register() -> None:
    # Django's own security.W009 only warns; this one is an error, run by `check --deploy` and by
    # `zhifa serve`/the WSGI application before they serve anything.
    checks.register(secret_key_check, checks.Tags.security, deploy=True)
