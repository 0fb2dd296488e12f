"""Durable execution operations through boto3: get, list, history and stop, printed as JSON for the test to compare."""
import json
import sys

import boto3

endpoint, function_name, succeeded_arn, running_arn = sys.argv[1:5]
lam = boto3.client('lambda', endpoint_url=endpoint, region_name='us-east-1')


def error_of(call):
    try:
        call()
    except lam.exceptions.ClientError as e:
        return [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
    return None


got = lam.get_durable_execution(DurableExecutionArn=succeeded_arn)
listed = lam.list_durable_executions_by_function(FunctionName=function_name, Statuses=['SUCCEEDED'])
history = lam.get_durable_execution_history(DurableExecutionArn=succeeded_arn, MaxItems=3)
rest = lam.get_durable_execution_history(DurableExecutionArn=succeeded_arn, Marker=history['NextMarker'])
stopped = lam.stop_durable_execution(DurableExecutionArn=running_arn, Error={'ErrorType': 'Stopped', 'ErrorMessage': 'by boto3'})
after_stop = lam.get_durable_execution(DurableExecutionArn=running_arn)
missing = succeeded_arn.rsplit('/', 1)[0] + '/00000000-0000-0000-0000-000000000000'

print(json.dumps({
    'get': {k: got[k] for k in ('DurableExecutionArn', 'DurableExecutionName', 'FunctionArn', 'Status', 'InputPayload', 'Result', 'Version')},
    # This botocore's model has no DurableConfig in the answer, so it drops the member.
    'members': sorted(got.keys()),
    'times': [got['StartTimestamp'].tzinfo is not None, got['EndTimestamp'] >= got['StartTimestamp']],
    'listed': [[e['DurableExecutionArn'], e['Status']] for e in listed['DurableExecutions']],
    'history': [[e['EventId'], e['EventType'], e.get('Name')] for e in history['Events'] + rest['Events']],
    'paged': [len(history['Events']), 'NextMarker' in rest],
    'started': history['Events'][0]['ExecutionStartedDetails'],
    'stopped': [stopped['StopTimestamp'] == after_stop['EndTimestamp'], after_stop['Status'], after_stop['Error']],
    'missing': error_of(lambda: lam.get_durable_execution(DurableExecutionArn=missing)),
    'two_statuses': error_of(lambda: lam.list_durable_executions_by_function(FunctionName=function_name, Statuses=['SUCCEEDED', 'FAILED'])),
}))
