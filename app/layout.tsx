import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Identity Federation", template: "%s · Identity Federation" },
  description: "Exchange single sign-on identities for API keys.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, so its scripts carry the nonce of this request's CSP (proxy.ts);
  // a page prerendered at build time would have none and its scripts would be blocked.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
