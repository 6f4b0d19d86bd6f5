import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Role } from "../server/shared/auth";
import { REPORT_SECTIONS } from "../server/modules/monitoring";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

const run = promisify(execFile);

// Issue 17.3: the report workbook prints on A4, one page wide, the title and headers on every page.
// LibreOffice converts it as an official's office would print it; poppler reads the pages back.
describe("the monitoring workbook on paper", () => {
  let api: TestPlatform;
  let dir: string;
  beforeAll(async () => {
    api = await startTestPlatform();
    dir = await mkdtemp(join(tmpdir(), "qn-report-print-"));
  });
  afterAll(async () => {
    await api?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The text of each page of the PDF, laid out as printed. */
  async function pagesOf(pdf: string): Promise<string[]> {
    const pages = Number(/Pages:\s+(\d+)/.exec((await run("pdfinfo", [pdf])).stdout)![1]);
    const texts: string[] = [];
    for (let page = 1; page <= pages; page++)
      texts.push(
        (await run("pdftotext", ["-layout", "-f", String(page), "-l", String(page), pdf, "-"]))
          .stdout,
      );
    return texts;
  }

  it("prints each section on A4 landscape, every column on the page, title and headers repeated", async () => {
    const res = await fetch(
      api.platform.url.replace(
        "/graphql",
        "/reports/monitoring.xlsx?from=2024-01-01&to=2024-06-30",
      ),
      {
        headers: {
          authorization: `Bearer ${await api.tokenFor({ sub: "print", role: Role.ADMIN })}`,
        },
      },
    );
    expect(res.status).toBe(200);
    const xlsx = join(dir, "report.xlsx");
    await writeFile(xlsx, Buffer.from(await res.arrayBuffer()));
    // A profile of its own: a LibreOffice already running for the user would otherwise take the job and exit.
    await run(
      "soffice",
      [
        `-env:UserInstallation=file://${join(dir, "profile")}`,
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        dir,
        xlsx,
      ],
      { timeout: 120_000 },
    );
    const pdf = join(dir, "report.pdf");
    // A4 landscape is 842 × 595 points.
    expect((await run("pdfinfo", [pdf])).stdout).toMatch(
      /Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)/,
    );

    const pages = await pagesOf(pdf);
    const sheetOf = (text: string) =>
      REPORT_SECTIONS.find((s) => text.includes(`${s.sheet} — Trang`));
    // Every section prints, each on pages of its own, numbered "Trang n/N" within it.
    expect(pages.map((text) => sheetOf(text)?.key)).toEqual([
      "agencies",
      "wards",
      "funds",
      "capacity",
    ]);
    for (const text of pages) {
      const section = sheetOf(text)!;
      expect(text).toContain(
        "Báo cáo giám sát, đánh giá 6 tháng đầu năm 2024 (từ ngày 01/01/2024 đến ngày 30/06/2024)",
      );
      // No column is cut: every word of every header is on the page (headers wrap within their cells).
      const words = section.headers.flatMap((h) => h.split(" "));
      expect(words.filter((w) => !text.includes(w))).toEqual([]);
    }
    const wards = pages.find((text) => sheetOf(text)?.key === "wards")!;
    // The last column's figures are there too: the city's poor-household target sits at the end of its line.
    expect(wards).toMatch(/Thành phố Quy Nhơn.*\s\d+\s*$/m);
  }, 180_000);
});
