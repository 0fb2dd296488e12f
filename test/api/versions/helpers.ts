/** Shared pieces of the version and alias tests: a server, functions with distinct states, waiting for settle. */
import {
  GetFunctionConfigurationCommand, UpdateFunctionConfigurationCommand, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { until } from '../../support/timing.js';

/** Waits until $LATEST (or a qualifier) reports a finished update, as the CLI waiters do. */
export async function settled(client: LambdaClient, FunctionName: string, Qualifier?: string): Promise<void> {
  await until(`${FunctionName} settled`, async () => {
    const c = await client.send(new GetFunctionConfigurationCommand({ FunctionName, ...(Qualifier ? { Qualifier } : {}) }));
    return c.State === 'Active' && c.LastUpdateStatus === 'Successful';
  });
}

/** Changes $LATEST (so the next publish makes a new version) and waits for the update to finish. */
export async function redescribeLatest(client: LambdaClient, FunctionName: string, Description: string): Promise<void> {
  await client.send(new UpdateFunctionConfigurationCommand({ FunctionName, Description }));
  await settled(client, FunctionName);
}
