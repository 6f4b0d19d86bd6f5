export { PersonalDataAccess } from "./personal-data-access.entity";
export { AccessLogService } from "./access-log.service";
export { AccessLogResolver } from "./access-log.resolver";
