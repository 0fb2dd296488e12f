/**
 * AWS prints some enum value sets in its own order (and, for runtimes, not the model's full list) inside
 * validation messages. These orders are taken from recorded real responses; everything else uses the model.
 */
import type { ShapeSpec } from './model-types.js';

/** Runtimes accepted for new functions and layers, in the order AWS prints them. */
export const SUPPORTED_RUNTIMES_DISPLAY = [
  'nodejs20.x', 'python3.14', 'provided.al2023', 'python3.12', 'python3.13', 'nodejs24.x', 'nodejs22.x', 'java25',
  'python3.10', 'python3.11', 'java21', 'ruby3.3', 'ruby3.4', 'ruby3.2', 'python3.8', 'python3.9', 'java17',
  'nodejs16.x', 'dotnet10', 'dotnet8', 'java11', 'dotnet6', 'nodejs18.x', 'provided.al2', 'java8.al2',
];

/** The wider runtime set ListLayers/ListLayerVersions filters accept. */
const LAYER_FILTER_RUNTIMES_DISPLAY = [
  'ruby3.5', 'ruby2.6', 'dotnetcore1.0', 'python3.7', 'nodejs8.10', 'nasa', 'ruby2.7', 'python2.7-greengrass',
  'dotnetcore2.0', 'python3.8', 'java21', 'dotnet6', 'dotnetcore2.1', 'python3.9', 'java11', 'nodejs6.10', 'provided',
  'dotnetcore3.1', 'dotnet8', 'java25', 'java17', 'nodejs', 'nodejs4.3', 'java8.al2', 'go1.x', 'dotnet10', 'nodejs20.x',
  'go1.9', 'byol', 'nodejs10.x', 'provided.al2023', 'nodejs22.x', 'python3.10', 'java8', 'nodejs12.x', 'python3.11',
  'nodejs24.x', 'nodejs8.x', 'python3.12', 'nodejs14.x', 'nodejs8.9', 'nodejs26.x', 'python3.13', 'python3.14',
  'nodejs16.x', 'python3.15', 'provided.al2', 'nodejs4.3-edge', 'nodejs18.x', 'ruby3.2', 'python3.4', 'ruby3.3',
  'ruby3.4', 'ruby2.5', 'python3.6', 'python2.7',
];

const BY_CONTEXT: Record<string, string[]> = {
  'ListLayers.CompatibleRuntime': LAYER_FILTER_RUNTIMES_DISPLAY,
  'ListLayerVersions.CompatibleRuntime': LAYER_FILTER_RUNTIMES_DISPLAY,
  'PublishLayerVersion.CompatibleRuntimes': SUPPORTED_RUNTIMES_DISPLAY,
};

const BY_ENUM_START: Record<string, string[]> = {
  // StartingPosition, as AWS prints it
  'TRIM_HORIZON,LATEST,AT_TIMESTAMP': ['LATEST', 'AT_TIMESTAMP', 'TRIM_HORIZON'],
  // InvokeMode (function URL configs), as AWS prints it
  'BUFFERED,RESPONSE_STREAM': ['RESPONSE_STREAM', 'BUFFERED'],
};

/** The values a context accepts, in AWS's printed order. `context` is `Operation.Member.Member...`. */
export function enumDisplay(context: string, shape: ShapeSpec): string[] {
  const byContext = BY_CONTEXT[context];
  if (byContext) return byContext;
  const values = shape.enum ?? [];
  return BY_ENUM_START[values.join(',')] ?? values;
}
