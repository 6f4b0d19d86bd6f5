import { Router, type Request, type Response } from "express";
import {
  CSV_DIALECTS,
  REPORT_SECTIONS,
  reportCsv,
  reportXlsx,
  type CsvDialect,
} from "../modules/monitoring";
import { userActor, type Actor } from "../shared/actor";
import type { Authenticator } from "../shared/auth";
import { DomainError } from "../shared/errors";
import { PersonalDataReads } from "../shared/personal-data";
import { answerWithError, type ErrorWording } from "./format-error";
import type { RateLimiter } from "./rate-limiter";
import type { Services } from "./services";

export interface DownloadRoutesInput {
  authenticator: Authenticator;
  rateLimiter: RateLimiter;
  /** What a download is charged: what the monitoringReport query costs, since both read a whole report's worth. */
  cost: number;
  services: Pick<Services, "monitoringReports" | "planSheets" | "accessLog">;
  wording: ErrorWording;
}

/**
 * Files made from the data: the monitoring report (/reports/monitoring.xlsx, .csv) and a ward's
 * plan sheet (/exports/household-plans.xlsx). Each authenticates its bearer token and is charged
 * like a query; a refusal is answered as every route outside GraphQL answers it (answerWithError).
 */
export function downloadRoutes(input: DownloadRoutesInput): Router {
  const { services } = input;
  const router = Router();
  const download =
    (serve: (actor: Actor, req: Request, res: Response) => Promise<void>) =>
    async (req: Request, res: Response) => {
      try {
        const actor = userActor(
          await input.authenticator.fromAuthorization(req.headers.authorization),
        );
        await input.rateLimiter.charge(actor, input.cost);
        await serve(actor, req, res);
      } catch (caught) {
        answerWithError(req, res, caught, input.wording);
      }
    };
  // The same report, and the same access rules, as the monitoringReport query.
  router.get(
    /^\/reports\/monitoring\.(xlsx|csv)$/,
    download(async (actor, req, res) => {
      const format = req.path.endsWith(".xlsx") ? "xlsx" : "csv";
      const section = String(req.query.section ?? "agencies");
      if (format === "csv" && !REPORT_SECTIONS.some((s) => s.key === section))
        throw new DomainError(
          "BAD_USER_INPUT",
          "error.report.section",
          { sections: REPORT_SECTIONS.map((s) => s.key).join(", ") },
          { argument: "section" },
        );
      // ?format=excel-vi: semicolons and decimal commas, for Excel set to Vietnamese.
      const dialect = String(req.query.format ?? "plain") as CsvDialect;
      if (format === "csv" && !CSV_DIALECTS.includes(dialect))
        throw new DomainError(
          "BAD_USER_INPUT",
          "error.report.csvFormat",
          { formats: CSV_DIALECTS.join(", ") },
          { argument: "format" },
        );
      const report = await services.monitoringReports.report(
        actor,
        String(req.query.from ?? ""),
        String(req.query.to ?? ""),
      );
      const name = `bao-cao-giam-sat-${report.from}-${report.to}${format === "csv" ? `-${section}${dialect === "plain" ? "" : `-${dialect}`}` : ""}.${format}`;
      res.attachment(name);
      if (format === "xlsx") res.type("xlsx").send(await reportXlsx(report));
      else res.type("text/csv; charset=utf-8").send(reportCsv(report, section, dialect));
    }),
  );
  // A ward's plan sheet names households' heads: for the ward's officers, ADMIN and MONITOR, and logged as personal data read.
  router.get(
    "/exports/household-plans.xlsx",
    download(async (actor, req, res) => {
      const sheet = await services.planSheets.exportSheet(
        actor,
        String(req.query.ward ?? ""),
        Number(req.query.year),
      );
      const reads = new PersonalDataReads();
      for (const id of sheet.householdIds) reads.record(id, ["headName"]);
      await services.accessLog.write(actor, "exportHouseholdPlans", reads);
      res.type("xlsx").attachment(sheet.fileName).send(sheet.bytes);
    }),
  );
  return router;
}
