# An IAM token in IAM_TOKEN (AK/SK requests need signing: use the client).
curl -X POST "https://dcs.cn-north-4.myhuaweicloud.com/v2/${DCS_PROJECT_ID}/migration/instance" \
  -H "X-Auth-Token: ${IAM_TOKEN}" \
  -H "Content-Type: application/json" \
  -d '{
  "name": "dcs-migration-thrc",
  "description": "Move the session cache",
  "vpc_id": "5e37b3be-950a-48e1-b498-65b63d336481",
  "subnet_id": "40f15ed6-7f85-49d5-ba0e-65b940d4812c",
  "security_group_id": "9df96622-24b7-4813-84b8-ab74552a21d7"
}'
