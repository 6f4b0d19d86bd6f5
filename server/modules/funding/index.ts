export { FUNDS_ALLOCATOR, FundingService, settleAllocations } from "./funding.service";
export { FundingResolver } from "./funding.resolver";
