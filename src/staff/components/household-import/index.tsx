import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { Field, TextArea } from '@/components/field'
import { useSubmit } from '@/hooks/use-submit'
import { importHouseholds } from '@/services/places'
import { IMPORT_MAX_ROWS, type ImportResultDto } from '@/shared/places'
import './index.scss'

interface Props {
  communityId: string
  /** After an import that added households: the lists show them. */
  onImported: () => void
}

const EXAMPLE = '楼栋,单元,房号,面积\n3号楼,1单元,101,89.5\n3号楼,1单元,102,76'

/** Reads a file the user picks: from a WeChat chat in the mini-program, from the computer in the browser. */
async function chooseCsvText(): Promise<string | null> {
  if (process.env.TARO_ENV === 'weapp') {
    const picked = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv', 'txt'] })
    const path = picked.tempFiles[0]?.path
    if (!path) return null
    return Taro.getFileSystemManager().readFileSync(path, 'utf8') as string
  }
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = '.csv,.txt,text/csv,text/plain'
    input.onchange = () => {
      const file = input.files?.[0]
      if (!file) resolve(null)
      else void file.text().then(resolve, () => resolve(null))
    }
    input.click()
  })
}

/** 批量导入: paste a table or choose a CSV file; the answer says what was added and what each bad line needs. */
export function HouseholdImport({ communityId, onImported }: Props) {
  const [text, setText] = useState('')
  const [result, setResult] = useState<ImportResultDto | null>(null)
  const form = useSubmit((csv: string, key: string) => importHouseholds(communityId, csv, key), {
    validate: (csv) => (csv.trim() === '' ? '请先粘贴表格内容，或选择一个CSV文件' : null),
    onSuccess: (answer) => {
      setResult(answer)
      if (answer.created > 0) onImported()
    },
  })

  const choose = async () => {
    try {
      const picked = await chooseCsvText()
      if (picked !== null) setText(picked)
    } catch {
      // Cancelled: nothing to do.
    }
  }

  return (
    <View className="household-import">
      <Field
        label="表格内容"
        hint={`每行一户：楼栋,单元,房号,面积。第一行可以是表头；单元和面积可以空着；一次最多${IMPORT_MAX_ROWS}户。可以直接从Excel或WPS复制粘贴。`}
        error={form.error}
      >
        <TextArea value={text} onChange={setText} placeholder={EXAMPLE} maxlength={-1} />
      </Field>
      <View className="household-import__actions">
        <ActionButton variant="secondary" onClick={() => void choose()}>
          选择文件
        </ActionButton>
        <ActionButton loading={form.submitting} onClick={() => void form.submit(text)}>
          开始导入
        </ActionButton>
      </View>
      {result ? (
        <View className="household-import__result" role="status">
          <View className="household-import__summary">
            新增 {result.created} 户，已登记过跳过 {result.skipped} 户
            {result.errors.length ? `，${result.errors.length} 行需要修改` : '，没有出错的行'}
          </View>
          {result.errors.map((e) => (
            <View key={e.line} className="household-import__error">
              第{e.line}行：{e.message}
            </View>
          ))}
        </View>
      ) : null}
    </View>
  )
}
