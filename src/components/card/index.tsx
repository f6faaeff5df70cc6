import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { control, type AriaProps } from '../aria'
import './index.scss'

export interface CardProps extends AriaProps {
  children?: ReactNode
  /** The block's own class (`station-card`), for what is inside and for tests to find it. */
  className?: string
  /** The space below it: 24 between sections (the default), 20 between the cards of a list, 16 between rows. */
  gap?: 'section' | 'list' | 'row'
  /** The space inside it: 28 (the default), 24 × 28 for a short row, none for a card of rows that pad themselves. */
  padding?: 'normal' | 'snug' | 'none'
  /** A card inside a card: on the page's background, smaller (16 below, 20 × 24 inside). */
  inset?: boolean
  /** Outlined in the primary colour: the chosen one, an unread one. */
  highlight?: boolean
  /** Makes it a link for screen readers (a tapped card opens what it shows), unless `role` says otherwise. */
  onClick?: () => void
  /** While pressed: `card--pressed` outlines it in the primary colour, `card--shaded` greys it. */
  hoverClass?: string
}

/**
 * The white, outlined, rounded box of the app. Its look is written once, in this component's SCSS; the card's
 * own class (`className`) styles what is inside, and may set a spacing the props do not offer.
 */
export function Card({
  children,
  className,
  gap = 'section',
  padding = 'normal',
  inset = false,
  highlight = false,
  onClick,
  hoverClass,
  ...aria
}: CardProps) {
  const classes = [
    'card',
    gap === 'section' ? '' : `card--${gap}`,
    padding === 'normal' ? '' : `card--${padding}`,
    inset ? 'card--inset' : '',
    highlight ? 'card--highlight' : '',
    className ?? '',
  ]
    .filter(Boolean)
    .join(' ')
  return (
    <View className={classes} hoverClass={hoverClass} onClick={onClick} {...(onClick && control('link'))} {...aria}>
      {children}
    </View>
  )
}

interface CardHeadProps {
  /** What the card is: a wish's title, a station's name. It wraps, breaking anywhere if it must. */
  title: ReactNode
  /** On its right, never squeezed: a status <Tag>. */
  tag?: ReactNode
  /** The heading of a detail page, a size up from a card in a list. */
  large?: boolean
  /** The row's own class (its space below, say). */
  className?: string
  /** The title's own class, for a test that finds it (`wish-detail__title`). */
  titleClassName?: string
}

/** The first row of a card: its title, and a tag on the right aligned with the title's first line. */
export function CardHead({ title, tag, large = false, className, titleClassName }: CardHeadProps) {
  const titleClasses = ['card-head__title', large ? 'card-head__title--large' : '', titleClassName ?? '']
    .filter(Boolean)
    .join(' ')
  return (
    <View className={className ? `card-head ${className}` : 'card-head'}>
      <View className={titleClasses}>{title}</View>
      {tag}
    </View>
  )
}

/** The foot of a card in a list, under a rule: who or where on the left, what a tap on the card does on the right. */
export function CardFoot({ note, action }: { note: ReactNode; action: string }) {
  return (
    <View className="card-foot">
      <View className="card-foot__note">{note}</View>
      <View className="card-foot__action">{action}</View>
    </View>
  )
}
