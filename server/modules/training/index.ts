export { TrainingService, TRAINED_TARGET, VILLAGE_OFFICERS_TARGET } from "./training.service";
export { TrainingResolver } from "./training.resolver";
