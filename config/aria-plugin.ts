import type { IPluginContext } from '@tarojs/service'

type Attributes = Record<string, string>

/** The part of the weapp platform's template builder this plugin changes (@tarojs/shared's BaseTemplate). */
interface Template {
  createMiniComponents(components: Record<string, Attributes>): Record<string, Attributes>
}

/**
 * Taro writes into base.wxml only the attributes it knows, and it knows no accessibility attribute: WeChat's
 * screen reader (读屏) heard no role and no name. This adds them to the template a tappable View renders with
 * (`view`; a View without a handler keeps its plain templates, for the main package's size) and to the Switch's: a
 * View's `role` prop as WeChat's `aria-role`, so one prop serves H5 and WeChat, and `aria-label`. The runtime sends attributes it has no short alias for under their own (camelCase) names, which
 * is what these read. H5 renders every attribute and needs none of this.
 */
export default (ctx: IPluginContext) => {
  ctx.registerMethod({
    name: 'onSetupClose',
    fn(platform: { template?: Template }) {
      const template = platform.template
      if (!template) return
      const build = template.createMiniComponents.bind(template)
      template.createMiniComponents = (components) => {
        const result = build(components)
        Object.assign(result.view!, { 'aria-role': 'i.role', 'aria-label': 'i.ariaLabel' })
        Object.assign(result.switch!, { 'aria-label': 'i.ariaLabel' })
        return result
      }
    },
  })
}
