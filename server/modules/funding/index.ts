export { FundingService, settleAllocations } from "./funding.service";
export { FundingResolver } from "./funding.resolver";
