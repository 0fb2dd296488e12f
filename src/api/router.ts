/**
 * Matches METHOD + path (+ the literal query some routes require) against the routes of the model.
 * Built once at start; a lookup walks a segment tree, so routing costs the same however many operations the model has.
 */
import { MODEL } from '../model/model.generated.js';
import type { OperationSpec } from '../model/model-types.js';

export interface RouteMatch {
  operation: string;
  spec: OperationSpec;
  /** Label values, percent-decoded. */
  labels: Record<string, string>;
}

interface Route { operation: string; spec: OperationSpec; labelNames: (string | null)[]; requiredQuery: [string, string][] }
interface Node { literal: Map<string, Node>; label?: Node; routes: Route[] }

const newNode = (): Node => ({ literal: new Map(), routes: [] });

function buildTree(): Node {
  const root = newNode();
  for (const [operation, spec] of Object.entries(MODEL.operations)) {
    let node = root;
    const labelNames: (string | null)[] = [];
    for (const segment of spec.path.split('/').slice(1)) {
      const label = /^\{(.+?)\+?\}$/.exec(segment);
      if (label) {
        node = node.label ??= newNode();
        labelNames.push(label[1]!);
      } else {
        let next = node.literal.get(segment);
        if (!next) node.literal.set(segment, (next = newNode()));
        node = next;
        labelNames.push(null);
      }
    }
    node.routes.push({ operation, spec, labelNames, requiredQuery: Object.entries(spec.query) });
    // Routes that require a literal query parameter are tried first.
    node.routes.sort((a, b) => Object.keys(b.spec.query).length - Object.keys(a.spec.query).length);
  }
  return root;
}

const ROOT = buildTree();

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function walk(node: Node, segments: string[], index: number): Node | undefined {
  if (index === segments.length) return node.routes.length ? node : undefined;
  const segment = segments[index]!;
  const literal = node.literal.get(segment);
  const viaLiteral = literal && walk(literal, segments, index + 1);
  if (viaLiteral) return viaLiteral;
  return segment !== '' && node.label ? walk(node.label, segments, index + 1) : undefined;
}

export function matchRoute(method: string, rawPath: string, query: URLSearchParams): RouteMatch | undefined {
  const segments = rawPath.split('/').slice(1);
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  const node = walk(ROOT, segments, 0);
  if (!node) return undefined;
  for (const route of node.routes) {
    if (route.spec.method !== method) continue;
    if (!route.requiredQuery.every(([k, v]) => query.get(k) === v)) continue;
    const labels: Record<string, string> = {};
    route.labelNames.forEach((name, i) => { if (name) labels[name] = safeDecode(segments[i]!); });
    return { operation: route.operation, spec: route.spec, labels };
  }
  return undefined;
}
