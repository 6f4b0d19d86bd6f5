export { UserSettingService } from "./user-setting.service";
export { UserSettingResolver, UserLanguage } from "./user-setting.resolver";
