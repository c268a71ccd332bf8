# An IAM token in IAM_TOKEN (AK/SK requests need signing: use the client).
curl -X POST "https://dcs.cn-north-4.myhuaweicloud.com/v2/${DCS_PROJECT_ID}/migration-task/90754308-a156-406f-a837-8f852f38a646/exchange-ip" \
  -H "X-Auth-Token: ${IAM_TOKEN}" \
  -H "Content-Type: application/json" \
  -d '{
  "exchanged_ip": [
    "192.168.0.153"
  ],
  "is_exchange_domain": false
}'
