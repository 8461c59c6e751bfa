/**
 * The architecture, written down and checked (`npm run lint`). Data flows one way: HTTP event or
 * workflow input -> handler -> domain -> ports <- adapters; see README "How it is built".
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other cannot be understood (or tested) one at a time.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'shared/domain knows no AWS, no adapter, no HTTP and no Node built-in: it reaches them through ports.',
      from: { path: '^shared/domain/' },
      to: { path: ['^node_modules/@aws-sdk/', '^shared/adapters/', '^shared/http/', '^functions/', '^infra/', '^local/'] },
    },
    {
      name: 'domain-no-node-builtins',
      severity: 'error',
      comment: 'shared/domain uses no node: module except crypto (the CSPRNG and hashes, behind secrets.ts and codes.ts).',
      from: { path: '^shared/domain/', pathNot: '^shared/domain/(secrets|codes)\\.ts$' },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?crypto$' },
    },
    {
      name: 'only-adapters-use-aws-sdk',
      severity: 'error',
      comment: 'Only shared/adapters import @aws-sdk/* (and local/ and infra/ tools, which talk to AWS or its local stand-ins).',
      from: { pathNot: ['^shared/adapters/', '^local/', '^infra/', '^test/', '^bench/', '^tools/'] },
      to: { path: '^node_modules/@aws-sdk/' },
    },
    {
      name: 'functions-reach-adapters-through-the-composition-root',
      severity: 'error',
      comment: 'A handler gets its ports from shared/dependencies.ts; it never builds an adapter itself (the logger excepted).',
      from: { path: '^functions/' },
      to: { path: '^shared/adapters/', pathNot: '^shared/adapters/logger\\.ts$' },
    },
    {
      name: 'local-and-infra-apart',
      severity: 'error',
      comment: 'The local runtime and the CDK app do not import each other: what both need lives in shared/.',
      from: { path: '^local/' },
      to: { path: '^infra/' },
    },
    {
      name: 'infra-and-local-apart',
      severity: 'error',
      comment: 'The local runtime and the CDK app do not import each other: what both need lives in shared/.',
      from: { path: '^infra/' },
      to: { path: '^local/' },
    },
    {
      name: 'shared-does-not-import-functions',
      severity: 'error',
      comment: 'shared/ is below functions/: the access declarations it needs live in shared/.',
      from: { path: '^shared/' },
      to: { path: '^(functions|infra|local|web|test)/' },
    },
    {
      name: 'web-imports-only-types-from-the-domain',
      severity: 'error',
      comment: 'The browser client takes types from shared/, and runs nothing of it but the short list below.',
      from: { path: '^web/src/' },
      to: {
        path: '^shared/',
        pathNot: [
          // The password checklist and the language list: the same rule code on both sides, dependency-free (next rule).
          '^shared/domain/password-rules\\.ts$',
          '^shared/domain/languages\\.ts$',
          // The developer bar's jumps: the service's time rules, and the Brussels calendar the RCAM window counts in.
          '^shared/domain/rules\\.ts$',
          '^shared/domain/calendar\\.ts$',
          // The API's locale files, data: the page redraws the API's error messages in its own language.
          '^shared/locales/[a-z]+\\.json$',
        ],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'web-shared-modules-import-nothing',
      severity: 'error',
      comment: 'The modules of shared/ that the browser client runs stay dependency-free, so that nothing else reaches it through them (types aside: no code).',
      from: { path: '^shared/domain/(password-rules|languages|rules|calendar)\\.ts$' },
      to: { dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-reaches-no-server-code',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^(functions|infra|local|shared/adapters|shared/http)/' },
    },
    {
      name: 'production-pages-do-not-import-dev-tools',
      severity: 'error',
      comment: 'The developer bar exists only when npm start serves the site.',
      from: { path: '^web/src/pages/' },
      to: { path: '^web/src/dev-bar\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    exclude: { path: ['^cdk\\.out', '^\\.data', '^dist', '^test-artifacts'] },
  },
};
