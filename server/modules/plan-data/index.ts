export { seedPlanDataIfEmpty } from "./plan-data.seeder";
export { seedDemoWork } from "./demo-work";
