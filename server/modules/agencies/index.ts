export { Agency, AgencyKind } from "./agency.entity";
export { AgencyService, createAgencies } from "./agency.service";
export { AgencyResolver } from "./agency.resolver";
