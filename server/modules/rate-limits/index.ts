export { RateLimitResolver } from "./rate-limit.resolver";
