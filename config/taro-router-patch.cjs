/**
 * A webpack loader for the H5 build that patches @tarojs/router 4.2.1 (the latest; docs/decisions.md, "H5 navigation")
 * so the page on screen always matches the URL, however fast navigations follow each other:
 *
 * 1. Page renders run one after another, in the order the history changed, and the next starts only once the page
 *    of the last has mounted. Taro starts a render on every history change and each awaits its page's chunk, so two
 *    close together (reLaunch after login, then a hash change) could finish in the wrong order; and a page unloaded
 *    before React had rendered it took another page's place in the app's list, so both stayed, the newer hidden.
 *    Each render also takes the navigation method (reLaunch, switchTab…) of its own history change: the router
 *    kept it in one shared field, read only after the page's code had loaded, so a hash change during a reLaunch's
 *    load wiped it and the reLaunch ran as a tab switch: the login page slid out over the new page for 300 ms.
 * 2. Showing a page cancels a hide of that page still pending: back within the 350 ms of a push's hide animation
 *    otherwise hid the page it returned to, leaving a blank screen.
 *
 * The production build loads the router's separate files (router/spa.js, router/page.js), the development build
 * its bundle (index.esm.js). In each file it patches, a replacement must match exactly once, so a changed router
 * fails the build instead of going unpatched.
 */
const PATCHES = [
  {
    why: 'serialise renders',
    file: /[\\/](index\.esm|spa)\.js$/,
    find: '    render({ location: history.location, action: Action.Push });\n',
    replace: `    let rendering = Promise.resolve();
    // Waits until the page is in the DOM (or gone from the stack); after 10 s the next render goes ahead anyway.
    const mounted = (page, since = Date.now()) =>
        new Promise((resolve) => {
            const check = () =>
                !page || stacks.last !== page || handler.getPageContainer(page) || Date.now() - since > 10000
                    ? resolve()
                    : setTimeout(check, 10);
            check();
        });
    const renderInOrder = (update) => {
        // The method (reLaunch…) belongs to this history change: it travels with it to its render, which reads it
        // only after awaiting the page's code, when stacks.method may already be the next navigation's.
        const method = stacks.method;
        stacks.method = '';
        const done = rendering
            .then(() => render(Object.assign({}, update, { method })))
            .then(() => mounted(stacks.last));
        rendering = done.catch(() => undefined);
        return done;
    };
    renderInOrder({ location: history.location, action: Action.Push });
`,
  },
  {
    why: 'the render takes its method along',
    file: /[\\/](index\.esm|spa)\.js$/,
    find: 'function* ({ location, action }) {\n',
    replace: 'function* ({ location, action, method }) {\n',
  },
  {
    why: 'the render reads its own method',
    file: /[\\/](index\.esm|spa)\.js$/,
    find: "        const methodName = (_k = stacks.method) !== null && _k !== void 0 ? _k : '';\n",
    replace:
      "        const methodName = method !== undefined ? method : (_k = stacks.method) !== null && _k !== void 0 ? _k : '';\n",
  },
  {
    why: 'listen through the queue',
    file: /[\\/](index\.esm|spa)\.js$/,
    find: '    return history.listen(render);\n',
    replace: '    return history.listen(renderInOrder);\n',
  },
  {
    why: 'show cancels a pending hide',
    file: /[\\/](index\.esm|page)\.js$/,
    find: `        const param = this.getQuery(page['$taroParams']['stamp'], '', page.options);
        let pageEl = this.getPageContainer(page);
        if (pageEl) {
            pageEl.classList.remove('taro_page_shade');`,
    replace: `        const param = this.getQuery(page['$taroParams']['stamp'], '', page.options);
        let pageEl = this.getPageContainer(page);
        if (pageEl && this.hideTimer && this.lastHidePage === pageEl) {
            clearTimeout(this.hideTimer);
            this.hideTimer = null;
        }
        if (pageEl) {
            pageEl.classList.remove('taro_page_shade');`,
  },
]

module.exports = function patchTaroRouter(source) {
  const patches = PATCHES.filter(({ file }) => file.test(this.resourcePath))
  return patches.reduce((code, { why, find, replace }) => {
    const count = code.split(find).length - 1
    if (count !== 1) {
      throw new Error(`taro-router-patch (${why}): expected the text once in ${this.resourcePath}, found ${count}`)
    }
    return code.replace(find, () => replace)
  }, source)
}
