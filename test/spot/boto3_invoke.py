"""Invoke through boto3: a Node.js and a Python function, results, errors, log tail. Prints one JSON line of facts."""
import base64, io, json, sys, zipfile
import boto3
from botocore.config import Config

endpoint = sys.argv[1]
client = boto3.client('lambda', endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='777777777777',
                      aws_secret_access_key='secret', config=Config(retries={'max_attempts': 1}))


def package(name, text):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w') as z:
        z.writestr(name, text)
    return buf.getvalue()


NODE = 'exports.handler = async (event, context) => { if (event.fail) throw new Error("asked to fail"); ' \
       'return { lang: "node", doubled: event.n * 2, name: context.functionName }; };\n'
PYTHON = 'def handler(event, context):\n    print("python saw", event["n"])\n' \
         '    return {"lang": "python", "squared": event["n"] ** 2, "name": context.function_name}\n'

for name, runtime, handler, code in [('spot-node', 'nodejs20.x', 'index.handler', package('index.js', NODE)),
                                     ('spot-py', 'python3.12', 'app.handler', package('app.py', PYTHON))]:
    client.create_function(FunctionName=name, Runtime=runtime, Handler=handler,
                           Role='arn:aws:iam::777777777777:role/r', Code={'ZipFile': code})
    client.get_waiter('function_active_v2').wait(FunctionName=name, WaiterConfig={'Delay': 1})


def call(name, event, **extra):
    out = client.invoke(FunctionName=name, Payload=json.dumps(event), **extra)
    fact = {'status': out['StatusCode'], 'version': out.get('ExecutedVersion'), 'error': out.get('FunctionError'),
            'payload': json.loads(out['Payload'].read() or 'null')}
    if 'LogResult' in out:
        log = base64.b64decode(out['LogResult']).decode()
        fact['log'] = [line.split(' ')[0] if line.startswith(('START ', 'END ', 'REPORT ')) else line
                       for line in log.splitlines()]
    return fact


node = call('spot-node', {'n': 21})
failed = call('spot-node', {'fail': True})
python = call('spot-py', {'n': 12}, LogType='Tail')
event = client.invoke(FunctionName='spot-py', InvocationType='Event', Payload=b'{"n": 1}')['StatusCode']
try:
    client.invoke(FunctionName='spot-missing')
    missing = None
except client.exceptions.ResourceNotFoundException as e:
    missing = [e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message']]
print(json.dumps({
    'node': node, 'failed': [failed['status'], failed['error'], failed['payload']['errorType'], failed['payload']['errorMessage']],
    'python': python, 'event': event, 'missing': missing,
}))
