import net from "node:net";
import { freePort, refusedChildServer } from "./harness/child-server";

// What a person sees when the server cannot start: one line saying what and what to do, no stack trace.
jest.setTimeout(60_000);

const expectOneLine = (output: string) => {
  expect(output).toMatch(/^[^\n]+\n$/);
  expect(output).not.toMatch(/\bat .*\.js:\d+|Internal error emitted/);
};

describe("start-up errors", () => {
  it("a busy port is one line naming PORT", async () => {
    const other = net.createServer();
    await new Promise<void>((resolve) => other.listen(0, resolve));
    const port = (other.address() as net.AddressInfo).port;
    try {
      const refused = await refusedChildServer(
        { DATABASE_URL: "", PGLITE_DATA_DIR: "memory://" },
        port,
      );
      expect(refused.code).toBe(1);
      expect(refused.output).toMatch(
        new RegExp(
          `^port ${port} is already in use \\(PORT=${port}\\): .*stop it, or set PORT to a free port`,
        ),
      );
      expectOneLine(refused.output);
    } finally {
      other.close();
    }
  });

  it("an unreachable DATABASE_URL names the variable, host and database, never the password", async () => {
    const port = await freePort();
    const refused = await refusedChildServer({
      DATABASE_URL: `postgres://planner:s3cret-Passw0rd@127.0.0.1:${port}/qn_platform`,
    });
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(
      new RegExp(
        `^could not connect to the PostgreSQL server of DATABASE_URL \\(127\\.0\\.0\\.1:${port}/qn_platform\\): `,
      ),
    );
    expect(refused.output).not.toContain("s3cret-Passw0rd");
    expectOneLine(refused.output);
  });
});
