import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Copy, DockerfileParser } from 'dockerfile-ast';
import request from 'supertest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { ENV_VARS } from '../../src/config/env.schema';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { exposedSeriesNames, metricNamesIn } from './promql-metrics';

/**
 * These tests lint the Dockerfile (built and run for real by `npm run test:image`),
 * the compose file and the Kubernetes manifests with parsers and check them against the real
 * application (probe paths answer, env vars exist, dashboards and alerts read real metrics).
 */
type Yaml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed YAML of several shapes, checked field by field below
const read = (p: string) => readFileSync(p, 'utf8');
const yamlFile = (p: string): Yaml => parseYaml(read(p));
const ENV_NAMES = new Set(ENV_VARS.map((v) => v.name));
const REQUIRED_SECRETS = ['MCP_TOKEN_SECRET', 'ENCRYPTION_KEY_HEX', 'WEBHOOK_HMAC_SECRET'];
const deployment = yamlFile('deploy/k8s/deployment.yaml');
const container = deployment.spec.template.spec.containers[0];
const configMap = yamlFile('deploy/k8s/configmap.yaml');
const compose = yamlFile('docker-compose-final.yml');
const dashboard = JSON.parse(read('deploy/grafana/mcp-maax-cob.dashboard.json'));
const alerts = yamlFile('deploy/prometheus/alerts.yml');
const dashboardExprs: string[] = dashboard.panels.flatMap((p: { targets?: Array<{ expr: string }> }) =>
  (p.targets ?? []).map((t) => t.expr),
);
const alertExprs: string[] = alerts.groups.flatMap((g: { rules: Array<{ expr: string }> }) =>
  g.rules.map((r) => r.expr),
);
const envFileKeys = (text: string) =>
  text
    .split('\n')
    .filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l))
    .map((l) => l.slice(0, l.indexOf('=')));

