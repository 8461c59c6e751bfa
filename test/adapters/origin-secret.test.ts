import { ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { rotateOidcKeys } from '#adapters/oidc-key-rotation';
import { rotateOriginSecret, type RotationDependencies } from '#adapters/origin-secret-rotation';
import { RULES } from '#domain/rules';
import type { OidcKeySet } from '#domain/services-ports';
import { secretsManagerOriginSecrets } from '#adapters/origin-secret';
import { ORIGIN_VERIFY_HEADER } from '#shared/edge';

type Command = { constructor: { name: string }; input: Record<string, any> };

/** Secrets Manager and CloudFront as far as the rotation uses them: versions with stages, one distribution. */
const fakeAws = () => {
  const versions: Record<string, { value: string; stages: string[] }> = { v1: { value: 'old', stages: ['AWSCURRENT'] } };
  const distribution = {
    etag: 'E1',
    config: { Origins: { Items: [{ Id: 'site' }, { Id: 'api', CustomHeaders: { Items: [{ HeaderName: ORIGIN_VERIFY_HEADER, HeaderValue: 'old' }] } }] } },
  };
  const notFound = () => new ResourceNotFoundException({ message: 'no such version', $metadata: {} });
  const secrets = {
    send: async ({ constructor, input }: Command): Promise<any> => {
      switch (constructor.name) {
        case 'DescribeSecretCommand':
          return { RotationEnabled: true, VersionIdsToStages: Object.fromEntries(Object.entries(versions).map(([id, v]) => [id, v.stages])) };
        case 'GetSecretValueCommand': {
          const found = Object.entries(versions).find(
            ([id, v]) => (!input.VersionId || id === input.VersionId) && (!input.VersionStage || v.stages.includes(input.VersionStage)),
          );
          if (!found || (input.VersionId && !versions[input.VersionId]?.value)) throw notFound();
          return { SecretString: found[1].value };
        }
        case 'GetRandomPasswordCommand':
          return { RandomPassword: 'new' };
        case 'PutSecretValueCommand':
          versions[input.ClientRequestToken] = { value: input.SecretString, stages: input.VersionStages };
          return {};
        case 'UpdateSecretVersionStageCommand':
          versions[input.RemoveFromVersionId].stages = ['AWSPREVIOUS'];
          versions[input.MoveToVersionId].stages = ['AWSCURRENT'];
          return {};
        default:
          throw new Error(`unexpected ${constructor.name}`);
      }
    },
  };
  const cloudFront = {
    send: async ({ constructor, input }: Command): Promise<any> => {
      if (constructor.name === 'GetDistributionConfigCommand') return { DistributionConfig: structuredClone(distribution.config), ETag: distribution.etag };
      if (constructor.name === 'UpdateDistributionCommand') {
        if (input.IfMatch !== distribution.etag) throw new Error('PreconditionFailed');
        distribution.config = input.DistributionConfig;
        distribution.etag = 'E2';
        return {};
      }
      throw new Error(`unexpected ${constructor.name}`);
    },
  };
  return { versions, distribution, deps: { secrets, cloudFront, distributionId: 'D1' } as unknown as RotationDependencies };
};

describe('the origin secret rotation', () => {
  it("generates a value, gives it to CloudFront's API origin, then makes it current; the old one stays previous", async () => {
    const aws = fakeAws();
    const rotate = rotateOriginSecret(aws.deps);
    // Secrets Manager marks the new version pending, with no value yet, before it calls the function.
    aws.versions.v2 = { value: '', stages: ['AWSPENDING'] };
    for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const) {
      await rotate({ SecretId: 'arn:secret', ClientRequestToken: 'v2', Step });
    }
    expect(aws.versions.v2).toEqual({ value: 'new', stages: ['AWSCURRENT'] });
    expect(aws.versions.v1.stages).toEqual(['AWSPREVIOUS']);
    const [site, api] = aws.distribution.config.Origins.Items as Array<{ CustomHeaders?: { Items: Array<{ HeaderValue: string }> } }>;
    expect(site.CustomHeaders).toBeUndefined();
    expect(api.CustomHeaders!.Items[0].HeaderValue).toBe('new');
  });
});

describe('the OpenID keys rotation (the same steps, another secret)', () => {
  it('makes a signing key and a next one; promotes the next only once it has been published for the JWKS cache', async () => {
    const aws = fakeAws();
    // As CDK creates it: no key yet.
    aws.versions.v1.value = JSON.stringify({ signingKeys: [], cookieSecrets: [], seed: 'x' });
    let now = new Date('2026-12-01T00:00:00Z');
    const rotate = rotateOidcKeys(aws.deps.secrets, { now: () => now });
    const rotation = async (token: string) => {
      aws.versions[token] = { value: '', stages: ['AWSPENDING'] };
      for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const)
        await rotate({ SecretId: 'arn:keys', ClientRequestToken: token, Step });
      return JSON.parse(aws.versions[token].value) as OidcKeySet;
    };

    const first = await rotation('v2');
    expect(aws.versions.v2.stages).toEqual(['AWSCURRENT']);
    expect(first.signingKeys).toHaveLength(1);
    expect(first.nextKey).toMatchObject({ publishedAt: now.toISOString() });
    expect(first.signingKeys[0]).toHaveProperty('d');

    now = new Date(now.getTime() + (RULES.oidcJwksCacheSeconds + RULES.oidcKeySetCacheSeconds) * 1000 - 1000);
    expect(await rotation('v3')).toEqual(first); // too early: the next key is not in every cached JWKS yet

    now = new Date(now.getTime() + 1000);
    const promoted = await rotation('v4');
    expect(promoted.signingKeys.map((key) => key.kid)).toEqual([first.nextKey!.key.kid, first.signingKeys[0].kid]);
    expect(promoted.nextKey!.key.kid).not.toBe(first.nextKey!.key.kid);
  });
});

describe('reading the origin secret', () => {
  it('keeps the values it read, and leaves out the stages that have none', async () => {
    let reads = 0;
    const client = {
      send: async ({ input }: Command) => {
        reads += 1;
        if (input.VersionStage !== 'AWSCURRENT') throw new ResourceNotFoundException({ message: 'none', $metadata: {} });
        return { SecretString: 'current' };
      },
    };
    const secrets = secretsManagerOriginSecrets('arn:secret', client as never);
    expect(await secrets()).toEqual(['current']);
    expect(await secrets()).toEqual(['current']);
    expect(reads).toBe(3); // three stages, read once
    await secrets(true);
    expect(reads).toBe(6);
  });
});
