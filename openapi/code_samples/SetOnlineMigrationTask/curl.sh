# An IAM token in IAM_TOKEN (AK/SK requests need signing: use the client).
curl -X POST "https://dcs.cn-north-4.myhuaweicloud.com/v2/${DCS_PROJECT_ID}/migration/90754308-a156-406f-a837-8f852f38a646/task" \
  -H "X-Auth-Token: ${IAM_TOKEN}" \
  -H "Content-Type: application/json" \
  -d '{
  "migration_method": "incremental_migration",
  "resume_mode": "auto",
  "bandwidth_limit_mb": "100",
  "source_instance": {
    "addrs": "192.168.1.1:6379",
    "password": "<source Redis password>"
  },
  "target_instance": {
    "id": "cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd",
    "password": "<target Redis password>"
  }
}'
