// The installable PWA: Chromium reports the manifest valid and the app installable (CDP
// Page.getInstallabilityErrors / Page.getAppManifest), and a new build is picked up on the next
// visit with a visible "updated" notice, never mid-edit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../scripts/static-server.mjs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, DIST, appReady, launch, serveDist, watch, ddlText } from './lib.mjs';

async function activeWorker(page) {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    const worker = reg.active;
    if (worker.state !== 'activated') {
      await new Promise((done) => worker.addEventListener('statechange', () => worker.state === 'activated' && done()));
    }
    return worker.state;
  });
}

test('Chromium reports the app installable with a valid manifest', async () => {
  const server = await serveDist();
  // Chromium never offers installation in an incognito context (Playwright's default): use a profile.
  const profile = await mkdtemp(join(tmpdir(), 'erdsmith-profile-'));
  const browser = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const seen = watch(page, server.url);
    await page.goto(server.url + '/');
    await appReady(page);
    assert.equal(await activeWorker(page), 'activated');
    const cdp = await page.context().newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    assert.deepEqual(manifest.errors, [], 'manifest parses without errors');
    const parsed = JSON.parse(manifest.data);
    assert.ok(parsed.name && parsed.short_name, 'name and short_name');
    assert.equal(parsed.display, 'standalone');
    assert.equal(parsed.start_url, '/');
    const sizes = parsed.icons.map((i) => i.sizes);
    assert.ok(sizes.includes('192x192') && sizes.includes('512x512'), `icons: ${sizes}`);
    for (const icon of parsed.icons) {
      const res = await page.request.get(new URL(icon.src, server.url + '/').href);
      assert.equal(res.status(), 200, `${icon.src} is served`);
      assert.equal(res.headers()['content-type']?.split(';')[0], icon.type, `${icon.src} has its declared type`);
    }
    // Chromium fetches and checks the icons, the service worker and the start_url offline.
    let errors;
    for (let i = 0; i < 20; i++) {
      ({ installabilityErrors: errors } = await cdp.send('Page.getInstallabilityErrors'));
      if (errors.length === 0) break;
      await page.waitForTimeout(250);
    }
    assert.deepEqual(errors, [], 'no installability errors');
    assert.deepEqual(seen.foreign, []);
  } finally {
    await browser.close();
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
});

/** A copy of dist/ as the next build would look: one precached file changed, a new build id. */
async function nextBuild() {
  const dir = await mkdtemp(join(tmpdir(), 'erdsmith-next-'));
  await cp(DIST, dir, { recursive: true });
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const oldId = html.match(/<meta name="erdsmith-build" content="([0-9a-f]+)"/)?.[1];
  assert.ok(oldId, 'dist/index.html carries a build id');
  const newId = [...oldId].reverse().join('') === oldId ? oldId.replace(/./, 'f') : [...oldId].reverse().join('');
  await writeFile(join(dir, 'index.html'), html.replaceAll(oldId, newId));
  const sw = await readFile(join(dir, 'sw.js'), 'utf8');
  assert.ok(sw.includes(JSON.stringify(oldId)), 'sw.js names the same build id');
  await writeFile(join(dir, 'sw.js'), sw.replaceAll(JSON.stringify(oldId), JSON.stringify(newId)));
  const robots = join(dir, 'public', 'robots.txt');
  await writeFile(robots, (await readFile(robots, 'utf8')) + `# build ${newId}\n`);
  return { dir, oldId, newId };
}

test('a new build shows the "updated" notice on the next visit and never reloads mid-edit', async () => {
  let server = await serveDist();
  const port = new URL(server.url).port;
  const next = await nextBuild();
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url + '/');
    await appReady(page);
    assert.equal(await activeWorker(page), 'activated');
    await page.reload(); // now controlled by build A's worker
    await appReady(page);
    assert.equal(await page.locator('[data-testid="update-notice"]').count(), 0, 'no notice on a first visit');
    const typed = 'CREATE TABLE typed_before_update (id int PRIMARY KEY);';
    await page.fill('[data-testid="ddl-input"]', typed);
    await page.evaluate(() => { window.__sameDocument = true; });

    // The server now serves build B; the open page finds it (as on any navigation or update check).
    await server.close();
    server = await startServer(next.dir, Number(port));
    const installed = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg.update();
      const w = reg.installing ?? reg.waiting;
      if (w && w.state !== 'installed') {
        await new Promise((done) => w.addEventListener('statechange', () => ['installed', 'activated', 'redundant'].includes(w.state) && done()));
      }
      return Boolean(reg.waiting);
    });
    assert.ok(installed, 'build B installs and waits while build A has a client');
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was not reloaded mid-edit');
    assert.equal(await ddlText(page), typed, 'the text being edited is untouched');
    assert.equal(await page.locator('[data-testid="update-notice"]').count(), 0, 'no notice mid-edit');
    await page.waitForTimeout(1500); // let the auto-save settle
    await page.close();

    // Next visit: build B takes over and says so; the text is still there.
    let page2;
    let build;
    for (let i = 0; i < 5; i++) {
      page2 = await context.newPage();
      await page2.goto(server.url + '/');
      await appReady(page2);
      build = await page2.locator('meta[name="erdsmith-build"]').getAttribute('content');
      if (build === next.newId) break;
      await page2.close();
    }
    assert.equal(build, next.newId, 'the next visit runs build B');
    const notice = page2.locator('[data-testid="update-notice"]');
    await notice.waitFor({ state: 'visible', timeout: 5_000 });
    assert.match(await notice.textContent(), /updated/);
    assert.equal(await ddlText(page2), typed, 'the text typed before the update is restored');
    await page2.click('[data-testid="update-notice"] button');
    assert.equal(await notice.count(), 0, 'the notice can be dismissed');
  } finally {
    await browser.close();
    await server.close().catch(() => {});
    await rm(next.dir, { recursive: true, force: true });
  }
});
