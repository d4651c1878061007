// Finding 3 of issue #12: X-Forwarded-For from an untrusted peer (the default: no
// TRUSTED_PROXIES) changes neither the rate-limit key nor the audited address, and
// password sign-in is limited per username without locking the real user out.
import { randomInt } from "node:crypto";
import { vi, describe, expect, it } from "vitest";

// A small per-address window, so the limit shows in a few attempts.
vi.hoisted(() => {
  process.env.SIGN_IN_RATE_LIMIT_PER_MINUTE = "8";
});

import { db } from "@/lib/db";
import * as credentials from "@/app/%5F_api__/v1/oauth/integrations/credentials/route";
import * as proxyModule from "@/proxy";
import { clientIpOf } from "@/lib/http/client-ip";
import { PEER_HEADER } from "@/lib/http/peer";
import { trustedProxiesOf, type TrustedProxies } from "@/lib/config/load";
import { delayAfter, recordSignInFailure, signInWait } from "@/lib/auth/sign-in-throttle";
import { call, fromPeer, makeUser, unique } from "../support/fixtures";
import { exchangeForm } from "../support/federation";
import { passwordSignIn } from "../support/next-auth";
import { passwordSignInMessage } from "@/components/login/sign-in-messages";
import { NextRequest } from "next/server";

const PASSWORD = "a long enough password";
/** A documentation address of its own for each test, so tests do not share rate-limit windows. */
const address = () => `203.0.113.${randomInt(1, 255)}`;
const signInError = (url: string | undefined) => decodeURIComponent(new URL(url ?? "", "http://x").searchParams.get("error") ?? "");

async function exchangeGarbageFrom(headers: Record<string, string>) {
  const res = await call(credentials.POST, {
    method: "POST",
    rawBody: exchangeForm(`not-a-token-${unique()}`),
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  });
  expect(res.status).toBeGreaterThanOrEqual(400);
}

const lastExchangeIp = async () =>
  (await db.auditEvent.findFirstOrThrow({ where: { action: "federation.exchange" }, orderBy: { id: "desc" } })).actorIp;

describe("client address without trusted proxies", () => {
  it("a changing X-Forwarded-For does not escape the sign-in limit of the peer's address", async () => {
    const peer = `198.51.100.${randomInt(1, 255)}`;
    const answers: string[] = [];
    for (let i = 1; i <= 9; i++) {
      const res = await passwordSignIn(unique("nobody"), "wrong password", undefined, fromPeer(peer, { "x-forwarded-for": `192.0.2.${i}` }));
      answers.push(signInError(res.url));
    }
    expect(answers.slice(0, 8)).toEqual(Array(8).fill("CredentialsSignin"));
    expect(answers[8]).toMatch(/Too many sign-in attempts/);
    // Another peer is not affected.
    const other = await passwordSignIn(unique("nobody"), "wrong password", undefined, fromPeer(address()));
    expect(signInError(other.url)).toBe("CredentialsSignin");
  });

  it("the audit log records the peer, not X-Forwarded-For, X-Real-IP or a client-sent peer header", async () => {
    const peer = address();
    await exchangeGarbageFrom(
      fromPeer(peer, { "x-forwarded-for": "192.0.2.10", "x-real-ip": "192.0.2.11", [PEER_HEADER]: "192.0.2.12" }),
    );
    expect(await lastExchangeIp()).toBe(peer);

    const username = unique("nobody");
    await passwordSignIn(username, "wrong", undefined, fromPeer(peer, { "x-forwarded-for": "192.0.2.13" }));
    const event = await db.auditEvent.findFirstOrThrow({
      where: { action: "auth.sign_in", details: { contains: username } },
    });
    expect(event.actorIp).toBe(peer);
  });

  it("an IPv4 client of a dual-stack socket is recorded as IPv4", async () => {
    const peer = address();
    await exchangeGarbageFrom(fromPeer(`::ffff:${peer}`));
    expect(await lastExchangeIp()).toBe(peer);
  });
});

