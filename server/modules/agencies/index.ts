export { Agency, AgencyKind } from "./agency.entity";
export { AgencyService } from "./agency.service";
export { AgencyResolver } from "./agency.resolver";
