import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const file = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const README = file('README.md');
const CI = file('.ci/run');

describe("a newcomer's first hour: the README", () => {
  it('given the prerequisites, then it names each: Node, the build tools or a prebuilt binary, PostgreSQL with its URL, Chromium and a CJK font', () => {
    expect(README).toMatch(/Node 20\.19\+ or 22\.12\+/);
    expect(README).toMatch(/prebuilt binary/);
    expect(README).toMatch(/python3, make and g\+\+/);
    expect(README).toContain('postgres://postgres@127.0.0.1:5432/test');
    expect(README).toContain('BANJIAN_PG_URL');
    expect(README).toMatch(/Chromium/);
    expect(README).toMatch(/CJK font/);
  });

  it('given .ci/run, then the packages the README tells a newcomer to install are those CI installs', () => {
    const readmeApt = /apt-get install (python3 make g\+\+ postgresql chromium fonts-noto-cjk)/.exec(README)![1]!.split(' ');
    for (const pkg of ['chromium', 'fonts-noto-cjk', 'postgresql']) {
      expect(readmeApt).toContain(pkg);
      expect(CI).toMatch(new RegExp(`apt-get install [^\\n]*\\b${pkg}\\b`));
    }
    expect(CI).toMatch(/export CI=true/);
  });
});
