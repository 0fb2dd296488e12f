"""A test suite's day spread over many regions, through boto3 against one endpoint.

Each region gets the same resources under the same names (function, version, alias, layer, policy,
concurrency, tags, event invoke config), made and read the way suites do it, plus presigned URLs.
Every failed call is recorded (operation, code); the caller asserts there are none, and the facts each
region reported. Prints one JSON line.
Arguments: endpoint access-key-id secret-access-key account-id
"""
import io, json, sys, urllib.error, urllib.request, zipfile
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, key_id, secret, account = sys.argv[1:5]
REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2',
           'ap-northeast-1', 'sa-east-1', 'ca-central-1']
failures = []


def client_for(region):
    return boto3.client('lambda', endpoint_url=endpoint, region_name=region, aws_access_key_id=key_id,
                        aws_secret_access_key=secret, config=Config(retries={'max_attempts': 1}))


def call(region, client, operation, **params):
    try:
        return getattr(client, operation)(**params)
    except ClientError as e:
        failures.append([region, operation, e.response['Error']['Code'], e.response['Error']['Message'][:200]])
        return None


def package(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w') as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


HANDLER = ('import os\n'
           'def handler(event, context):\n'
           '    return {"region": os.environ["AWS_REGION"], "arn": context.invoked_function_arn,\n'
           '            "group": context.log_group_name, "tag": "%s", "event": event}\n')

facts = {}
for region in REGIONS:
    lam = client_for(region)
    role = 'arn:aws:iam::%s:role/suite' % account
    layer = call(region, lam, 'publish_layer_version', LayerName='suite-layer',
                 Content={'ZipFile': package({'python/suite_layer.py': 'WHERE = %r\n' % region})},
                 CompatibleRuntimes=['python3.12'])
    created = call(region, lam, 'create_function', FunctionName='suite-fn', Runtime='python3.12',
                   Handler='index.handler', Role=role, Code={'ZipFile': package({'index.py': HANDLER % region})},
                   Layers=[layer['LayerVersionArn']] if layer else [], Environment={'Variables': {'STAGE': 'one'}})
    lam.get_waiter('function_active_v2').wait(FunctionName='suite-fn', WaiterConfig={'Delay': 1, 'MaxAttempts': 60})
    call(region, lam, 'update_function_configuration', FunctionName='suite-fn', MemorySize=256,
         Environment={'Variables': {'STAGE': 'two'}})
    lam.get_waiter('function_updated_v2').wait(FunctionName='suite-fn', WaiterConfig={'Delay': 1, 'MaxAttempts': 60})
    config = call(region, lam, 'get_function_configuration', FunctionName='suite-fn') or {}
    call(region, lam, 'get_function', FunctionName=created['FunctionArn'] if created else 'suite-fn')
    version = call(region, lam, 'publish_version', FunctionName='suite-fn') or {}
    alias = call(region, lam, 'create_alias', FunctionName='suite-fn', Name='live', FunctionVersion=version.get('Version', '1')) or {}
    call(region, lam, 'get_alias', FunctionName='suite-fn', Name='live')
    call(region, lam, 'put_function_concurrency', FunctionName='suite-fn', ReservedConcurrentExecutions=5)
    concurrency = call(region, lam, 'get_function_concurrency', FunctionName='suite-fn') or {}
    call(region, lam, 'add_permission', FunctionName='suite-fn', StatementId='s3', Action='lambda:InvokeFunction',
         Principal='s3.amazonaws.com')
    policy = json.loads((call(region, lam, 'get_policy', FunctionName='suite-fn') or {}).get('Policy', '{}'))
    if created:
        call(region, lam, 'tag_resource', Resource=created['FunctionArn'], Tags={'region': region})
    tags = (call(region, lam, 'list_tags', Resource=created['FunctionArn']) or {}).get('Tags') if created else None
    call(region, lam, 'put_function_event_invoke_config', FunctionName='suite-fn', MaximumRetryAttempts=0)
    eic = (call(region, lam, 'list_function_event_invoke_configs', FunctionName='suite-fn') or {}).get('FunctionEventInvokeConfigs', [])
    invoked = call(region, lam, 'invoke', FunctionName='suite-fn:live', Payload=json.dumps({'from': region}))
    result = json.loads(invoked['Payload'].read()) if invoked else None
    event = call(region, lam, 'invoke', FunctionName='suite-fn', InvocationType='Event', Payload=b'{}') or {}
    settings = (call(region, lam, 'get_account_settings') or {}).get('AccountUsage', {})
    listed = [f['FunctionArn'] for f in (call(region, lam, 'list_functions') or {}).get('Functions', [])]
    layers = [l['LatestMatchingVersion']['LayerVersionArn'] for l in (call(region, lam, 'list_layers') or {}).get('Layers', [])]
    versions = [v['Version'] for v in (call(region, lam, 'list_versions_by_function', FunctionName='suite-fn') or {}).get('Versions', [])]

    # A presigned GET (query-string SigV4 with X-Amz-Credential), as some suites and tools send.
    url = lam.generate_presigned_url('get_function_configuration', Params={'FunctionName': 'suite-fn'}, ExpiresIn=300)
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            presigned = json.loads(response.read())['FunctionArn']
    except urllib.error.HTTPError as e:
        presigned = None
        failures.append([region, 'presigned get_function_configuration', e.headers.get('x-amzn-ErrorType'), e.read()[:200].decode()])

    facts[region] = {
        'arn': created and created['FunctionArn'], 'memory': config.get('MemorySize'),
        'stage': config.get('Environment', {}).get('Variables', {}).get('STAGE'),
        'layers': [l['Arn'] for l in config.get('Layers', [])], 'version': version.get('Version'),
        'alias': alias.get('AliasArn'), 'reserved': concurrency.get('ReservedConcurrentExecutions'),
        'policy_resource': [s['Resource'] for s in policy.get('Statement', [])], 'tags': tags,
        'eic': [c['FunctionArn'] for c in eic], 'result': result, 'event_status': event.get('StatusCode'),
        'function_count': settings.get('FunctionCount'), 'listed': listed, 'listed_layers': layers,
        'versions': versions, 'presigned': presigned,
    }

# Reaching into another region by ARN gets AWS's answer, not a signature refusal.
try:
    client_for('eu-west-1').get_function(FunctionName='arn:aws:lambda:us-west-2:%s:function:suite-fn' % account)
    cross = None
except ClientError as e:
    cross = [e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Code'], e.response['Error']['Message']]

# Cleanup as suites do in their fixtures, region by region.
for region in REGIONS:
    lam = client_for(region)
    call(region, lam, 'delete_alias', FunctionName='suite-fn', Name='live')
    call(region, lam, 'delete_function', FunctionName='suite-fn')
    call(region, lam, 'delete_layer_version', LayerName='suite-layer', VersionNumber=1)
remaining = {region: len(client_for(region).list_functions()['Functions']) for region in REGIONS}

print(json.dumps({'facts': facts, 'failures': failures, 'cross': cross, 'remaining': remaining}))
