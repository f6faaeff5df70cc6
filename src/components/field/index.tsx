import type { ReactNode } from 'react'
import { Input, Textarea, View } from '@tarojs/components'
import { control } from '../aria'
import './index.scss'

interface FieldProps {
  label: string
  /** Shown in red under the control; says how to fix the value. */
  error?: string | null
  hint?: string
  children: ReactNode
}

/** A labelled form row with room for a hint and an error message. */
export function Field({ label, error, hint, children }: FieldProps) {
  return (
    <View className={['field', error ? 'field--invalid' : ''].filter(Boolean).join(' ')}>
      <View className="field__label">{label}</View>
      {children}
      {hint && !error ? <View className="field__hint">{hint}</View> : null}
      {error ? <View className="field__error">{error}</View> : null}
    </View>
  )
}

interface TextInputProps {
  value: string
  onChange: (value: string) => void
  placeholder?: string
  type?: 'text' | 'number'
  maxlength?: number
  disabled?: boolean
  /** Its name for screen readers (H5), where no placeholder says what to type. */
  label?: string
}

/** A text box as tall as a button, so it is easy to hit. */
export function TextInput({ value, onChange, placeholder, type = 'text', maxlength, disabled, label }: TextInputProps) {
  return (
    <Input
      className="text-input"
      value={value}
      type={type}
      maxlength={maxlength}
      disabled={disabled}
      placeholder={placeholder}
      placeholderClass="text-input__placeholder"
      nativeProps={label ? { 'aria-label': label } : undefined}
      onInput={(e) => onChange(e.detail.value)}
    />
  )
}

interface TextAreaProps {
  value: string
  onChange: (value: string) => void
  placeholder?: string
  maxlength?: number
}

/** A few lines of text (a description, a note), with the same border and size as TextInput. */
export function TextArea({ value, onChange, placeholder, maxlength }: TextAreaProps) {
  return (
    <Textarea
      className="text-input text-area"
      value={value}
      maxlength={maxlength}
      placeholder={placeholder}
      placeholderClass="text-input__placeholder"
      onInput={(e) => onChange(e.detail.value)}
    />
  )
}

/** A tappable row that looks like a text box (for pickers). */
export function SelectBox({ text, placeholder }: { text?: string | null; placeholder: string }) {
  return (
    <View
      className={['text-input', 'select-box', text ? '' : 'select-box--empty'].filter(Boolean).join(' ')}
      {...control()}
    >
      <View className="select-box__text">{text || placeholder}</View>
      <View className="select-box__arrow">›</View>
    </View>
  )
}

/** A note above fields saying who will see what the user writes (the privacy notes of every form). */
export function FormNote({ children }: { children: ReactNode }) {
  return <View className="form-note">{children}</View>
}

/** What went wrong with the whole form (or a part without its own Field), under it, in the danger colour. */
export function FormError({ message }: { message?: string | null }) {
  return message ? <View className="form-error">{message}</View> : null
}
