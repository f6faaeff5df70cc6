import { createRoute } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import * as z from 'zod'
import { DOCUMENT_TYPES, MAX_UPLOAD_BYTES, UPLOAD_TYPES, uploadSchema } from '../../../shared/uploads'
import type { AppEnv } from '../../app-env'
import { actorOf, signedIn } from '../../auth/guards'
import type { Deps } from '../../deps'
import { AppError } from '../../lib/errors'
import { bearerSecurity, createRouter, errorResponses, jsonResponse } from '../../lib/openapi'
import * as service from './service'
import { URL_STEP_SECONDS } from './urls'

export const UPLOADS_PATH = '/api/uploads'

/** A multipart form's content type (with its boundary). */
export const isMultipart = (contentType: string | undefined) => /^multipart\/form-data\s*;/i.test(contentType ?? '')

const idParams = z.object({ id: z.uuid() })

/** A multipart form, or a 415 that says what to send: before the form is parsed. */
const formOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!isMultipart(c.req.header('content-type'))) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, '请在小程序里选择照片上传（multipart/form-data，字段 file）')
  }
  await next()
}

const uploadForm = z.object({
  file: z.unknown().meta({
    type: 'string',
    format: 'binary',
    description: `The photo (JPEG, PNG or WebP) or, for a notice, a PDF, judged by its bytes; at most ${MAX_UPLOAD_BYTES} bytes`,
  }),
})

const imageResponse = {
  content: Object.fromEntries(
    [...UPLOAD_TYPES, ...DOCUMENT_TYPES].map((type) => [type, { schema: z.string().meta({ format: 'binary' }) }]),
  ),
  description: 'The image, cleaned of its metadata, or the PDF as it was sent',
}

/**
 * 照片: upload one (for a wish now; problems, notices and expenses later), read it back with a fresh link, and the
 * image itself by its signed link. Who may see an upload is its owner's rule (owners.ts).
 */
export function uploadsRoutes(deps: Deps) {
  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/uploads',
        tags: ['uploads'],
        summary:
          'Upload a photo (multipart, field `file`): JPEG, PNG or WebP by its bytes, ≤ 5 MB; location and other ' +
          'metadata are removed. A PDF (by its bytes, `%PDF-`) is kept as sent, for a notice. Attached to nothing, ' +
          'it is deleted after a day.',
        security: bearerSecurity,
        middleware: [signedIn, formOnly],
        request: { body: { content: { 'multipart/form-data': { schema: uploadForm } } } },
        responses: {
          201: jsonResponse(uploadSchema, 'Kept; attach it by its id within a day'),
          ...errorResponses(400, 401, 413, 415, 429),
        },
      }),
      async (c) => {
        const actor = actorOf(c)
        const { file } = c.req.valid('form')
        if (!(file instanceof File)) {
          throw AppError.validation([{ path: ['file'], message: '请选择一张照片' }], '请选择一张照片')
        }
        return c.json(await service.createUpload(deps, c.get('db'), actor, file), 201)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/uploads/{id}',
        tags: ['uploads'],
        summary:
          'An upload with a fresh signed link, for whoever may see what it is attached to (its uploader until then)',
        security: bearerSecurity,
        middleware: [signedIn],
        request: { params: idParams },
        responses: { 200: jsonResponse(uploadSchema, 'The upload'), ...errorResponses(400, 401, 404) },
      }),
      async (c) =>
        c.json(await service.getUpload(c.get('db'), deps.uploadUrls, actorOf(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/uploads/{id}/image',
        tags: ['uploads'],
        summary:
          "The image's bytes by the signed link the API gave with it (the link is the permission, for 1–2 hours)",
        request: {
          params: idParams,
          query: z.object({
            exp: z.coerce.number({ error: '链接不完整' }).int().positive().max(1e12),
            sig: z.string().min(1).max(128),
          }),
        },
        responses: { 200: imageResponse, ...errorResponses(400, 403, 404) },
      }),
      async (c) => {
        const { bytes, type } = await service.readSignedImage(
          deps,
          c.get('db'),
          c.req.valid('param').id,
          c.req.valid('query'),
        )
        return c.body(bytes, 200, {
          'Content-Type': type,
          'Content-Length': String(bytes.length),
          // The link changes every hour: what it shows never does.
          'Cache-Control': `private, max-age=${URL_STEP_SECONDS}, immutable`,
          'Content-Disposition': 'inline',
        })
      },
    )
}
