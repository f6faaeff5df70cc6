import * as z from 'zod'

/** The largest photo accepted, in bytes (5 MB). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024
/** Photos one thing (a wish, a problem) may carry. */
export const MAX_PHOTOS = 6
/** The kinds of image accepted, judged by their bytes. */
export const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
/** Documents accepted besides images, judged by their bytes (`%PDF-`), for what takes them (a notice's attachments). */
export const DOCUMENT_TYPES = ['application/pdf'] as const
export type UploadContentType = (typeof UPLOAD_TYPES)[number] | (typeof DOCUMENT_TYPES)[number]

export const UPLOAD_TOO_LARGE_MESSAGE = '照片不能超过5MB，请换一张或压缩后再试'

/** A photo as the API shows it: `url` is a link that works for a while without a token (for <Image>). */
export const photoSchema = z.object({
  id: z.uuid(),
  /** A signed link to the image, valid for at least an hour; relative to the API's origin. */
  url: z.string(),
  width: z.number().int(),
  height: z.number().int(),
})
export type PhotoDto = z.infer<typeof photoSchema>

/** An upload as POST /api/uploads answers: a photo (with its size) or a PDF (without). */
export const uploadSchema = photoSchema.extend({
  contentType: z.enum([...UPLOAD_TYPES, ...DOCUMENT_TYPES]),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
})
export type UploadDto = z.infer<typeof uploadSchema>

/** Whether an upload is a PDF (opened as a document, not shown as an image). */
export const isDocument = (u: { contentType: string }) => u.contentType === 'application/pdf'

/** The ids of uploads to attach to what is being posted: the poster's own, not yet attached, each once. */
export const photoIdsSchema = z
  .array(z.uuid('照片编号不对，请重新上传'), { error: '照片编号不对，请重新上传' })
  .max(MAX_PHOTOS, `最多${MAX_PHOTOS}张照片`)
  .refine((ids) => new Set(ids).size === ids.length, '同一张照片只能添加一次')
