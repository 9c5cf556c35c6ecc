import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--headless=new'] });
for (const path of ['/bench/anchor', '/announcements?opf-exp=late', '/notices?opf-exp=late', '/projects?opf-exp=late']) {
 for (let i = 0; i < 3; i++) {
  const c = await b.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await c.newPage();
  await p.goto('http://127.0.0.1:44705' + path, { waitUntil: 'load' });
  await p.waitForTimeout(800);
  const r = await p.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource').filter(e => e.startTime < 400).map(e => e.name.replace(/^.*\/\/[^/]+/, '').slice(0, 40) + ' ' + Math.round(e.startTime) + '-' + Math.round(e.responseEnd));
    const paint = performance.getEntriesByType('paint').map(e => e.name + ' ' + Math.round(e.startTime));
    return { resp: Math.round(nav.responseStart) + '/' + Math.round(nav.responseEnd), dcl: Math.round(nav.domContentLoadedEventEnd), paint, res };
  });
  console.log(path, JSON.stringify(r));
  await c.close();
 }
}
await b.close();
