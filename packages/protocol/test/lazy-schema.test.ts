/**
 * Schemas built on first use (issue 15 item 1, idle RSS): `lazySchema` stands for its schema in every use and builds
 * it once, `defineAction` builds an action's params/result schema on the first read, and no module of
 * @edefter/protocol exports a schema it built at load (a new `export const X = z.object(…)` without `lazySchema`
 * fails here, since an idle bridge would carry it).
 */
import { types } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as protocol from '../src/index.ts';
import { defineAction } from '../src/actions/define.ts';
import { lazySchema } from '../src/lazy-schema.ts';

describe('lazySchema', () => {
  it('builds on first use, once, and then is that schema for parse, extend, composition, instanceof and key listing', () => {
    let builds = 0;
    const Point = lazySchema(() => {
      builds++;
      return z.object({ x: z.number(), y: z.number() }).strict();
    });
    expect(builds).toBe(0);
    const Tagged = lazySchema(() => z.discriminatedUnion('t', [Point.extend({ t: z.literal('p') }), z.object({ t: z.literal('n') })]));
    expect(builds).toBe(0);

    expect(Point.parse({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
    expect(Point.safeParse({ x: 1, y: 2, z: 3 }).success).toBe(false);
    expect(Point instanceof z.ZodType).toBe(true);
    expect(Object.keys(Point.shape)).toEqual(['x', 'y']);
    expect('parse' in Point).toBe(true);
    expect(Tagged.parse({ t: 'p', x: 0, y: 0 })).toEqual({ t: 'p', x: 0, y: 0 });
    expect(z.array(Point).parse([{ x: 1, y: 1 }])).toHaveLength(1);
    expect(builds).toBe(1);

    const typed: z.infer<typeof Point> = { x: 3, y: 4 };
    expect(Point.parse(typed)).toEqual(typed);
  });

  it('reports a failed build to the use that triggered it and tries again on the next use', () => {
    let tries = 0;
    const S = lazySchema(() => {
      if (++tries === 1) throw new Error('first build fails');
      return z.string();
    });
    expect(() => S.parse('a')).toThrow('first build fails');
    expect(S.parse('a')).toBe('a');
    expect(tries).toBe(2);
  });
});

describe('defineAction', () => {
  it('builds params and result on their first read, each once, and keeps the definition frozen', () => {
    const built: string[] = [];
    const def = defineAction({
      name: 'demo',
      params: () => {
        built.push('params');
        return z.object({ n: z.number() }).strict();
      },
      result: () => {
        built.push('result');
        return z.object({ ok: z.boolean() });
      },
      timeoutMs: 1_000,
      since: '1.0.0',
    });
    expect(built).toEqual([]);
    expect(def.name).toBe('demo');
    expect(protocol.parseActionParams(def, { n: 1 })).toEqual({ ok: true, params: { n: 1 } });
    expect(built).toEqual(['params']);
    expect(def.params).toBe(def.params);
    expect(protocol.parseActionResult(def, { ok: true })).toEqual({ ok: true });
    expect(built).toEqual(['params', 'result']);
    expect(Object.isFrozen(def)).toBe(true);
  });
});

describe('@edefter/protocol at load', () => {
  it('exports no schema built at load: every exported schema is a lazy stand-in, every action builds its schemas on first read', () => {
    const eager = Object.entries(protocol)
      // a stand-in is a Proxy: checked first, since `instanceof` would build it
      .filter(([, v]) => typeof v === 'object' && v !== null && !types.isProxy(v) && v instanceof z.ZodType)
      .map(([k]) => k);
    expect(eager).toEqual([]);

    const defs = [...Object.values(protocol.PAGE_ACTIONS), ...Object.values(protocol.BRIDGE_ACTIONS).map((a) => a.def)];
    expect(defs.length).toBeGreaterThan(25);
    for (const def of defs) {
      for (const key of ['params', 'result'] as const) {
        const d = Object.getOwnPropertyDescriptor(def, key);
        expect(typeof d?.get, `${def.name}.${key}`).toBe('function');
      }
    }
  });
});
