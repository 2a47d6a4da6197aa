// Loads migrate's summary.html in the system Chromium and reports, as one JSON object on stdout, what a reader
// would meet: console messages and page errors, requests that leave the file, horizontal overflow and chart sizes
// at 1280 and 390 pixels wide, and the order of a table's rows after clicking a column header (twice).
//   node check_summary.mjs SUMMARY_HTML SCREENSHOT_DIR [CHROMIUM]
// Screenshots (full page) are written as summary-1280.png and summary-390.png in SCREENSHOT_DIR.
import { launch } from "puppeteer-core";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [html, shots, executable = "/usr/bin/chromium"] = process.argv.slice(2);
if (!html || !shots) {
  console.error("usage: node check_summary.mjs SUMMARY_HTML SCREENSHOT_DIR [CHROMIUM]");
  process.exit(2);
}

const browser = await launch({
  executablePath: executable,
  headless: true,
  // CI runs as root, where Chromium's sandbox cannot start.
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const report = { console: [], pageErrors: [], outsideRequests: [], widths: {}, sort: {} };
try {
  const page = await browser.newPage();
  page.on("console", (m) => report.console.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => report.pageErrors.push(String(e && e.message ? e.message : e)));
  await page.setRequestInterception(true);
  page.on("request", (r) => {
    if (r.url().startsWith("file:")) r.continue();
    else {
      report.outsideRequests.push(r.url());
      r.abort();
    }
  });
  const url = pathToFileURL(path.resolve(html)).href;

  for (const width of [1280, 390]) {
    await page.setViewport({ width, height: 900 });
    await page.goto(url, { waitUntil: "load" });
    report.widths[width] = await page.evaluate(() => {
      const doc = document.documentElement;
      const charts = Array.from(document.querySelectorAll("svg.bars"));
      return {
        overflow: doc.scrollWidth - doc.clientWidth,
        charts: charts.length,
        chartsWithinWindow: charts.every((c) => c.getBoundingClientRect().right <= doc.clientWidth),
        chartsVisible: charts.every((c) => c.getBoundingClientRect().height > 0),
        tables: document.querySelectorAll("table.sortable").length,
        bodyFontPx: parseFloat(getComputedStyle(document.body).fontSize),
        // The smallest chart label as drawn (the charts scale with the window).
        minChartTextPx: Math.min(...charts.flatMap((c) => Array.from(c.querySelectorAll("text")).map((t) => t.getBoundingClientRect().height))),
      };
    });
    await page.screenshot({ path: path.join(shots, `summary-${width}.png`), fullPage: true });
  }

  // Sorting: the per-repository table by "findings", then again (reversed); the first column's text each time.
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: "load" });
  const firstColumn = () =>
    page.$$eval("#table-repositories tbody tr", (rows) => rows.map((r) => r.cells[0].textContent));
  report.sort.written = await firstColumn();
  const header = await page.$$("#table-repositories th button");
  for (const step of ["first", "second"]) {
    await header[1].click();
    report.sort[step] = await firstColumn();
    report.sort[step + "Aria"] = await page.$eval("#table-repositories th:nth-child(2)", (th) => th.getAttribute("aria-sort"));
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report, null, 2) + "\n");
