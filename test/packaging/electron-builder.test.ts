import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Ajv from 'ajv';
import { findAndReadConfig } from 'app-builder-lib/out/util/config/load.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, PRODUCT_NAME } from '../../src/main/app/model/app-identity';

const root = path.resolve(import.meta.dirname, '../..');

type Config = Record<string, unknown> & {
  appId?: string;
  productName?: string;
  win?: { icon?: string; target?: { target: string }[] };
  files?: string[];
  directories?: { output?: string };
  extraResources?: { from: string; to: string }[];
  nsis?: { include?: string };
};

/** electron-builder.yml, read by electron-builder's own reader (js-yaml, same lookup order). */
async function readConfig(): Promise<Config> {
  const found = await findAndReadConfig<Config>({
    packageKey: 'build',
    configFilename: 'electron-builder',
    projectDir: root,
    packageMetadata: null,
  });
  if (!found) throw new Error('electron-builder.yml not found');
  expect(path.basename(found.configFile ?? '')).toBe('electron-builder.yml');
  return found.result;
}

/**
 * A validator set up as app-builder-lib's schemaValidator.js does: ajv 8 on scheme.json (draft-07) with
 * allErrors, coerceTypes and strict: false. The schema refuses unknown keys (additionalProperties: false).
 */
async function builderValidator() {
  const scheme = JSON.parse(
    await readFile(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
  );
  expect(scheme.$schema).toBe('http://json-schema.org/draft-07/schema#');
  const ajv = new Ajv({ allErrors: true, verbose: true, coerceTypes: true, strict: false });
  const validate = ajv.compile(scheme);
  return (config: unknown) => {
    // coerceTypes rewrites in place: validate a copy.
    const ok = validate(structuredClone(config));
    return { ok, errors: (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`) };
  };
}

describe('electron-builder.yml', () => {
  let config: Config;
  let validate: Awaited<ReturnType<typeof builderValidator>>;
  beforeAll(async () => {
    config = await readConfig();
    validate = await builderValidator();
  });

  it("is valid against electron-builder's schema", () => {
    expect(validate(config)).toEqual({ ok: true, errors: [] });
  });

  it('would be refused with an unknown or misplaced key (the check can fail)', () => {
    expect(validate({ ...config, appID: 'x' }).ok).toBe(false);
    expect(validate({ ...config, win: { ...config.win, tragets: ['nsis'] } }).ok).toBe(false);
    expect(validate({ ...config, nsis: { oneClick: 'sometimes' } }).ok).toBe(false);
  });

  it('has the appId and product name the app uses (AppUserModelId, data folder)', async () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(PRODUCT_NAME);
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.productName).toBe(PRODUCT_NAME);
    // A "build" key in package.json would take precedence over electron-builder.yml.
    expect(pkg.build).toBeUndefined();
  });

  it('builds the NSIS installer for Windows, into dist/, and no portable exe', () => {
    // A portable exe starts from a new temporary folder each time (Windows forgets the tray icon's place)
    // and has no Start-menu shortcut carrying the AppUserModelId its toasts need.
    expect(config.win?.target?.map((t) => t.target)).toEqual(['nsis']);
    expect(config).not.toHaveProperty('portable');
    expect(config.directories?.output).toBe('dist');
  });

  it('packs the app bundles and package.json, not sources, tests or the command line', () => {
    for (const part of ['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']) {
      expect(config.files).toContain(part);
    }
    expect(config.files?.some((pattern) => /^(src|test)\b|^out\/(cli|\*\*)/.test(pattern))).toBe(false);
  });

  it('names a company for the exe (package.json author) and includes the installer script', async () => {
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.author?.name).toEqual(expect.stringMatching(/\S/));
    expect(config.nsis?.include).toBe('build/installer.nsh');
    await readFile(path.join(root, config.nsis?.include ?? 'missing'));
  });

  it('ships the icons the app looks for', async () => {
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'assets', to: 'assets' }));
    const icon = await readFile(path.join(root, config.win?.icon ?? 'missing'));
    expect(icon.readUInt16LE(2)).toBe(1); // an .ico
  });
});
