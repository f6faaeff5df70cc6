import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { toApiError } from '@/services/http'
import { openDocument } from '@/services/uploads'
import { isDocument, type PhotoDto, type UploadDto } from '@/shared/uploads'
import { control } from '../aria'
import { PhotoGrid } from '../photo-grid'
import './index.scss'

async function open(upload: UploadDto) {
  try {
    await openDocument(upload)
  } catch (error) {
    void Taro.showToast({ title: toApiError(error).message, icon: 'none' })
  }
}

/** A thing's attachments: its PDFs as rows that open the document, then its photos as thumbnails. */
export function AttachmentList({ attachments }: { attachments: UploadDto[] }) {
  const documents = attachments.filter(isDocument)
  const photos = attachments.filter((a) => !isDocument(a)) as PhotoDto[]
  if (attachments.length === 0) return null
  return (
    <View className="attachment-list">
      {documents.map((doc, i) => (
        <View
          key={doc.id}
          className="attachment-list__document"
          {...control('button', `打开PDF附件${documents.length > 1 ? i + 1 : ''}`)}
          onClick={() => void open(doc)}
        >
          <View className="attachment-list__pdf" aria-hidden>
            PDF
          </View>
          <View className="attachment-list__name">PDF附件{documents.length > 1 ? i + 1 : ''}（点击打开）</View>
        </View>
      ))}
      <PhotoGrid photos={photos} label="附件照片" />
    </View>
  )
}
