import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { householdRow, xlsxList } from "./harness/review-lists";
import { freshDatabase, type FreshDatabase } from "./harness/test-database";

const run = promisify(execFile);
const CLI = join(__dirname, "..", "dist", "scripts", "import.js");

let db: FreshDatabase;
let dir: string;
beforeAll(async () => {
  db = await freshDatabase();
  dir = await mkdtemp(join(tmpdir(), "qn-import-"));
});
afterAll(() => db.drop());

/** Runs `npm run import`'s program on the test database; returns its exit code and output. */
async function importCli(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    LOG_LEVEL: "warn",
    PGLITE_DATA_DIR: db.pgliteDataDir,
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
  };
  try {
    const { stdout, stderr } = await run("node", [CLI, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("npm run import", () => {
  it("writes the template", async () => {
    const out = await importCli("--template", join(dir, "template.csv"));
    expect(out.code).toBe(0);
    expect((await readFile(join(dir, "template.csv"), "utf8")).split(",")[0]).toBe("\uFEFFMã hộ");
  });

  it("dry-runs, reports bad rows with exit code 1, and imports a clean list", async () => {
    const bad = join(dir, "bad.xlsx");
    await writeFile(
      bad,
      await xlsxList([householdRow("QN-21550-4001", { "Năm sinh": "năm ngoái" })]),
    );
    const refused = await importCli(
      bad,
      "--ward",
      "21550",
      "--review",
      "2024-PERIODIC",
      "--lang",
      "en",
    );
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/row 2, Năm sinh: "năm ngoái" — must be a year from 1900/);
    // Ward officers read Vietnamese: the command writes it unless asked for English.
    expect((await importCli(bad, "--ward", "21550", "--review", "2024-PERIODIC")).stdout).toMatch(
      /^tệp có 1 lỗi; chưa nhập hộ nào\..*\n[^]*dòng 2, cột Năm sinh: "năm ngoái" — phải là năm từ 1900/,
    );

    const good = join(dir, "good.xlsx");
    await writeFile(
      good,
      await xlsxList([householdRow("QN-21550-4001", { "Họ và tên": "Tạ Văn Quang" })]),
    );
    const dry = await importCli(
      good,
      "--ward",
      "21550",
      "--review",
      "2024-PERIODIC",
      "--dry-run",
      "--lang",
      "en",
    );
    expect(dry).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        /^dry run: the file is fine; nothing was written\n.*\ncreated 1, updated 0, unchanged 0; tasks routed 1/,
      ),
    });
    const done = await importCli(
      good,
      "--ward",
      "21550",
      "--review",
      "2024-PERIODIC",
      "--lang",
      "en",
    );
    expect(done).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        /^imported 1 household into Nhơn Bình for review 2024-PERIODIC\n/,
      ),
    });
    const again = await importCli(
      good,
      "--ward",
      "21550",
      "--review",
      "2024-PERIODIC",
      "--dry-run",
    );
    expect(again.stdout).toMatch(/thêm mới 0, cập nhật 0, giữ nguyên 1/);
  });

  it("says what is wrong with a broken file, exit code 2", async () => {
    const empty = join(dir, "empty.xlsx");
    await writeFile(empty, "");
    expect(await importCli(empty, "--ward", "21550", "--lang", "en")).toMatchObject({
      code: 2,
      stderr: "the file is empty\n",
    });
    expect(await importCli(empty, "--ward", "21550")).toMatchObject({
      code: 2,
      stderr: "tệp trống\n",
    });
    expect(await importCli(empty)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^npm run import -- <list/),
    });
  });
});
