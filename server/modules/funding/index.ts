// The resolver first: loading it registers the API's funding types before the service loads tasks/, as the committed schema orders them.
export { FundingResolver } from "./funding.resolver";
export { FUNDS_ALLOCATOR, FundingService, settleAllocations } from "./funding.service";
