import * as z from 'zod';

/**
 * Every error the API returns has this body. `code` is stable and machine-readable,
 * `message` is Simplified Chinese for the user, `fields` points at the offending input.
 */
export const FieldError = z.object({
  path: z.string().meta({ description: 'Dot path of the field, e.g. "date" or "attendees.0.name"' }),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.array(FieldError).optional(),
      /** Machine-readable facts about the refusal, e.g. what a line still has open for OVER_TARGET. */
      details: z.record(z.string(), z.unknown()).optional(),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'ErrorBody' });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Error codes with their HTTP status and default Chinese message. */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: '提交的内容有误，请检查后重试' },
  BAD_JSON: { status: 400, message: '请求内容不是有效的 JSON' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  TOKEN_INVALID: { status: 401, message: '登录已失效，请重新登录' },
  WECHAT_CODE_INVALID: { status: 401, message: '微信登录凭证无效或已过期，请重新进入小程序' },
  FORBIDDEN: { status: 403, message: '没有权限进行此操作' },
  NOT_FOUND: { status: 404, message: '未找到相关内容' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  CONFLICT: { status: 409, message: '操作冲突，请刷新后重试' },
  RULE_BROKEN: { status: 422, message: '不符合规则' },
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },
  WECHAT_RATE_LIMITED: { status: 429, message: '微信登录请求太频繁，请稍后再试' },
  WECHAT_BUSY: { status: 503, message: '微信服务繁忙，请稍后再试' },
  /** DynamoDB throttled us, timed out, or a transaction kept conflicting: sent with Retry-After. */
  SERVICE_BUSY: { status: 503, message: '当前使用人数较多，请稍后再试' },
  WECHAT_FAILED: { status: 502, message: '微信服务暂时不可用，请稍后再试' },
  INTERNAL: { status: 500, message: '服务器开小差了，请稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>;
export type ErrorCode = keyof typeof ERRORS | (string & {});