describe("clientIpOf with trusted proxies (proxy-addr's rule)", () => {
  const trust = (value: string) => trustedProxiesOf(value) as TrustedProxies;
  const ip = (peer: string, xff: string | undefined, trusted: TrustedProxies) =>
    clientIpOf(fromPeer(peer, xff === undefined ? {} : { "x-forwarded-for": xff }), trusted);

  it("believes X-Forwarded-For only as far as each hop is trusted", () => {
    const proxies = trust("10.0.0.0/8, 192.168.1.5");
    expect(ip("10.1.1.1", "198.51.100.7", proxies)).toBe("198.51.100.7");
    expect(ip("10.1.1.1", "192.0.2.1, 198.51.100.7", proxies)).toBe("198.51.100.7");
    expect(ip("10.1.1.1", "198.51.100.7, 192.168.1.5", proxies)).toBe("198.51.100.7");
    expect(ip("203.0.113.9", "198.51.100.7", proxies)).toBe("203.0.113.9");
    expect(ip("10.1.1.1", undefined, proxies)).toBe("10.1.1.1");
    expect(ip("10.1.1.1", "not-an-address", proxies)).toBe("10.1.1.1");
    expect(ip("::ffff:10.1.1.1", "198.51.100.7", proxies)).toBe("198.51.100.7");
    expect(ip("10.1.1.1", "198.51.100.7", trust(""))).toBe("10.1.1.1");
  });

  it("a hop count trusts that many proxies in front of the server", () => {
    expect(ip("10.1.1.1", "192.0.2.1, 198.51.100.7", trust("1"))).toBe("198.51.100.7");
    expect(ip("10.1.1.1", "192.0.2.1, 198.51.100.7", trust("2"))).toBe("192.0.2.1");
    expect(ip("10.1.1.1", "192.0.2.1, 198.51.100.7", trust("0"))).toBe("10.1.1.1");
    expect(ip("10.1.1.1", "198.51.100.7", trust("5"))).toBe("198.51.100.7");
  });

  it("names, addresses and CIDRs are accepted; anything else is a configuration error", () => {
    expect(trustedProxiesOf("loopback, fd00::1")).toEqual({ ranges: ["127.0.0.1/8", "::1/128", "fd00::1/128"] });
    expect(trustedProxiesOf("3")).toEqual({ hops: 3 });
    expect(trustedProxiesOf("10.0.0.0/33")).toMatch(/not an address/);
    expect(trustedProxiesOf("proxy.internal")).toMatch(/not an address/);
  });

  it("without our server recording the peer, nothing a client sends is believed", () => {
    expect(clientIpOf({ "x-forwarded-for": "192.0.2.1" }, trust("1"))).toBe("unknown");
  });
});

describe("sign-in limit per username", () => {
  it("an address that keeps failing waits, but the right password from another address still signs in", async () => {
    const { user } = await makeUser({ password: PASSWORD });
    const attacker = address();
    for (let i = 0; i < 6; i++) {
      const res = await passwordSignIn(user.username, `guess ${i}`, undefined, fromPeer(attacker));
      expect(signInError(res.url)).toBe("CredentialsSignin");
    }
    // The attacker's next try is held back, even with the right password ...
    const held = await passwordSignIn(user.username, PASSWORD, undefined, fromPeer(attacker));
    expect(signInError(held.url)).toMatch(/Too many sign-in attempts for this user. Wait \d+ seconds/);
    expect(passwordSignInMessage(signInError(held.url))).toMatch(/Wait \d+ seconds/); // what the form shows
    expect(held.session).toBeUndefined();
    // ... while the user, from their own address, signs in at once.
    const own = await passwordSignIn(user.username, PASSWORD, undefined, fromPeer(address()));
    expect(own.session).toBeDefined();
    // A success clears the failures: the other address may try again.
    const again = await passwordSignIn(user.username, PASSWORD, undefined, fromPeer(attacker));
    expect(again.session).toBeDefined();
  });

  it("the wait doubles after five failures and never exceeds a minute", () => {
    expect([5, 6, 7, 8, 12, 100].map(delayAfter)).toEqual([0, 1000, 2000, 4000, 60_000, 60_000]);
    const username = unique("target");
    const t0 = 1_000_000;
    for (let i = 0; i < 50; i++) recordSignInFailure(username, "192.0.2.77", t0);
    expect(signInWait(username, "192.0.2.77", t0)).toBe(60_000);
    expect(signInWait(username, "192.0.2.77", t0 + 60_000)).toBe(0);
    expect(signInWait(username, "192.0.2.78", t0)).toBe(0);
  });
});

describe("HSTS", () => {
  it("is not sent when PUBLIC_URL is unset (it could lock browsers out of plain http)", () => {
    const res = proxyModule.proxy(new NextRequest("http://127.0.0.1:3000/login"));
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });
});
