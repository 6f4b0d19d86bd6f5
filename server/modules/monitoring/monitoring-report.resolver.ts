import { Arg, Ctx, Query, Resolver } from "type-graphql";
import { ALL_ROLES, Allow } from "../../shared/auth";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import type { MonitoringReportService } from "./monitoring-report.service";
import { MonitoringReport } from "./monitoring-report.types";

@Resolver()
export class MonitoringReportResolver {
  constructor(private readonly reports: MonitoringReportService) {}

  @Allow(...ALL_ROLES)
  @Cost(1000)
  @Query(() => MonitoringReport, {
    description:
      "The monitoring report for a period (e.g. 2024-01-01 to 2024-06-30). Also at /reports/monitoring.xlsx?from=&to= and /reports/monitoring.csv?from=&to=&section=agencies|wards|funds|capacity (bearer token), with the same figures.",
  })
  monitoringReport(
    @Ctx() ctx: RequestContext,
    @Arg("from") from: string,
    @Arg("to") to: string,
  ): Promise<MonitoringReport> {
    return this.reports.report(ctx.actor, from, to);
  }
}
