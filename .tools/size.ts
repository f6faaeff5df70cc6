/**
 * `npm run size`: the weapp package sizes from dist/, as WeChat counts them.
 * The main package is every file not under a subpackage root listed in dist/app.json. WeChat refuses a main
 * package over 2 MB; ours is held to 600 KB, so that the first open stays quick on a weak phone and a slow network
 * (every page but the tabs and their first steps goes into a subpackage). This exits 1 above our budget (and when
 * dist/ is missing: run `npm run build:weapp` first).
 */
import fs from 'node:fs'
import path from 'node:path'

const DIST = path.resolve(process.argv[2] ?? 'dist')
const MAIN_LIMIT = 600 * 1024

interface AppJson {
  subPackages?: { root: string }[]
  subpackages?: { root: string }[]
}

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(full)
    else if (entry.isFile()) yield full
  }
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`
}

function main(): number {
  const appJsonPath = path.join(DIST, 'app.json')
  if (!fs.existsSync(appJsonPath)) {
    console.error(`${path.relative(process.cwd(), DIST) || DIST}/app.json not found: run \`npm run build:weapp\` first`)
    return 1
  }
  const appJson = JSON.parse(fs.readFileSync(appJsonPath, 'utf8')) as AppJson
  const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map((p) => p.root.replace(/^\/+|\/+$/g, ''))

  const sizes = new Map<string, number>(roots.map((root) => [root, 0]))
  let mainBytes = 0
  let total = 0
  for (const file of walk(DIST)) {
    const rel = path.relative(DIST, file).split(path.sep).join('/')
    const { size } = fs.statSync(file)
    total += size
    const root = roots.find((r) => rel === r || rel.startsWith(`${r}/`))
    if (root) sizes.set(root, (sizes.get(root) ?? 0) + size)
    else mainBytes += size
  }

  const over = mainBytes > MAIN_LIMIT
  const line = (label: string, bytes: number, note = '') =>
    console.log(`${label.padEnd(20)}${kb(bytes).padStart(10)}${note}`)
  line('main package', mainBytes, `  (limit ${kb(MAIN_LIMIT)})${over ? '  TOO LARGE' : ''}`)
  for (const [root, size] of sizes) line(`subpackage ${root}`, size)
  line('total', total)
  if (over) {
    console.error(
      `The main package is over its ${kb(MAIN_LIMIT)} budget by ${kb(mainBytes - MAIN_LIMIT)}: move a page into a subpackage.`,
    )
  }
  return over ? 1 : 0
}

process.exitCode = main()
