#!/usr/bin/env node
// Opens a trust page in Debian's Chromium (headless, through puppeteer-core),
// runs axe-core in it at 1280 and 390 px, checks that the given texts are
// rendered visibly, records every request the page makes and takes a
// full-page screenshot at each width, then prints it (print stylesheet) to
// PDF and checks the texts again. Prints one JSON object on stdout.
//
//   node check.js --page DIR/index.html [--texts texts.json] [--shots DIR] [--name kora]
//
// Driven by trust/browser_test.go; it judges nothing itself (the Go test does).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const puppeteer = require('puppeteer-core');

function arg(name, def) {
  const i = process.argv.indexOf('--' + name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}

// seen returns the texts not rendered visibly: a text counts as visible
// when an element that renders it (innerText leaves out what is hidden or
// collapsed) has a box inside the page width.
function seen(tab, texts) {
  return tab.evaluate((want) => {
    const norm = (s) => s.replace(/\s+/g, ' ').trim();
    const docWidth = document.documentElement.clientWidth;
    const all = [...document.body.querySelectorAll('*')];
    const missing = want.filter((t) => !all.some((el) => {
      if (!norm(el.innerText || '').includes(t)) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= docWidth + 1 &&
        el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    }));
    return { missing, overflow: document.documentElement.scrollWidth > docWidth, height: document.documentElement.scrollHeight };
  }, texts);
}

async function main() {
  const page = path.resolve(arg('page'));
  const texts = (arg("texts") && JSON.parse(fs.readFileSync(arg("texts"), "utf8"))) || [];
  const shots = arg('shots');
  const name = arg('name', 'page');
  const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    userDataDir: profile,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const out = { browser: await browser.version(), widths: [] };
  try {
    const requests = [];
    const failed = [];
    const finished = new Set();
    // A fresh tab for each load, left only once the network is idle, so that
    // no request is cut off by the next navigation.
    const open = async (width) => {
      const tab = await browser.newPage();
      tab.on('request', (r) => requests.push(r.url()));
      tab.on('requestfinished', (r) => finished.add(r.url()));
      tab.on('requestfailed', (r) => failed.push(r.url() + ' ' + (r.failure() ? r.failure().errorText : '')));
      await tab.setViewport({ width, height: 900 });
      await tab.goto(pathToFileURL(page).href, { waitUntil: 'networkidle0' });
      await tab.evaluate(() => document.fonts.ready);
      return tab;
    };
    for (const width of [1280, 390]) {
      const tab = await open(width);
      const scripts = await tab.evaluate(() => document.scripts.length);
      const fonts = await tab.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family + ' ' + f.weight));
      const layout = await seen(tab, texts);
      let shot = '';
      if (shots) {
        fs.mkdirSync(shots, { recursive: true });
        shot = path.join(path.resolve(shots), `${name}-${width}.png`);
        await tab.screenshot({ path: shot, fullPage: true });
      }
      await tab.addScriptTag({ path: require.resolve('axe-core') });
      const axe = await tab.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
      });
      await tab.close();
      out.widths.push({ width, scripts, fonts, missing: layout.missing, overflow: layout.overflow, height: layout.height, axe, screenshot: shot });
    }
    // Printed: the print stylesheet applies, the navigation is dropped and
    // every text is still there; the PDF is kept beside the screenshots.
    {
      const tab = await open(1280);
      await tab.emulateMediaType('print');
      const layout = await seen(tab, texts);
      const nav = await tab.evaluate(() => {
        const n = document.querySelector('nav');
        return n ? getComputedStyle(n).display : 'none';
      });
      const pdf = await tab.pdf({ format: 'A4', printBackground: false });
      let file = '';
      if (shots) {
        file = path.join(path.resolve(shots), `${name}-print.pdf`);
        fs.writeFileSync(file, pdf);
      }
      const pages = (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
      out.print = { missing: layout.missing, nav_display: nav, pages, bytes: pdf.length, pdf: file };
      await tab.close();
    }
    out.requests = [...new Set(requests)].sort();
    // A request Chromium cancels and repeats (the preload scanner's copy of a
    // stylesheet) is no failure when the same URL was also loaded.
    out.failed = [...new Set(failed)].filter((f) => !finished.has(f.split(' ')[0])).sort();
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
