import { inlineHashes, policy } from './csp'

/** A self-contained page that lists the OpenAPI document's operations; it loads nothing from other sites. */
export const DOCS_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>邻里通 API</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:16px;color:#1a1a1a}
h1{font-size:22px} h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ccc}
details{border:1px solid #ddd;border-radius:6px;margin:6px 0;padding:6px 10px}
summary{cursor:pointer} code{font-family:ui-monospace,monospace}
.m{display:inline-block;min-width:56px;font-weight:600;text-transform:uppercase}
.get{color:#0a6} .post{color:#06c} .patch,.put{color:#a60} .delete{color:#c22}
pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:12px}
</style></head><body>
<h1>邻里通 API</h1><p>Generated from the routes' zod schemas: <a href="openapi.json">openapi.json</a></p>
<div id="ops">Loading…</div>
<script>
fetch('openapi.json').then(r => r.json()).then(doc => {
  const byTag = {};
  for (const [path, ops] of Object.entries(doc.paths || {}))
    for (const [method, op] of Object.entries(ops)) (byTag[(op.tags || ['other'])[0]] ||= []).push({ path, method, op });
  const esc = s => String(s).replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const json = v => '<pre>' + esc(JSON.stringify(v, null, 2)) + '</pre>';
  document.getElementById('ops').innerHTML = Object.entries(byTag).map(([tag, list]) =>
    '<h2>' + esc(tag) + '</h2>' + list.map(({ path, method, op }) =>
      '<details><summary><span class="m ' + method + '">' + method + '</span> <code>' + esc(path) + '</code> — ' +
      esc(op.summary || '') + '</summary>' +
      (op.parameters ? '<h4>Parameters</h4>' + json(op.parameters) : '') +
      (op.requestBody ? '<h4>Body</h4>' + Object.entries(op.requestBody.content).map(([type, body]) =>
        '<p><code>' + esc(type) + '</code></p>' + json(body.schema)).join('') : '') +
      '<h4>Responses</h4>' + json(op.responses) + '</details>').join('')).join('');
});
</script></body></html>`

/** The docs page runs its own script and style, by their hashes, and reads the document from its own origin. */
export const DOCS_POLICY = policy({
  'default-src': ["'none'"],
  'script-src': inlineHashes(DOCS_PAGE, 'script'),
  'style-src': inlineHashes(DOCS_PAGE, 'style'),
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
})
