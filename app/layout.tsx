import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import { ThemeProvider } from "@/components/ui/theme";
import { nonceOf } from "@/lib/http/csp";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Identity Federation", template: "%s · Identity Federation" },
  description: "Exchange single sign-on identities for API keys.",
  applicationName: "Identity Federation",
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "32x32" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
    apple: [{ url: "/apple-touch-icon.png", sizes: "180x180" }],
  },
  manifest: "/manifest.webmanifest",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f8fafc" },
    { media: "(prefers-color-scheme: dark)", color: "#0b1120" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, so its scripts carry the nonce of this request's CSP (proxy.ts);
  // a page prerendered at build time would have none and its scripts would be blocked.
  await connection();
  // Next.js puts the nonce on its own scripts; the theme's inline script is ours to give it.
  const nonce = nonceOf((await headers()).get("content-security-policy"));
  return (
    // next-themes sets the theme's class on <html> before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen">
        <ThemeProvider nonce={nonce}>{children}</ThemeProvider>
      </body>
    </html>
  );
}
