/**
 * Public AWS prices for Europe (Ireland), eu-west-1, in US dollars, without free tiers, taxes or
 * volume discounts: the one place `npm run cost` takes prices from. Update them here, with the
 * date, when AWS changes them.
 *
 * `checked` says how each one was read. This machine reaches no web page, only stored copies of
 * some: a price marked 'recalled' is the figure as last read on the AWS page, not re-read on
 * PRICES_TAKEN_ON, and is to be confirmed on that page before the figures are quoted outside. One
 * marked 'not confirmed' was looked for in the stored copies on CONFIRMATION_TRIED_ON and not
 * found there (its note says what was found): the figure is still the recalled one.
 */
export const PRICES_TAKEN_ON = '2026-12-01';
/** When the recalled prices were searched for in the stored copies of public pages (the `search` tool, docs and pages corpora). */
export const CONFIRMATION_TRIED_ON = '2026-12-02';

export interface Price {
  usd: number;
  per: string;
  source: string;
  checked: 'stored copy of the page' | 'recalled' | 'not confirmed';
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
    checked: 'not confirmed',
    note:
      'the stored copy of the on-demand page holds its definitions (1 RRU = a strongly consistent read of up to 4 KB; ' +
      "transactional reads 2) but not the Region's table, which the page draws by script; third-party copies give only " +
      'us-east-1 ($0.125 per million)',
  },
  dynamoWriteUnit: {
    usd: 0.7063 / 1e6,
    per: 'write request unit (on-demand)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    checked: 'not confirmed',
    note: 'as for reads: the stored copy confirms the unit (1 KB, transactional writes 2), not the Ireland figure; others give us-east-1: $0.625 per million',
  },
  /** API Gateway HTTP API, first 300 million requests a month (metered in 512 KB increments). */
  httpApiRequest: {
    usd: 1.11 / 1e6,
    per: 'HTTP API request',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    checked: 'not confirmed',
    note:
      "the stored copy of the pricing page has the free tier and the 512 KB metering but not the Region's table; AWS's whitepaper " +
      '"Best Practices for Designing Amazon API Gateway Private APIs" (docs.aws.amazon.com, cost optimization) gives us-east-1: ' +
      '$1.00 per million for the first 300 million. The Ireland figure here is the recalled one',
  },
  /** SES outbound email (attachments and dedicated IPs aside; the service sends none). */
  email: { usd: 0.1 / 1000, per: 'email', source: 'https://aws.amazon.com/ses/pricing/', checked: 'stored copy of the page' },
  /** SMS through SNS (AWS End User Messaging SMS), to a Belgian mobile number, per message part. */
  smsBelgium: {
    usd: 0.0927,
    per: 'SMS part to Belgium (BE)',
    source: 'https://aws.amazon.com/end-user-messaging/pricing/',
    checked: 'not confirmed',
    note:
      'varies by country, several-fold across the EU; a text over 160 GSM-7 characters (70 UCS-2) is several parts. No stored copy ' +
      'gives the Belgian rate (the AWS SMS billing guide names the usage type EU-OutboundSMS-BE-..., not the price): shown apart, not in the target',
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
