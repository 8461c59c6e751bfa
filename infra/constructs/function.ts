import { AssetHashType, DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Access } from '../../shared/access';
import { bundleInto, FUNCTIONS_DIR } from '../bundles';
import { reservedConcurrencyOf } from '../limits';

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

/**
 * argon2id's native binding as Lambda (Node 24, arm64, glibc) loads it, from infra/lambda-arm64,
 * where the root postinstall installs it for that platform whatever the build machine is: npm
 * itself would only fetch the build machine's own (`@node-rs/argon2-linux-x64-gnu` here).
 */
export const ARGON2_ARM64_BINDING = '@node-rs/argon2-linux-arm64-gnu';
const ARM64_MODULES = path.join(ROOT, 'infra', 'lambda-arm64', 'node_modules');

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
  readonly fn: LambdaFunction;

  constructor(scope: Construct, id: string, props: PasserelleFunctionProps) {
    super(scope, id);
    const hashes = props.access?.hashesSecrets === true;
    const shipModules = [...(props.shipModules ?? []), ...(hashes ? ['@node-rs/argon2'] : [])];
    const arm64Binding = path.join(ARM64_MODULES, ARGON2_ARM64_BINDING);
    if (hashes && !existsSync(arm64Binding)) {
      throw new Error(`${arm64Binding} is missing: run \`npm ci\` (its postinstall installs the arm64 binding for Lambda)`);
    }
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    // Our own role rather than AWSLambdaBasicExecutionRole: it may write to its log group and nowhere else.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    const copy = (from: string, to: string) => cpSync(from, to, { recursive: true, dereference: true });
    this.fn = new LambdaFunction(this, 'Function', {
      handler: 'index.handler',
      // esbuild, in groups of functions that bundle alike (infra/bundles.ts), then what must ship unbundled.
      code: Code.fromAsset(FUNCTIONS_DIR, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never pulled nor run: local bundling always succeeds or throws. The command is CDK's cache key
          // for the bundle within one synth, so it names everything that makes this one differ.
          image: DockerImage.fromRegistry('scratch'),
          command: ['bundle', props.entry, JSON.stringify(props.access ?? {}), JSON.stringify(shipModules), JSON.stringify(props.shipFiles ?? [])],
          local: {
            tryBundle: (outputDir) => {
              bundleInto(outputDir, props.entry, props.access);
              for (const name of new Set(shipModules.flatMap((module) => [...moduleClosure(module)]))) {
                copy(path.join(ROOT, 'node_modules', name), path.join(outputDir, 'node_modules', name));
              }
              for (const { from, to } of props.shipFiles ?? []) {
                mkdirSync(path.dirname(path.join(outputDir, to)), { recursive: true });
                copy(path.join(ROOT, 'node_modules', from), path.join(outputDir, to));
              }
              if (hashes) copy(arm64Binding, path.join(outputDir, 'node_modules', ARGON2_ARM64_BINDING));
              return true;
            },
          },
        },
      }),
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
    });
  }
}
