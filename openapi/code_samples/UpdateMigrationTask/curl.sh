# An IAM token in IAM_TOKEN (AK/SK requests need signing: use the client).
curl -X PUT "https://dcs.cn-north-4.myhuaweicloud.com/v2/${DCS_PROJECT_ID}/migration-task/90754308-a156-406f-a837-8f852f38a646" \
  -H "X-Auth-Token: ${IAM_TOKEN}" \
  -H "Content-Type: application/json" \
  -d '{
  "resume_mode": "auto"
}'
