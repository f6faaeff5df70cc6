/**
 * Every error code the API answers with, and the message a resident reads.
 * Messages say what happened and what to do next; the server may override them with a more specific one.
 */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: '填写的内容有误，请检查后再提交',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '您没有权限进行这项操作',
  NOT_FOUND: '没有找到相关内容，可能已被删除',
  PAYLOAD_TOO_LARGE: '提交的内容太多了，请精简后再试',
  CONTENT_REJECTED: '内容包含不适宜的词语，请修改后再提交',
  RATE_LIMITED: '操作太频繁了，请稍等一会儿再试',
  DB_UNAVAILABLE: '服务暂时繁忙，请稍后再试',
  INTERNAL: '系统出了点问题，请稍后再试',
  IDEMPOTENCY_KEY_REUSED: '这次提交与上一次不一致，请重新操作',
  IDEMPOTENCY_IN_PROGRESS: '上一次提交还在处理中，请稍候',
  WECHAT_CODE_INVALID: '微信登录已失效，请重新进入小程序',
  WECHAT_UNAVAILABLE: '微信登录暂时不可用，请稍后再试',
  WECHAT_NOT_CONFIGURED: '微信登录尚未配置，请联系社区工作人员',
  VOLUNTEER_ALREADY_ACTIVE: '您已经是志愿者了',
  VOLUNTEER_APPLICATION_PENDING: '您的志愿者申请正在审核中，请耐心等待',
  VOLUNTEER_NOT_PENDING: '这份申请已经处理过了',
  VOLUNTEER_NOT_ACTIVE: '该志愿者当前不是在岗状态',
  VOLUNTEER_SUSPENDED: '您的志愿者资格已被暂停，请联系社区工作人员',
  COMMUNITY_REQUIRED: '请先在"我的"里选择您所在的社区',
  STAFF_ALREADY_ASSIGNED: '该用户已经是这个社区的工作人员',
  WISH_LIMIT_REACHED: '您已有3个进行中的心愿，等其中一个完成或取消后再发布吧',
  CLAIM_LIMIT_REACHED: '您已认领了5个心愿，先完成手头的再来认领吧',
  WISH_NOT_OPEN: '这个心愿已被其他志愿者认领或已关闭，看看别的心愿吧',
  WISH_NOT_PENDING: '这个心愿已经审核过了',
  WISH_NOT_CLAIMED: '这个心愿目前不在认领中，请刷新后查看',
  WISH_NOT_FULFILLED: '志愿者还没有提交完成，请稍后再确认',
  WISH_NOT_CANCELLABLE: '心愿已被认领或已结束，不能取消；如有需要请联系社区工作人员',
  NETWORK: '网络不太好，请检查网络后重试',
} as const

export type ErrorCode = keyof typeof ERROR_MESSAGES
