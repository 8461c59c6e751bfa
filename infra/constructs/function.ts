import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Access } from '../../shared/access';
import { reservedConcurrencyOf } from '../limits';

export const FUNCTIONS_DIR = path.join(__dirname, '..', '..', 'functions');
const ROOT = path.join(__dirname, '..', '..');

export interface PasserelleFunctionProps {
  /** Module under functions/, without extension. */
  entry: string;
  environment: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
  /** Packages kept out of the bundle and copied, with their dependencies, into its node_modules. */
  shipModules?: readonly string[];
  /** Single files copied from node_modules into the function, beside the bundle. */
  shipFiles?: ReadonlyArray<{ from: string; to: string }>;
  /** What it may touch: its bundle holds the adapters for that and no others. */
  access?: Access;
}

/** Packages that are never bundled because they load files relative to their own code (or a native binding). */
export const UNBUNDLED_MODULES = ['svg-captcha', 'dejavu-fonts-ttf', '@node-rs/argon2'];

/**
 * argon2id's native binding as Lambda (Node 24, arm64, glibc) loads it, from infra/lambda-arm64,
 * where the root postinstall installs it for that platform whatever the build machine is: npm
 * itself would only fetch the build machine's own (`@node-rs/argon2-linux-x64-gnu` here).
 */
export const ARGON2_ARM64_BINDING = '@node-rs/argon2-linux-arm64-gnu';
const ARM64_MODULES = path.join(ROOT, 'infra', 'lambda-arm64', 'node_modules');

/**
 * The `define`s that leave out of a function's bundle every adapter its access does not include
 * (see shared/dependencies.ts): the same declaration that gives it its IAM permissions.
 */
export const bundleDefines = (access: Access = {}): Record<string, string> => {
  const flag = (allowed: boolean | undefined) => JSON.stringify(String(Boolean(allowed)));
  return {
    'process.env.PASSERELLE_SENDS_EMAIL': flag(access.sendsEmail),
    'process.env.PASSERELLE_SENDS_SMS': flag(access.sendsSms),
    'process.env.PASSERELLE_USES_WORKFLOWS': flag(access.startsActivation || access.startsRcam || access.startsFactorReset || access.resumesTasks),
    'process.env.PASSERELLE_RENDERS_LETTERS': flag(access.rendersLetters),
    'process.env.PASSERELLE_HASHES_SECRETS': flag(access.hashesSecrets),
    'process.env.PASSERELLE_SEALS_FACTOR_SECRETS': flag(access.sealsFactorSecrets),
    'process.env.PASSERELLE_SIGNS_TOKENS': flag(access.signsTokens),
  };
};

/** A package and, recursively, its dependencies, as installed in the project's node_modules. */
const moduleClosure = (name: string, seen = new Set<string>()): Set<string> => {
  if (seen.has(name)) return seen;
  seen.add(name);
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const dependency of Object.keys(manifest.dependencies ?? {})) moduleClosure(dependency, seen);
  return seen;
};

/**
 * One Lambda function as every function here is: Node 24 on arm64, bundled and minified by
 * esbuild with the AWS SDK clients inside (no reliance on the runtime's copy), JSON logs kept a year.
 */
export class PasserelleFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: PasserelleFunctionProps) {
    super(scope, id);
    const hashes = props.access?.hashesSecrets === true;
    const shipModules = [...(props.shipModules ?? []), ...(hashes ? ['@node-rs/argon2'] : [])];
    const arm64Binding = path.join(ARM64_MODULES, ARGON2_ARM64_BINDING);
    const shippedBinding = (outputDir: string) => `${outputDir}/node_modules/${ARGON2_ARM64_BINDING}`;
    if (hashes && !existsSync(arm64Binding)) {
      throw new Error(`${arm64Binding} is missing: run \`npm ci\` (its postinstall installs the arm64 binding for Lambda)`);
    }
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    // Our own role rather than AWSLambdaBasicExecutionRole: it may write to its log group and nowhere else.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    this.fn = new NodejsFunction(this, 'Function', {
      entry: path.join(FUNCTIONS_DIR, `${props.entry}.ts`),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      // argon2id with 19 MiB per hash wants room; more memory is also more CPU, so shorter calls.
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      // By its construct id, which is its route or task name (infra/limits.ts).
      reservedConcurrentExecutions: reservedConcurrencyOf(id),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      loggingFormat: LoggingFormat.JSON,
      environment: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'passerelle', ...props.environment },
      projectRoot: ROOT,
      depsLockFilePath: path.join(ROOT, 'package-lock.json'),
      bundling: {
        tsconfig: path.join(ROOT, 'tsconfig.json'),
        minify: true,
        logLevel: LogLevel.WARNING,
        sourceMap: true,
        target: 'node24',
        format: OutputFormat.CJS,
        // The AWS SDK clients are bundled (pinned, tree-shaken), not taken from the runtime.
        externalModules: UNBUNDLED_MODULES,
        define: bundleDefines(props.access),
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) => [
            ...[...new Set(shipModules.flatMap((name) => [...moduleClosure(name)]))].map(
              (name) => `mkdir -p "${outputDir}/node_modules/${name}" && cp -R "${inputDir}/node_modules/${name}/." "${outputDir}/node_modules/${name}/"`,
            ),
            ...(props.shipFiles ?? []).map(
              ({ from, to }) => `mkdir -p "$(dirname "${outputDir}/${to}")" && cp "${inputDir}/node_modules/${from}" "${outputDir}/${to}"`,
            ),
            ...(hashes ? [`mkdir -p "${shippedBinding(outputDir)}" && cp -R "${arm64Binding}/." "${shippedBinding(outputDir)}/"`] : []),
          ],
        },
        mainFields: ['module', 'main'],
      },
    });
  }
}
