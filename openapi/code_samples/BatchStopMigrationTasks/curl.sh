# An IAM token in IAM_TOKEN (AK/SK requests need signing: use the client).
curl -X POST "https://dcs.cn-north-4.myhuaweicloud.com/v2/${DCS_PROJECT_ID}/migration-task/batch-stop" \
  -H "X-Auth-Token: ${IAM_TOKEN}" \
  -H "Content-Type: application/json" \
  -d '{
  "migration_tasks": [
    "b21989ec-2889-4b8e-99db-19c073425ec2",
    "5130d57f-640a-435b-bc3a-0fb1860a5340"
  ]
}'
