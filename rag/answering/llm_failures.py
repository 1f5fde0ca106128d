"""What a failed call to an LLM service tells the user, in Chinese.

The reason names the kind of failure only: no address (it may carry credentials) and no
text from the upstream server (it may echo the request or the key). The caller keeps the
scrubbed detail for the server log.
"""

from __future__ import annotations


def failure_reason(error: BaseException) -> str:
    """The kind of failure of an OpenAI-client call, for the user."""
    import httpx
    import openai

    reasons: tuple[tuple[type[BaseException], str], ...] = (
        (openai.AuthenticationError, "鉴权失败，请检查 API 密钥"),
        (openai.PermissionDeniedError, "无权使用该模型"),
        (openai.NotFoundError, "模型或服务地址不存在"),
        (openai.RateLimitError, "请求过于频繁或额度已用完，请稍后重试"),
        (openai.BadRequestError, "请求被拒绝（问题或上下文可能过长）"),
        (openai.APITimeoutError, "服务响应超时"),  # a kind of APIConnectionError: checked first
        (openai.APIConnectionError, "无法连接语言模型服务"),
        (httpx.TimeoutException, "服务响应超时"),
        (httpx.HTTPError, "网络错误"),
    )
    for kind, reason in reasons:
        if isinstance(error, kind):
            return reason
    if isinstance(error, openai.APIStatusError):
        return f"服务返回错误（HTTP {error.status_code}）"
    return "服务返回了无法处理的结果"
