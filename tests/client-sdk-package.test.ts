import { execFile } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = join(__dirname, "..");
const SDK = join(root, "client-sdk");

/** The README's TypeScript snippets. */
const readmeSnippets = () =>
  [...readFileSync(join(SDK, "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map(
    (m) => m[1],
  );

/**
 * The SDK as someone outside the repository gets it: `npm pack` (which builds dist/ first), the
 * tarball unpacked into an empty project whose only other packages are the SDK's own dependencies
 * (linked from this repository's node_modules: offline), and the README's snippet compiled there
 * under strict TypeScript.
 */
describe("the client SDK's package", () => {
  let project: string;
  let packed: string[];

  beforeAll(async () => {
    const work = mkdtempSync(join(tmpdir(), "qn-sdk-pack-"));
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", work], {
      cwd: SDK,
    });
    const [{ filename, files }] = JSON.parse(stdout.slice(stdout.indexOf("["))) as {
      filename: string;
      files: { path: string }[];
    }[];
    packed = files.map((f) => f.path);

    project = join(work, "project");
    const installed = join(project, "node_modules", "@quy-nhon", "client-sdk");
    mkdirSync(installed, { recursive: true });
    await run("tar", ["-xzf", join(work, filename), "-C", installed, "--strip-components=1"]);
    const { dependencies } = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    for (const name of [...Object.keys(dependencies), "@types/node"]) {
      mkdirSync(dirname(join(project, "node_modules", name)), { recursive: true });
      symlinkSync(join(root, "node_modules", name), join(project, "node_modules", name), "dir");
    }
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "sdk-user", private: true, type: "module" }),
    );
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "nodenext",
          moduleResolution: "nodenext",
          strict: true,
          noEmit: true,
          types: ["node"],
          skipLibCheck: false,
        },
      }),
    );
    readmeSnippets().forEach((snippet, i) =>
      writeFileSync(join(project, `snippet-${i + 1}.ts`), snippet),
    );
  });
  afterAll(() => rmSync(dirname(project), { recursive: true, force: true }));

  it("holds the built client, its types, operations and README, and no build leftovers", () => {
    expect(packed).toEqual(
      expect.arrayContaining([
        "README.md",
        "package.json",
        "dist/index.js",
        "dist/index.d.ts",
        "dist/client.d.ts",
        "persisted-documents.json",
      ]),
    );
    // The command-line apps read their messages from these at run time.
    expect(packed).toEqual(
      expect.arrayContaining(["dist/apps/messages.vi.json", "dist/apps/messages.en.json"]),
    );
    expect(packed.filter((p) => p.includes("tsbuildinfo") || p.startsWith("src/"))).toEqual([]);
  });

  it("compiles the README's snippet in an empty project under strict TypeScript", async () => {
    expect(readdirSync(project).filter((f) => f.startsWith("snippet-")).length).toBeGreaterThan(0);
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    await expect(
      run("node", [tsc, "-p", "tsconfig.json"], { cwd: project }),
    ).resolves.toMatchObject({ stdout: "" });
  });
});
