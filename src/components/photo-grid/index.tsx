import Taro from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import { control } from '@/components/aria'
import type { PhotoDto } from '@/shared/uploads'
import { photoSrc } from '@/services/uploads'
import './index.scss'

const H5_ALT = process.env.TARO_ENV === 'h5' ? { nativeProps: { alt: '' } } : {}

/** A thing's photos as thumbnails; a tap opens them full size, to swipe through (Taro.previewImage). */
export function PhotoGrid({ photos, label = '照片' }: { photos: PhotoDto[]; label?: string }) {
  if (photos.length === 0) return null
  const urls = photos.map(photoSrc)
  return (
    <View className="photo-grid" role="group" aria-label={`${label}，共${photos.length}张`}>
      {photos.map((photo, i) => (
        <View
          key={photo.id}
          className="photo-grid__item"
          {...control('button', `查看第${i + 1}张${label}，共${photos.length}张`)}
          onClick={() => void Taro.previewImage({ current: urls[i]!, urls })}
        >
          {/* Named by the button it is in; on H5 its <img> is said to be part of it. */}
          <Image className="photo-grid__image" src={urls[i]!} mode="aspectFill" lazyLoad {...H5_ALT} />
        </View>
      ))}
    </View>
  )
}
