/**
 * Constraints where AWS checks (and prints) something the model does not say, as its answers show. Each
 * entry names its evidence: a recording in aws-recorded/api-errors.jsonl or, where the recordings have
 * none, AWS's answer as published. The tests compare Lambkin's message with that evidence word for word,
 * so an entry stays only while it matches AWS.
 */
import { MODEL } from '../model/model.generated.js';
import type { ShapeSpec } from '../model/model-types.js';

type Constraints = Pick<ShapeSpec, 'min' | 'max' | 'pattern'>;

interface Override extends Constraints {
  /** `path` of the recorded errors in api-errors.jsonl that show AWS's current constraints. */
  recorded?: string[];
  /** AWS's own answers, word for word, where no recording shows the constraint. */
  observed?: Array<{ operation: string; message: string; source: string }>;
}

/** Layer version ARNs: AWS allows 2048 characters and knows eusc- regions and AWS-managed layers. */
const LAYER_VERSION_ARN: Override = {
  recorded: [
    'TestLambdaLayer::test_layer_function_exceptions/add_layer_arn_without_version_exc',
    'TestLambdaLayer::test_layer_exceptions/get_layer_version_by_arn_exc_invalidarn',
  ],
  max: 2048,
  pattern: '(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)',
};

/** Timeout: the model states only its minimum; AWS stops at 900 seconds (15 minutes). */
const TIMEOUT: Override = {
  observed: [{
    operation: 'CreateFunction',
    message: "1 validation error detected: Value '300000' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900",
    source: 'boto3 ValidationException from CreateFunction, quoted in a public deployment log',
  }],
  max: 900,
};

/**
 * MemorySize: the model allows 32768 MB for Lambda Managed Instances (capacity providers, which Lambkin
 * does not run); a function's own memory stops at 10240 MB.
 */
const MEMORY_SIZE: Override = {
  observed: [{
    operation: 'CreateFunction',
    message: "1 validation error detected: Value '5555555' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240",
    source: 'a Lambda 400 relayed by CloudFormation ("Service: Lambda, Status Code: 400"), quoted in a public project',
  }],
  max: 10240,
};

/** By model shape name. */
export const CONSTRAINT_OVERRIDES: Readonly<Record<string, Override>> = {
  LayerVersionArn: LAYER_VERSION_ARN,
  Timeout: TIMEOUT,
  MemorySize: MEMORY_SIZE,
};

const effective = new Map<string, ShapeSpec>();
for (const [name, { recorded: _recorded, observed: _observed, ...constraints }] of Object.entries(CONSTRAINT_OVERRIDES)) {
  effective.set(name, { ...MODEL.shapes[name]!, ...constraints });
}

/** The shape as AWS checks it today: the model's, with any override applied. */
export function checkedShape(name: string): ShapeSpec {
  return effective.get(name) ?? MODEL.shapes[name]!;
}
