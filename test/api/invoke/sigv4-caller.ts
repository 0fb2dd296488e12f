/**
 * A Python handler that invokes `event.target` through Lambkin at AWS_ENDPOINT_URL_LAMBDA, signing with SigV4
 * in plain standard-library Python with the credentials and AWS_REGION its function was given.
 * `event.secret_suffix` spoils the secret, for a signature that must be refused.
 */
export const CALLER = `import datetime, hashlib, hmac, json, os, urllib.error, urllib.parse, urllib.request

def _hmac(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()

def invoke(name, payload, secret_suffix=''):
    endpoint = urllib.parse.urlsplit(os.environ['AWS_ENDPOINT_URL_LAMBDA'])
    region = os.environ['AWS_REGION']
    key_id, secret = os.environ['AWS_ACCESS_KEY_ID'], os.environ['AWS_SECRET_ACCESS_KEY'] + secret_suffix
    token = os.environ['AWS_SESSION_TOKEN']
    body = json.dumps(payload).encode()
    path = '/2015-03-31/functions/%s/invocations' % name
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date, day = now.strftime('%Y%m%dT%H%M%SZ'), now.strftime('%Y%m%d')
    headers = {'host': endpoint.netloc, 'x-amz-date': amz_date, 'x-amz-security-token': token,
               'x-amz-content-sha256': hashlib.sha256(body).hexdigest()}
    signed = ';'.join(sorted(headers))
    canonical = '\\n'.join(['POST', path, '', ''.join('%s:%s\\n' % (k, headers[k]) for k in sorted(headers)),
                            signed, headers['x-amz-content-sha256']])
    scope = '%s/%s/lambda/aws4_request' % (day, region)
    to_sign = '\\n'.join(['AWS4-HMAC-SHA256', amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(_hmac(_hmac(_hmac(('AWS4' + secret).encode(), day), region), 'lambda'), 'aws4_request')
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers['authorization'] = 'AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s' % (key_id, scope, signed, signature)
    request = urllib.request.Request(endpoint.geturl() + path, data=body, headers=headers, method='POST')
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return {'status': response.status, 'executed': response.headers['X-Amz-Executed-Version'],
                    'body': json.loads(response.read())}
    except urllib.error.HTTPError as err:
        return {'status': err.code, 'error': err.headers['x-amzn-ErrorType'], 'body': json.loads(err.read())}

def handler(event, context):
    return invoke(event['target'], {'from': context.function_name}, event.get('secret_suffix', ''))
`;