describe('Dockerfile', () => {
  const file = DockerfileParser.parse(read('Dockerfile'));
  const froms = file.getFROMs();
  const instructions = file.getInstructions();
  const finalStageLine = froms[froms.length - 1].getRange().start.line;
  const finalStage = instructions.filter((i) => i.getRange().start.line >= finalStageLine);

  it('is multi-stage: npm ci and the build in one stage, a runtime stage without dev dependencies', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const runs = instructions.filter((i) => i.getKeyword() === 'RUN').map((i) => i.getArgumentsContent() ?? '');
    expect(runs.some((r) => r.includes('npm ci'))).toBe(true);
    expect(runs.some((r) => r.includes('npm run build') && r.includes('npm prune --omit=dev'))).toBe(true);
    const copies = finalStage.filter((i): i is Copy => i instanceof Copy);
    expect(copies.length).toBeGreaterThan(0);
    expect(copies.map((c) => c.getFromFlag()?.getValue())).toEqual(copies.map(() => 'build'));
  });

  it('runs as a non-root user with NODE_ENV=production', () => {
    const users = finalStage.filter((i) => i.getKeyword() === 'USER').map((i) => i.getArgumentsContent());
    expect(users.length).toBe(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    const env = finalStage
      .filter((i) => i.getKeyword() === 'ENV')
      .map((i) => i.getArgumentsContent() ?? '')
      .join(' ');
    expect(env).toMatch(/NODE_ENV=production/);
  });

  it('starts node itself in exec form (SIGTERM reaches it) and health-checks /health/live', () => {
    const cmds = finalStage.filter((i) => i.getKeyword() === 'CMD');
    expect(cmds.length).toBe(1);
    expect(JSON.parse(cmds[0].getArgumentsContent() ?? '')).toEqual(['node', 'dist/src/main.js']);
    expect(finalStage.some((i) => i.getKeyword() === 'ENTRYPOINT')).toBe(false);
    const health = finalStage.filter((i) => i.getKeyword() === 'HEALTHCHECK').map((i) => i.getArgumentsContent() ?? '');
    expect(health.length).toBe(1);
    expect(health[0]).toContain('/health/live');
    expect(health[0]).toMatch(/CMD \["node"/);
  });
});

describe('docker-compose-final.yml and .env.production.example', () => {
  const example = read('.env.production.example');

  it('runs the gateway from .env.production with a healthcheck, a restart policy and a grace period above the drain', () => {
    const mcp = compose.services.mcp;
    expect(mcp.build).toBe('.');
    expect(mcp.env_file).toBe('.env.production');
    expect(mcp.ports).toContain('3000:3000');
    expect(mcp.restart).toBe('unless-stopped');
    expect(mcp.healthcheck.test.join(' ')).toContain('/health/live');
    expect(mcp.depends_on.redis.condition).toBe('service_healthy');
    const drainMs = Number(/^SHUTDOWN_DRAIN_MS=(\d+)/m.exec(example)?.[1]);
    expect(parseInt(mcp.stop_grace_period, 10) * 1000).toBeGreaterThan(drainMs);
  });

  it('runs Redis with only its password, as the image drops it to the redis user, with noeviction, persistence, a healthcheck and no published port', () => {
    const redis = compose.services.redis;
    expect(redis.env_file).toBeUndefined();
    expect(Object.keys(redis.environment)).toEqual(['REDISCLI_AUTH']);
    expect(redis.environment.REDISCLI_AUTH).toMatch(/^\$\{REDIS_PASSWORD:\?/);
    // redis-server first and no shell: the image's entrypoint drops from root to `redis` only in that case.
    expect(redis.command[0]).toBe('redis-server');
    const command = redis.command.join(' ');
    expect(command).toMatch(/--requirepass \$\{REDIS_PASSWORD:\?/);
    expect(command).toContain('--maxmemory-policy noeviction');
    expect(command).toContain('--appendonly yes');
    expect(command).not.toMatch(/\bsh\b|-c /);
    expect(redis.healthcheck.test.join(' ')).toContain('redis-cli ping');
    expect(redis.ports).toBeUndefined();
    expect(redis.restart).toBe('unless-stopped');
  });

  it('runs the gateway non-root, read-only, without capabilities, with REDIS_URL built from the one Redis password', () => {
    const mcp = compose.services.mcp;
    expect(mcp.user).toBe('1000:1000');
    expect(mcp.read_only).toBe(true);
    expect(mcp.cap_drop).toEqual(['ALL']);
    expect(mcp.security_opt).toContain('no-new-privileges:true');
    expect(mcp.environment.REDIS_URL).toMatch(/^redis:\/\/default:\$\{REDIS_PASSWORD:\?[^}]*\}@redis:6379$/);
  });

  it('documents only variables the service reads (plus the compose Redis password), secrets as placeholders', () => {
    const keys = envFileKeys(example);
    for (const k of keys) expect({ k, known: ENV_NAMES.has(k) || k === 'REDIS_PASSWORD' }).toEqual({ k, known: true });
    for (const s of [...REQUIRED_SECRETS, 'REDIS_PASSWORD']) expect(keys).toContain(s);
    expect(example).toMatch(/^NODE_ENV=production$/m);
    expect(example).toMatch(/--env-file \.env\.production/);
    for (const s of [...REQUIRED_SECRETS, 'REDIS_PASSWORD'])
      expect(new RegExp(`^${s}=<`, 'm').test(example)).toBe(true);
  });
});

describe('Kubernetes manifests', () => {
  it('parse, and the kustomization lists every manifest but the Secret example', () => {
    const kustomization = yamlFile('deploy/k8s/kustomization.yaml');
    for (const f of kustomization.resources)
      expect(parseAllDocuments(read(`deploy/k8s/${f}`)).every((d) => d.errors.length === 0)).toBe(true);
    expect(kustomization.resources).toEqual(
      expect.arrayContaining(['deployment.yaml', 'service.yaml', 'hpa.yaml', 'pdb.yaml', 'configmap.yaml']),
    );
    expect(kustomization.resources).not.toContain('secret.example.yaml');
  });

  it('run 2+ replicas with startup, liveness (/health/live) and readiness (/health/ready) probes and resources', () => {
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(container.startupProbe.httpGet.path).toBe('/health/live');
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits.memory).toEqual(expect.any(String));
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
  });

  it('give a grace period longer than the drain plus the slowest provider call', () => {
    const graceMs = deployment.spec.template.spec.terminationGracePeriodSeconds * 1000;
    expect(graceMs).toBeGreaterThan(
      Number(configMap.data.SHUTDOWN_DRAIN_MS) + Number(configMap.data.PROVIDER_TIMEOUT_MS),
    );
  });

  it('take secrets from a Secret and settings from a ConfigMap, all names the service reads', () => {
    const secret = yamlFile('deploy/k8s/secret.example.yaml');
    expect(container.envFrom).toEqual(
      expect.arrayContaining([
        { secretRef: { name: secret.metadata.name } },
        { configMapRef: { name: configMap.metadata.name } },
      ]),
    );
    for (const k of [...Object.keys(configMap.data), ...Object.keys(secret.stringData)])
      expect({ k, known: ENV_NAMES.has(k) }).toEqual({ k, known: true });
    for (const s of REQUIRED_SECRETS) expect(Object.keys(secret.stringData)).toContain(s);
    expect(Object.keys(configMap.data).some((k) => REQUIRED_SECRETS.includes(k))).toBe(false);
    expect(secret.stringData.REDIS_URL).toMatch(/^rediss:\/\//);
  });

  it('mount the bank-credentials Secret read-only at CREDENTIALS_DIR, in the layout the gateway reads', () => {
    const example = yamlFile('deploy/k8s/bank-credentials.example.yaml');
    const mount = container.volumeMounts.find(
      (m: { mountPath: string }) => m.mountPath === configMap.data.CREDENTIALS_DIR,
    );
    expect(mount).toMatchObject({ readOnly: true });
    const volume = deployment.spec.template.spec.volumes.find((v: { name: string }) => v.name === mount.name);
    expect(volume.secret).toMatchObject({ secretName: example.metadata.name, optional: true });
    expect(yamlFile('deploy/k8s/kustomization.yaml').resources).not.toContain('bank-credentials.example.yaml');
    for (const [key, text] of Object.entries<string>(example.stringData)) {
      expect(key).toMatch(/^[A-Za-z0-9._-]{1,64}\.json$/);
      expect(JSON.parse(text)).toMatchObject({ tenants: expect.any(Array), credentials: expect.any(Object) });
    }
  });

  it('scale with an HPA from 2 replicas and keep one pod through disruptions', () => {
    const hpa = yamlFile('deploy/k8s/hpa.yaml');
    const pdb = yamlFile('deploy/k8s/pdb.yaml');
    const service = yamlFile('deploy/k8s/service.yaml');
    expect(hpa.spec.scaleTargetRef.name).toBe(deployment.metadata.name);
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
    for (const selector of [pdb.spec.selector.matchLabels, service.spec.selector])
      expect(deployment.spec.template.metadata.labels).toMatchObject(selector);
  });
});

describe('Prometheus rules', () => {
  it('pass promtool check rules and the alert unit tests', () => {
    for (const args of [
      ['check', 'rules', 'deploy/prometheus/alerts.yml'],
      ['test', 'rules', 'deploy/prometheus/alerts.test.yml'],
    ]) {
      const r = spawnSync('promtool', args, { encoding: 'utf8', timeout: 30000 });
      if (r.error)
        throw new Error(
          `promtool is not runnable (${r.error.message}); install Debian's "prometheus" package (.ci/run does)`,
        );
      expect({ args, status: r.status, out: r.status === 0 ? '' : `${r.stdout}${r.stderr}` }).toEqual({
        args,
        status: 0,
        out: '',
      });
    }
  });
});

describe.each(ADAPTERS)('deploy files against the running app (%s)', (adapter) => {
  let t: TestApp;
  let exposed: Set<string>;
  beforeAll(async () => {
    t = await startTestApp({ adapter });
    exposed = exposedSeriesNames((await request(t.url).get('/metrics/prometheus')).text);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('probe paths of the manifests, the compose file and the Dockerfile answer 200', async () => {
    const paths = new Set([
      container.startupProbe.httpGet.path,
      container.livenessProbe.httpGet.path,
      container.readinessProbe.httpGet.path,
      '/health/live',
    ]);
    for (const path of paths)
      expect({ path, status: (await request(t.url).get(path)).status }).toEqual({ path, status: 200 });
    expect(deployment.spec.template.metadata.annotations['prometheus.io/path']).toBe('/metrics/prometheus');
  });

  it('the Grafana dashboard and the alert rules read metrics the app exposes', () => {
    expect(dashboardExprs.length).toBeGreaterThanOrEqual(10);
    for (const expr of [...dashboardExprs, ...alertExprs]) {
      const names = metricNamesIn(expr);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names)
        expect({ expr, name, exposed: exposed.has(name) }).toEqual({ expr, name, exposed: true });
    }
  });
});
