import { useCallback, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import { control } from '@/components/aria'
import { newIdempotencyKey, toApiError } from '@/services/http-client'
import { chooseDocuments, chosenPhotos, photoSrc, uploadPhoto, type ChosenPhoto } from '@/services/uploads'
import { isDocument, MAX_PHOTOS, type UploadDto } from '@/shared/uploads'
import '../photo-grid/index.scss'
import './index.scss'

interface PickedPhoto {
  /** The local file (chooseMedia's temporary path, shown while it uploads). */
  chosen: ChosenPhoto
  key: string
  photo?: UploadDto
  error?: string
}

/**
 * Up to six photos, chosen from the album or taken now (compressed by WeChat), each uploaded as soon as it is chosen.
 * The parent gets the ids of those uploaded; one that failed says why and is retried with a tap, under its own
 * Idempotency-Key so it is never kept twice. Its tiles are the photo grid's (components/photo-grid), so a photo looks
 * the same chosen as shown. Used by the wish form, the problem report and the resolve forms (with `usePhotoPicker`)
 * and, with `documents`, a notice's attachments (photos and PDFs).
 */
export function PhotoPicker({
  onChange,
  max = MAX_PHOTOS,
  documents = false,
}: {
  /** The ids uploaded, in order, and how many photos are still uploading or failed. */
  onChange: (ids: string[], unfinished: number) => void
  max?: number
  /** PDFs may be added too (a tile of their own). */
  documents?: boolean
}) {
  const [picked, setPicked] = useState<PickedPhoto[]>([])
  const latest = useRef(picked)

  const update = (next: PickedPhoto[]) => {
    latest.current = next
    setPicked(next)
    onChange(
      next.flatMap((p) => (p.photo ? [p.photo.id] : [])),
      next.filter((p) => !p.photo).length,
    )
  }
  const patch = (key: string, change: Partial<PickedPhoto>) =>
    update(latest.current.map((p) => (p.key === key ? { ...p, ...change } : p)))

  const send = async (item: PickedPhoto) => {
    patch(item.key, { error: undefined })
    try {
      patch(item.key, { photo: await uploadPhoto(item.chosen, item.key) })
    } catch (error) {
      patch(item.key, { error: toApiError(error).message })
    }
  }

  const add = async (chosen: ChosenPhoto[]) => {
    const room = max - latest.current.length
    const added = chosen.slice(0, room).map((photo) => ({ chosen: photo, key: newIdempotencyKey() }))
    update([...latest.current, ...added])
    for (const item of added) await send(item)
  }

  const choose = async () => {
    const room = max - latest.current.length
    if (room <= 0) return
    try {
      const result = await Taro.chooseMedia({
        count: room,
        mediaType: ['image'],
        sizeType: ['compressed'],
        sourceType: ['album', 'camera'],
      })
      await add(chosenPhotos(result))
    } catch {
      // cancelled
    }
  }

  const chooseDocument = async () => {
    const room = max - latest.current.length
    if (room > 0) await add(await chooseDocuments(room))
  }

  const remove = (key: string) => update(latest.current.filter((p) => p.key !== key))

  return (
    <View className="photo-grid photo-picker" role="group" aria-label={`已选${picked.length}个，最多${max}个`}>
      {picked.map((item, i) => (
        <View key={item.key} className="photo-grid__item photo-picker__item">
          {item.chosen.name !== undefined || (item.photo && isDocument(item.photo)) ? (
            <View className="photo-picker__document" aria-label={`第${i + 1}个附件：PDF文件${item.chosen.name ?? ''}`}>
              <View className="photo-picker__pdf">PDF</View>
              <View className="photo-picker__name">{item.chosen.name ?? 'PDF文件'}</View>
            </View>
          ) : (
            <Image
              className="photo-grid__image photo-picker__image"
              src={item.photo ? photoSrc(item.photo) : item.chosen.path}
              mode="aspectFill"
              aria-label={`第${i + 1}张照片`}
              {...(process.env.TARO_ENV === 'h5' ? { nativeProps: { alt: `第${i + 1}张照片` } } : {})}
            />
          )}
          {!item.photo && !item.error ? <View className="photo-picker__state">上传中…</View> : null}
          {item.error ? (
            <View
              className="photo-picker__state photo-picker__state--error"
              {...control('button', `第${i + 1}张照片上传失败：${item.error}，点这里重试`)}
              onClick={() => void send(item)}
            >
              上传失败，点这里重试
            </View>
          ) : null}
          <View
            className="photo-picker__remove"
            {...control('button', `删除第${i + 1}张照片`)}
            onClick={() => remove(item.key)}
          >
            ×
          </View>
        </View>
      ))}
      {picked.length < max ? (
        <View className="photo-grid__item photo-picker__add" {...control('button')} onClick={() => void choose()}>
          <View className="photo-picker__plus" aria-hidden>
            +
          </View>
          <View>
            添加照片 {picked.length}/{max}
          </View>
        </View>
      ) : null}
      {documents && picked.length < max ? (
        <View
          className="photo-grid__item photo-picker__add photo-picker__add--pdf"
          {...control('button', '添加PDF文件')}
          onClick={() => void chooseDocument()}
        >
          <View className="photo-picker__plus" aria-hidden>
            +
          </View>
          <View>添加PDF</View>
        </View>
      ) : null}
    </View>
  )
}

/** What a form keeps of its picker: the ids uploaded and how many are not (yet). */
export interface PickedPhotos {
  ids: string[]
  unfinished: number
}

/**
 * A form's photos: `onChange` for its PhotoPicker, the ids to send, and `ready`, which says so (a dialog) and answers
 * false while a photo is still uploading or failed, for the form to wait.
 */
export function usePhotoPicker() {
  const [photos, setPhotos] = useState<PickedPhotos>({ ids: [], unfinished: 0 })
  const onChange = useCallback((ids: string[], unfinished: number) => setPhotos({ ids, unfinished }), [])
  const ready = () => {
    if (photos.unfinished === 0) return true
    void Taro.showModal({
      title: '照片还没有传好',
      content: '请等照片上传完成；上传失败的照片可以点它重试，或者删掉',
      showCancel: false,
    })
    return false
  }
  return { ids: photos.ids, onChange, ready }
}
