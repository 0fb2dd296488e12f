/**
 * Constraints where AWS checks (and prints) something newer than botocore's model says, as its recorded
 * answers show. Each entry names the recording in aws-recorded/api-errors.jsonl it was taken from; the
 * tests compare Lambkin's message with that recording, so an entry stays only while it matches AWS.
 */
import { MODEL } from '../model/model.generated.js';
import type { ShapeSpec } from '../model/model-types.js';

type Constraints = Pick<ShapeSpec, 'min' | 'max' | 'pattern'>;

interface Override extends Constraints {
  /** `path` of the recorded error in api-errors.jsonl that shows AWS's current constraints. */
  recorded: string[];
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

/** By model shape name. */
export const CONSTRAINT_OVERRIDES: Readonly<Record<string, Override>> = {
  LayerVersionArn: LAYER_VERSION_ARN,
};

const effective = new Map<string, ShapeSpec>();
for (const [name, { recorded: _recorded, ...constraints }] of Object.entries(CONSTRAINT_OVERRIDES)) {
  effective.set(name, { ...MODEL.shapes[name]!, ...constraints });
}

/** The shape as AWS checks it today: the model's, with any override applied. */
export function checkedShape(name: string): ShapeSpec {
  return effective.get(name) ?? MODEL.shapes[name]!;
}
