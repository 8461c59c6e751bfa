/**
 * Public AWS prices for Europe (Ireland), eu-west-1, in US dollars, without free tiers, taxes or
 * volume discounts: the one place `npm run cost` takes prices from. Update them here, with the
 * date, when AWS changes them.
 *
 * `checked` says how each one was read. This machine reaches no web page, only stored copies of
 * some: a price marked 'recalled' is the figure as last read on the AWS page, not re-read on
 * PRICES_TAKEN_ON, and is to be confirmed on that page before the figures are quoted outside.
 */
export const PRICES_TAKEN_ON = '2026-12-01';

export interface Price {
  usd: number;
  per: string;
  source: string;
  checked: 'stored copy of the page' | 'recalled';
  note?: string;
}

export const PRICES = {
  /** Lambda, Arm (Graviton), first 7.5 billion GB-s a month. */
  lambdaGbSecond: {
    usd: 0.0000133334,
    per: 'GB-second (arm64)',
    source: 'https://aws.amazon.com/lambda/pricing/',
    checked: 'stored copy of the page',
    note: 'billed per 1 ms at the memory configured; since August 2025 the INIT phase of a cold start is billed too (not counted here)',
  },
  lambdaRequest: { usd: 0.2 / 1e6, per: 'invocation', source: 'https://aws.amazon.com/lambda/pricing/', checked: 'stored copy of the page' },
  /** Step Functions Standard workflows. */
  stateTransition: {
    usd: 0.025 / 1000,
    per: 'state transition (Standard)',
    source: 'https://aws.amazon.com/step-functions/pricing/',
    checked: 'stored copy of the page',
    note: 'Europe (Ireland) row of the table; every retry is a transition too',
  },
  /** DynamoDB on-demand, Standard table class (after the November 2024 halving). */
  dynamoReadUnit: {
    usd: 0.1413 / 1e6,
    per: 'read request unit (on-demand)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    checked: 'recalled',
  },
  dynamoWriteUnit: {
    usd: 0.7063 / 1e6,
    per: 'write request unit (on-demand)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    checked: 'recalled',
  },
  /** API Gateway HTTP API, first 300 million requests a month (metered in 512 KB increments). */
  httpApiRequest: { usd: 1.11 / 1e6, per: 'HTTP API request', source: 'https://aws.amazon.com/api-gateway/pricing/', checked: 'recalled' },
  /** SES outbound email (attachments and dedicated IPs aside; the service sends none). */
  email: { usd: 0.1 / 1000, per: 'email', source: 'https://aws.amazon.com/ses/pricing/', checked: 'stored copy of the page' },
  /** SMS through SNS (AWS End User Messaging SMS), to a Belgian mobile number, per message part. */
  smsBelgium: {
    usd: 0.0927,
    per: 'SMS part to Belgium (BE)',
    source: 'https://aws.amazon.com/end-user-messaging/pricing/',
    checked: 'recalled',
    note: 'varies by country, several-fold across the EU; a text over 160 GSM-7 characters (70 UCS-2) is several parts',
  },
  /** A registered letter with acknowledgement of receipt: printing, envelope and postage. */
  registeredLetter: {
    usd: 12,
    per: 'registered letter with acknowledgement of receipt',
    source: 'https://www.bpost.be/ (an assumption, not an AWS price)',
    checked: 'recalled',
    note: "ASSUMPTION: about EUR 10-11 for a Belgian recommandé with avis de réception, plus paper and printing; the PMO clerk's time is not counted",
  },
} as const satisfies Record<string, Price>;
