export type NavSection = { label: string; adminOnly?: boolean; items: Array<{ href: string; label: string }> };

export const NAV_SECTIONS: NavSection[] = [
  {
    label: "System",
    adminOnly: true,
    items: [
      { href: "/integrations", label: "Integrations" },
      { href: "/users", label: "Users" },
      { href: "/audit", label: "Audit" },
      { href: "/settings", label: "Settings" },
    ],
  },
  {
    label: "Publishing",
    items: [
      { href: "/content", label: "Content" },
      { href: "/keys", label: "API keys" },
    ],
  },
];
