"""An event source mapping's life through boto3: create, get, update, list, tag, delete. Prints one JSON line of facts."""
import json, sys, time
import boto3
from botocore.config import Config

endpoint, function_name, queue_arn = sys.argv[1:4]
client = boto3.client('lambda', endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='000000000000',
                      aws_secret_access_key='secret', config=Config(retries={'max_attempts': 1}))
created = client.create_event_source_mapping(FunctionName=function_name, EventSourceArn=queue_arn, BatchSize=5,
                                             Tags={'team': 'spot'})
uuid = created['UUID']
deadline = time.time() + 30
got = client.get_event_source_mapping(UUID=uuid)
while got['State'] != 'Enabled' and time.time() < deadline:
    time.sleep(0.05)
    got = client.get_event_source_mapping(UUID=uuid)
updated = client.update_event_source_mapping(UUID=uuid, Enabled=False)
listed = client.list_event_source_mappings(EventSourceArn=queue_arn)['EventSourceMappings']
tags = client.list_tags(Resource=created['EventSourceMappingArn'])['Tags']
deleted = client.delete_event_source_mapping(UUID=uuid)
try:
    client.get_event_source_mapping(UUID='00000000-0000-4000-8000-000000000000')
    missing = None
except client.exceptions.ResourceNotFoundException as e:
    missing = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['Type']]
print(json.dumps({
    'created': [created['ResponseMetadata']['HTTPStatusCode'], created['State'], created['StateTransitionReason'], created['BatchSize'],
                created['FunctionResponseTypes'], created['EventSourceMappingArn'] == f'arn:aws:lambda:us-east-1:000000000000:event-source-mapping:{uuid}',
                type(created['LastModified']).__name__],
    'got': got['State'] if got['UUID'] == uuid and got['LastModified'] >= created['LastModified'] else None,
    'updated': [updated['ResponseMetadata']['HTTPStatusCode'], updated['State']],
    'listed': [m['UUID'] == uuid for m in listed], 'tags': tags,
    'deleted': [deleted['ResponseMetadata']['HTTPStatusCode'], deleted['State']], 'missing': missing,
}))
