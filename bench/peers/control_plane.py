"""GetFunction/s and CreateFunction/s through boto3 against two endpoints, interleaved in rounds.

Usage: control_plane.py NAME=URL NAME=URL ...; prints one JSON object {name: {get: per_s, create: per_s}}.
The same client code and the same zip for every endpoint; a role is created first where IAM answers
(moto checks that a function's role exists).
"""
import io, json, sys, time, zipfile

import boto3
from botocore.config import Config

ROUNDS = 3
SECONDS = 0.7
CODE = io.BytesIO()
with zipfile.ZipFile(CODE, 'w') as z:
    z.writestr('index.js', 'exports.handler = async (event) => event;\n')
CODE = CODE.getvalue()


def client(service, url):
    return boto3.client(service, endpoint_url=url, region_name='us-east-1', aws_access_key_id='AKIDBENCH',
                        aws_secret_access_key='bench-secret', config=Config(retries={'max_attempts': 1}))


def role(url):
    try:
        return client('iam', url).create_role(RoleName='bench', AssumeRolePolicyDocument='{}')['Role']['Arn']
    except Exception:
        return 'arn:aws:iam::123456789012:role/bench'


def rate(op):
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < SECONDS:
        op(done)
        done += 1
    return done, time.perf_counter() - start


def main():
    targets = [arg.split('=', 1) for arg in sys.argv[1:]]
    state = {}
    for name, url in targets:
        lam, arn = client('lambda', url), role(url)
        lam.create_function(FunctionName='cp-get', Runtime='nodejs20.x', Handler='index.handler', Role=arn, Code={'ZipFile': CODE})
        state[name] = (lam, arn, {'get': [0, 0.0], 'create': [0, 0.0]})
    for rnd in range(ROUNDS):
        for op in ('get', 'create'):
            for name, _ in targets:
                lam, arn, totals = state[name]
                if op == 'get':
                    call = lambda i: lam.get_function(FunctionName='cp-get')
                else:
                    call = lambda i: lam.create_function(FunctionName='cp-%d-%d' % (rnd, i), Runtime='nodejs20.x',
                                                         Handler='index.handler', Role=arn, Code={'ZipFile': CODE})
                call(-1) if op == 'get' else None
                n, secs = rate(call)
                totals[op][0] += n
                totals[op][1] += secs
    print(json.dumps({name: {op: t[0] / t[1] for op, t in totals.items()} for name, (_, _, totals) in state.items()}))


main()
