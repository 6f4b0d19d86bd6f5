export { MonitoringReportService } from "./monitoring-report.service";
export { MonitoringReportResolver } from "./monitoring-report.resolver";
export {
  CSV_DIALECTS,
  REPORT_SECTIONS,
  reportCsv,
  reportTitle,
  reportXlsx,
  type CsvDialect,
} from "./report-files";
