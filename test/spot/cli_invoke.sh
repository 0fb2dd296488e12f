#!/bin/sh
# Invoke through the AWS CLI v2: create a Node.js and a Python function, invoke each, print what came back.
# usage: cli_invoke.sh ENDPOINT WORKDIR
set -eu
ENDPOINT=$1
WORK=$2
AWS="/usr/bin/aws --endpoint-url $ENDPOINT --region us-east-1 --output json"
export AWS_ACCESS_KEY_ID=888888888888 AWS_SECRET_ACCESS_KEY=secret AWS_PAGER=""
cd "$WORK"
printf 'exports.handler = async (event) => ({ lang: "node", greeting: "hello " + event.who });\n' > index.js
printf 'def handler(event, context):\n    return {"lang": "python", "greeting": "hi " + event["who"]}\n' > app.py
python3 -c "import zipfile; z = zipfile.ZipFile('node.zip', 'w'); z.write('index.js'); z.close()"
python3 -c "import zipfile; z = zipfile.ZipFile('py.zip', 'w'); z.write('app.py'); z.close()"
ROLE=arn:aws:iam::888888888888:role/r
$AWS lambda create-function --function-name cli-node --runtime nodejs20.x --handler index.handler \
  --role $ROLE --zip-file fileb://node.zip --query State
$AWS lambda create-function --function-name cli-py --runtime python3.12 --handler app.handler \
  --role $ROLE --zip-file fileb://py.zip --query State
$AWS lambda wait function-active-v2 --function-name cli-node
$AWS lambda wait function-active-v2 --function-name cli-py
$AWS lambda invoke --function-name cli-node --cli-binary-format raw-in-base64-out --payload '{"who":"cli"}' node-out.json
cat node-out.json; echo
$AWS lambda invoke --function-name cli-py --cli-binary-format raw-in-base64-out --payload '{"who":"cli"}' \
  --log-type Tail --query 'LogResult' --output text py-out.json | base64 -d | grep -c '^REPORT RequestId: '
cat py-out.json; echo
$AWS lambda invoke --function-name cli-py --payload 'bm90IGpzb24=' bad-out.json 2>&1 || echo "exit $?"
