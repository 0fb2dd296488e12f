"""One function's life through boto3: create, update, list, tag, delete. Prints one JSON line of facts."""
import io, json, sys, zipfile
import boto3
from botocore.config import Config

endpoint = sys.argv[1]
client = boto3.client('lambda', endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='666666666666',
                      aws_secret_access_key='secret', config=Config(retries={'max_attempts': 1}))
buf = io.BytesIO()
with zipfile.ZipFile(buf, 'w') as z:
    z.writestr('index.py', 'def handler(event, context):\n    return event\n')
created = client.create_function(FunctionName='spot', Runtime='python3.12', Handler='index.handler',
                                 Role='arn:aws:iam::666666666666:role/r', Code={'ZipFile': buf.getvalue()})
client.get_waiter('function_active_v2').wait(FunctionName='spot', WaiterConfig={'Delay': 1})
updated = client.update_function_configuration(FunctionName='spot', MemorySize=256)
client.get_waiter('function_updated_v2').wait(FunctionName='spot', WaiterConfig={'Delay': 1})
client.tag_resource(Resource=created['FunctionArn'], Tags={'team': 'spot'})
listed = client.list_functions()['Functions']
tags = client.list_tags(Resource=created['FunctionArn'])['Tags']
deleted = client.delete_function(FunctionName='spot')['ResponseMetadata']['HTTPStatusCode']
try:
    client.get_function(FunctionName='spot')
    missing = None
except client.exceptions.ResourceNotFoundException as e:
    missing = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['Type']]
print(json.dumps({
    'state': created['State'], 'arn': created['FunctionArn'], 'memory': updated['MemorySize'],
    'status': updated['LastUpdateStatus'], 'listed': [f['FunctionName'] for f in listed], 'tags': tags,
    'deleted': deleted, 'missing': missing,
}))
