/** The runtime form of the Lambda API model (see scripts/model-source.ts). */
export type Location = 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';

export interface MemberSpec { shape: string; location?: Location | string; locationName?: string; jsonvalue?: boolean }

export interface ShapeSpec {
  type: string;
  members?: Record<string, MemberSpec>;
  required?: string[];
  payload?: string;
  member?: string; key?: string; value?: string;
  min?: number; max?: number; pattern?: string; enum?: string[];
  status?: number; exception?: boolean; streaming?: boolean; eventstream?: boolean;
}

export interface OperationSpec {
  method: string;
  path: string;
  /** Literal query parameters the route requires, e.g. `find=LayerVersion`. */
  query: Record<string, string>;
  status: number;
  input: string | null;
  output: string | null;
  errors: string[];
}

export interface ModelSpec { operations: Record<string, OperationSpec>; shapes: Record<string, ShapeSpec> }
