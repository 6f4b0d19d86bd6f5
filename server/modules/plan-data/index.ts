export { seedPlanDataIfEmpty } from "./plan-data.seeder";
