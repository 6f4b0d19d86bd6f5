export { MonitoringReportService } from "./monitoring-report.service";
export { MonitoringReportResolver } from "./monitoring-report.resolver";
export { REPORT_SECTIONS, reportCsv, reportXlsx } from "./report-files";
