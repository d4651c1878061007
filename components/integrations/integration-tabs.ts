// The integration page's tabs; the URL's ?tab= names one.
export const INTEGRATION_TABS = [
  { id: "overview", label: "Overview" },
  { id: "configuration", label: "Configuration" },
  { id: "activity", label: "Activity" },
  { id: "debugger", label: "Token debugger" },
  { id: "setup", label: "Setup guide" },
] as const;
export type IntegrationTab = (typeof INTEGRATION_TABS)[number]["id"];

export function integrationTabOf(value: unknown): IntegrationTab {
  return INTEGRATION_TABS.find((t) => t.id === value)?.id ?? "overview";
}
