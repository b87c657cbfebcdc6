import { Inject, Injectable, OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { controllerHandlers } from './controller-handlers';

interface RouteEntry {
  pattern: RegExp;
  methods: Set<string>;
}

function segments(...parts: unknown[]): string {
  return parts
    .map((p) => (Array.isArray(p) ? p[0] : p))
    .map((p) => (typeof p === 'string' ? p.replace(/^\/+|\/+$/g, '') : ''))
    .filter(Boolean)
    .join('/');
}

function toPattern(path: string): RegExp {
  const escaped = path
    .split('/')
    .map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^/${escaped}$`); // exact paths: a trailing slash is another path (404), on both adapters
}

/**
 * The controllers' routes, read once at boot from Nest's metadata (the same on Express and Fastify), so a
 * request that matched no route can be told apart: a known path with another method is 405 with `Allow`,
 * anything else 404. Only the error path consults it.
 */
@Injectable()
export class RouteTable implements OnApplicationBootstrap {
  private entries: RouteEntry[] = [];

  constructor(@Inject(ModulesContainer) private readonly modules: ModulesContainer) {}

  onApplicationBootstrap(): void {
    const byPath = new Map<string, Set<string>>();
    for (const { cls, handler } of controllerHandlers(this.modules)) {
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
      if (method === undefined || path === undefined) continue;
      if (method === RequestMethod.ALL) continue; // matches every method: never a 405
      const full = segments(Reflect.getMetadata(PATH_METADATA, cls), path);
      const methods = byPath.get(full) ?? new Set<string>();
      methods.add(RequestMethod[method]);
      if (method === RequestMethod.GET) methods.add('HEAD'); // both adapters answer HEAD for GET routes
      byPath.set(full, methods);
    }
    this.entries = [...byPath].map(([path, methods]) => ({ pattern: toPattern(path), methods }));
  }

  /** The methods a path accepts (empty when no route has this path). */
  allowedMethods(url: string): string[] {
    const path = url.split('?')[0];
    const allowed = new Set<string>();
    for (const entry of this.entries) if (entry.pattern.test(path)) for (const m of entry.methods) allowed.add(m);
    return [...allowed];
  }
}
