import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Identity Federation", template: "%s · Identity Federation" },
  description: "Exchange single sign-on identities for API keys.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
